// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IFilterLists} from "../../contracts/interfaces/IFilterLists.sol";
import {FilterLists} from "../../contracts/FilterLists.sol";

/// @dev Deterministic calls whose gas is committed in `.gas-snapshot` and checked in CI (`npm test`): a report, a
/// list entry added by its maintainer, and a report accepted into an entry, each with warm counters as on a live chain
/// and a reason of a typical sentence.
contract FilterListsGasTest is Test {
    FilterLists internal lists;
    uint256 internal listId;
    uint256 internal reportId;

    IFilterLists.FilterTargetKind internal constant VIDEO = IFilterLists.FilterTargetKind.Video;
    string internal constant REASON = "Shows the ending of the season finale in the first minute.";

    function setUp() public {
        lists = new FilterLists();
        listId = lists.createList("No spoilers", "Videos that give away endings.");
        lists.addEntry(listId, VIDEO, bytes32(uint256(1)), REASON); // warm the list's entry count
        vm.prank(address(0xB0B));
        reportId = lists.report(listId, VIDEO, bytes32(uint256(2)), REASON); // warm the report counter
    }

    function test_Gas_Report() public {
        lists.report(listId, VIDEO, bytes32(uint256(3)), REASON);
    }

    function test_Gas_AddEntry() public {
        lists.addEntry(listId, VIDEO, bytes32(uint256(3)), REASON);
    }

    function test_Gas_ResolveReportAccepted() public {
        lists.resolveReport(reportId, true, REASON);
    }
}

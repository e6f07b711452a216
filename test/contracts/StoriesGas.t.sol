// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {Stories} from "../../contracts/Stories.sol";

/// @dev Deterministic calls whose gas is committed in `.gas-snapshot` and checked in CI (`npm test`).
contract StoriesGasTest is Test {
    Stories internal stories;
    bytes internal constant CID = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    function setUp() public {
        stories = new Stories();
        stories.post(CID, "Backstage before the show", 0); // warm the counter slot, as on a live chain
    }

    function test_Gas_PostStory() public {
        stories.post(CID, "Backstage before the show", 0);
    }
}

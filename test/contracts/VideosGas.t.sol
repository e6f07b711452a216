// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {Videos} from "../../contracts/Videos.sol";

/// @dev Deterministic calls whose gas is committed in `.gas-snapshot` and checked in CI (`npm test`).
contract VideosGasTest is Test {
    Videos internal videos;
    bytes internal constant CID = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    function setUp() public {
        videos = new Videos();
        videos.publish(CID); // warm the counter slot, as on a live chain
    }

    function test_Gas_Publish() public {
        videos.publish(CID);
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {Playlists} from "../../contracts/Playlists.sol";

/// @dev Deterministic calls whose gas is committed in `.gas-snapshot` and checked in CI (`npm test`).
contract PlaylistsGasTest is Test {
    Playlists internal playlists;
    bytes internal constant CID = hex"01551220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
    bytes internal constant CID2 = hex"015512201111111111111111111111111111111111111111111111111111111111111111";

    function setUp() public {
        playlists = new Playlists();
        playlists.create(CID); // warm the counter slot, as on a live chain
    }

    function test_Gas_CreatePlaylist() public {
        playlists.create(CID);
    }

    function test_Gas_UpdatePlaylist() public {
        playlists.update(1, CID2);
    }

    function test_Gas_RemovePlaylist() public {
        playlists.remove(1);
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IPlaylists} from "../../contracts/interfaces/IPlaylists.sol";
import {Playlists} from "../../contracts/Playlists.sol";

contract PlaylistsTest is Test {
    Playlists internal playlists;

    address internal constant OWNER = address(0xA11CE);
    address internal constant OTHER = address(0xB0B);
    bytes internal constant DOC = hex"01551220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
    bytes internal constant DOC2 = hex"017012201111111111111111111111111111111111111111111111111111111111111111";

    function setUp() public {
        playlists = new Playlists();
        vm.warp(1_800_000_000);
    }

    function _create() internal returns (uint256) {
        vm.prank(OWNER);
        return playlists.create(DOC);
    }

    function _wellFormed(bytes calldata cid) external pure returns (bool) {
        return cid.length == 36 && cid[0] == 0x01 && (cid[1] == 0x55 || cid[1] == 0x70) && cid[2] == 0x12
            && cid[3] == 0x20;
    }

    function test_Create_RecordsOwnerAndCid() public {
        uint40 now_ = uint40(block.timestamp);
        vm.expectEmit(true, true, false, true, address(playlists));
        emit IPlaylists.PlaylistCreated(1, OWNER, DOC, now_);
        assertEq(_create(), 1, "first id is 1");
        IPlaylists.PlaylistView memory p = playlists.playlist(1);
        assertEq(p.owner, OWNER);
        assertEq(p.createdAt, now_);
        assertEq(p.updatedAt, now_);
        assertFalse(p.removed);
        assertEq(playlists.cidOf(1), DOC);
        assertEq(playlists.playlistCount(), 1);
    }

    function testFuzz_RejectsEveryMalformedCid(bytes calldata cid) public {
        vm.assume(!this._wellFormed(cid));
        vm.expectRevert(abi.encodeWithSelector(IPlaylists.PlaylistsMalformedCid.selector, cid));
        playlists.create(cid);
    }

    function test_Update_ByTheOwner() public {
        uint256 id = _create();
        vm.warp(block.timestamp + 1 days);
        vm.expectEmit(true, true, false, true, address(playlists));
        emit IPlaylists.PlaylistUpdated(id, OWNER, DOC2, uint40(block.timestamp));
        vm.prank(OWNER);
        playlists.update(id, DOC2);
        assertEq(playlists.cidOf(id), DOC2, "the new document");
        assertEq(playlists.playlist(id).updatedAt, block.timestamp);
        assertEq(playlists.playlist(id).createdAt, block.timestamp - 1 days, "creation time kept");
    }

    function test_Update_RevertWhen_CallerNotOwner() public {
        uint256 id = _create();
        vm.expectRevert(abi.encodeWithSelector(IPlaylists.PlaylistsNotOwner.selector, id, OTHER));
        vm.prank(OTHER);
        playlists.update(id, DOC2);
        assertEq(playlists.cidOf(id), DOC, "unchanged");
    }

    function test_Update_RevertWhen_CidMalformed() public {
        uint256 id = _create();
        bytes memory bad = hex"0155122000";
        vm.expectRevert(abi.encodeWithSelector(IPlaylists.PlaylistsMalformedCid.selector, bad));
        vm.prank(OWNER);
        playlists.update(id, bad);
    }

    function test_Update_RevertWhen_Removed() public {
        uint256 id = _create();
        vm.prank(OWNER);
        playlists.remove(id);
        vm.expectRevert(abi.encodeWithSelector(IPlaylists.PlaylistsRemoved.selector, id));
        vm.prank(OWNER);
        playlists.update(id, DOC2);
    }

    function test_Remove_ByTheOwner() public {
        uint256 id = _create();
        vm.expectEmit(true, true, false, true, address(playlists));
        emit IPlaylists.PlaylistRemoved(id, OWNER, uint40(block.timestamp));
        vm.prank(OWNER);
        playlists.remove(id);
        assertTrue(playlists.playlist(id).removed);
        assertEq(playlists.cidOf(id), DOC, "the last document stays readable");
    }

    function test_Remove_RevertWhen_CallerNotOwner() public {
        uint256 id = _create();
        vm.expectRevert(abi.encodeWithSelector(IPlaylists.PlaylistsNotOwner.selector, id, OTHER));
        vm.prank(OTHER);
        playlists.remove(id);
        assertFalse(playlists.playlist(id).removed);
    }

    function test_Remove_RevertWhen_AlreadyRemoved() public {
        uint256 id = _create();
        vm.prank(OWNER);
        playlists.remove(id);
        vm.expectRevert(abi.encodeWithSelector(IPlaylists.PlaylistsRemoved.selector, id));
        vm.prank(OWNER);
        playlists.remove(id);
    }

    function test_UnknownPlaylists() public {
        vm.expectRevert(abi.encodeWithSelector(IPlaylists.PlaylistsUnknownPlaylist.selector, 1));
        playlists.playlist(1);
        vm.expectRevert(abi.encodeWithSelector(IPlaylists.PlaylistsUnknownPlaylist.selector, 1));
        playlists.cidOf(1);
        vm.expectRevert(abi.encodeWithSelector(IPlaylists.PlaylistsUnknownPlaylist.selector, 1));
        vm.prank(OWNER);
        playlists.update(1, DOC);
        vm.expectRevert(abi.encodeWithSelector(IPlaylists.PlaylistsUnknownPlaylist.selector, 1));
        vm.prank(OWNER);
        playlists.remove(1);
    }

    function testFuzz_IdsAreConsecutiveAndOwnedByTheirCreator(uint8 count) public {
        for (uint256 i = 1; i <= count; i++) {
            address owner = address(uint160(0x1000 + i));
            vm.prank(owner);
            assertEq(playlists.create(DOC), i, "ids run 1..n");
            assertEq(playlists.playlist(i).owner, owner);
        }
        assertEq(playlists.playlistCount(), count);
    }

    /// The key is the documented hash (the protocol workspace reads it from the generated constants).
    function test_ChannelPlaylistsKey() public view {
        assertEq(playlists.CHANNEL_PLAYLISTS_KEY(), keccak256("chorus.playlists.channel"));
    }
}

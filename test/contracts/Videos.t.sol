// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IVideos} from "../../contracts/interfaces/IVideos.sol";
import {Videos} from "../../contracts/Videos.sol";

contract VideosTest is Test {
    Videos internal videos;

    function setUp() public {
        videos = new Videos();
    }

    function _cid(bytes1 codec, bytes32 digest) internal pure returns (bytes memory) {
        return abi.encodePacked(bytes1(0x01), codec, bytes1(0x12), bytes1(0x20), digest);
    }

    function testFuzz_PublishesEveryWellFormedDirectoryCid(bytes32 digest, address creator) public {
        vm.assume(creator != address(0));
        bytes memory cid = _cid(0x70, digest);
        vm.expectEmit(true, true, false, true, address(videos));
        emit IVideos.VideoPublished(1, creator, cid);
        vm.prank(creator);
        uint256 id = videos.publish(cid);
        assertEq(id, 1, "first id is 1");
        assertEq(videos.creatorOf(id), creator, "creator recorded");
        assertEq(videos.manifestHashOf(id), keccak256(cid), "manifest hash recorded");
    }

    function testFuzz_RejectsEveryOtherShape(bytes calldata cid) public {
        bool wellFormed = cid.length == 36 && cid[0] == 0x01 && (cid[1] == 0x55 || cid[1] == 0x70) && cid[2] == 0x12
            && cid[3] == 0x20;
        vm.assume(!wellFormed);
        if (cid.length == 0) vm.expectRevert(IVideos.VideosEmptyCid.selector);
        else vm.expectRevert(abi.encodeWithSelector(IVideos.VideosMalformedCid.selector, cid));
        videos.publish(cid);
    }

    /// @dev A raw CID names one file; a video is a directory.
    function testFuzz_RejectsEveryFileCid(bytes32 digest) public {
        bytes memory cid = _cid(0x55, digest);
        vm.expectRevert(abi.encodeWithSelector(IVideos.VideosNotADirectory.selector, cid));
        videos.publish(cid);
    }

    function testFuzz_IdsAreConsecutive(uint8 count) public {
        for (uint256 i = 1; i <= count; i++) {
            assertEq(videos.publish(_cid(0x70, bytes32(i))), i, "ids run 1..n");
        }
        assertEq(videos.videoCount(), count, "count equals publications");
    }
}

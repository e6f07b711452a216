// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IStories} from "../../contracts/interfaces/IStories.sol";
import {Stories} from "../../contracts/Stories.sol";

contract StoriesTest is Test {
    Stories internal stories;

    address internal constant CREATOR = address(0xA11CE);
    address internal constant OTHER = address(0xB0B);
    bytes internal constant IMAGE = hex"01551220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
    bytes internal constant VIDEO_DIR = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    function setUp() public {
        stories = new Stories();
        vm.warp(1_800_000_000);
    }

    function _post(uint256 lifetime) internal returns (uint256) {
        vm.prank(CREATOR);
        return stories.post(VIDEO_DIR, "backstage", lifetime);
    }

    function _caption(uint256 length) internal pure returns (string memory) {
        return string(new bytes(length));
    }

    function test_Post_RecordsTheStoryWithTheDefaultLifetime() public {
        uint40 now_ = uint40(block.timestamp);
        vm.expectEmit(true, true, false, true, address(stories));
        emit IStories.StoryPosted(1, CREATOR, VIDEO_DIR, "backstage", now_, now_ + 24 hours);
        assertEq(_post(0), 1, "first id is 1");
        IStories.StoryView memory s = stories.story(1);
        assertEq(s.creator, CREATOR);
        assertEq(s.postedAt, now_);
        assertEq(s.expiresAt, now_ + 24 hours);
        assertFalse(s.deleted);
        assertTrue(stories.isLive(1));
        assertEq(stories.storyCount(), 1);
    }

    function test_Post_AcceptsAnImageAndAnEmptyCaption() public {
        vm.prank(CREATOR);
        uint256 id = stories.post(IMAGE, "", 1 hours);
        assertEq(stories.story(id).expiresAt, block.timestamp + 1 hours);
    }

    /// @dev Expiry is by time alone: live up to the second before `expiresAt`, never after, with no call in between.
    function testFuzz_ExpiresByTimeAlone(uint256 lifetime, uint256 elapsed) public {
        lifetime = bound(lifetime, 1 hours, 7 days);
        elapsed = bound(elapsed, 0, 8 days);
        uint256 id = _post(lifetime);
        vm.warp(block.timestamp + elapsed);
        assertEq(stories.isLive(id), elapsed < lifetime, "live exactly until its expiry");
    }

    function testFuzz_LifetimeBounds(uint256 lifetime) public {
        lifetime = bound(lifetime, 0, 10 days);
        if (lifetime != 0 && (lifetime < 1 hours || lifetime > 7 days)) {
            vm.expectRevert(
                abi.encodeWithSelector(IStories.StoriesLifetimeOutOfRange.selector, lifetime, 1 hours, 7 days)
            );
        }
        _post(lifetime);
    }

    function test_LifetimeBounds_Edges() public {
        assertEq(stories.story(_post(1 hours)).expiresAt, block.timestamp + 1 hours);
        assertEq(stories.story(_post(7 days)).expiresAt, block.timestamp + 7 days);
        vm.expectRevert(abi.encodeWithSelector(IStories.StoriesLifetimeOutOfRange.selector, 1 hours - 1, 1 hours, 7 days));
        _post(1 hours - 1);
        vm.expectRevert(abi.encodeWithSelector(IStories.StoriesLifetimeOutOfRange.selector, 7 days + 1, 1 hours, 7 days));
        _post(7 days + 1);
    }

    function testFuzz_CaptionLimit(uint16 length) public {
        length = uint16(bound(length, 0, 400));
        if (length > 280) {
            vm.expectRevert(abi.encodeWithSelector(IStories.StoriesCaptionTooLong.selector, length, 280));
        }
        stories.post(IMAGE, _caption(length), 0);
    }

    function testFuzz_RejectsEveryMalformedCid(bytes calldata cid) public {
        bool wellFormed = cid.length == 36 && cid[0] == 0x01 && (cid[1] == 0x55 || cid[1] == 0x70) && cid[2] == 0x12
            && cid[3] == 0x20;
        vm.assume(!wellFormed);
        vm.expectRevert(abi.encodeWithSelector(IStories.StoriesMalformedCid.selector, cid));
        stories.post(cid, "", 0);
    }

    function test_Delete_ByTheCreatorWhileLive() public {
        uint256 id = _post(0);
        vm.expectRevert(abi.encodeWithSelector(IStories.StoriesNotCreator.selector, id, OTHER));
        vm.prank(OTHER);
        stories.deleteStory(id);

        vm.warp(block.timestamp + 1 hours);
        vm.expectEmit(true, true, false, true, address(stories));
        emit IStories.StoryDeleted(id, CREATOR, uint40(block.timestamp));
        vm.prank(CREATOR);
        stories.deleteStory(id);
        assertFalse(stories.isLive(id));
        assertTrue(stories.story(id).deleted);
        assertEq(stories.story(id).expiresAt, block.timestamp - 1 hours + 24 hours, "expiry kept in the record");

        vm.expectRevert(abi.encodeWithSelector(IStories.StoriesNotLive.selector, id));
        vm.prank(CREATOR);
        stories.deleteStory(id);
    }

    function test_Delete_RefusedOnceExpired() public {
        uint256 id = _post(1 hours);
        vm.warp(block.timestamp + 1 hours);
        vm.expectRevert(abi.encodeWithSelector(IStories.StoriesNotLive.selector, id));
        vm.prank(CREATOR);
        stories.deleteStory(id);
    }

    function test_UnknownStories() public {
        vm.expectRevert(abi.encodeWithSelector(IStories.StoriesUnknownStory.selector, 1));
        stories.isLive(1);
        vm.expectRevert(abi.encodeWithSelector(IStories.StoriesUnknownStory.selector, 1));
        stories.story(1);
        vm.expectRevert(abi.encodeWithSelector(IStories.StoriesUnknownStory.selector, 1));
        stories.deleteStory(1);
    }

    function testFuzz_IdsAreConsecutive(uint8 count) public {
        for (uint256 i = 1; i <= count; i++) {
            assertEq(_post(0), i, "ids run 1..n");
        }
        assertEq(stories.storyCount(), count);
    }
}

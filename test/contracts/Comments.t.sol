// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {IComments} from "../../contracts/interfaces/IComments.sol";
import {Channels} from "../../contracts/Channels.sol";
import {Comments} from "../../contracts/Comments.sol";
import {Handles} from "../../contracts/Handles.sol";
import {Videos} from "../../contracts/Videos.sol";

/// @dev The real Videos, Channels and Handles behind Comments. Posts: video 1 by CREATOR; release `RELEASE` (proposal
/// 1) submitted by ALICE into a channel of ALICE and BOB that needs one vote; proposal `PENDING` (a video waiting for
/// two votes in a second channel) and proposal `POLICY_CHANGE` (an executed policy amendment) are not posts.
contract CommentsTest is Test {
    Videos internal videos;
    Channels internal channels;
    Handles internal handles;
    Comments internal comments;

    address internal constant CREATOR = address(0xC4EA);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);
    address internal constant VERIFIED = address(0x7E41F1ED);

    uint256 internal constant VIDEO = 1;
    uint256 internal constant CHANNEL = 1;
    uint256 internal constant RELEASE = 1;
    uint256 internal constant PENDING = 2;
    uint256 internal constant POLICY_CHANGE = 3;

    IComments.PostKind internal constant V = IComments.PostKind.Video;
    IComments.PostKind internal constant R = IComments.PostKind.Release;

    bytes internal constant CID = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    function setUp() public {
        videos = new Videos();
        channels = new Channels();
        handles = new Handles();
        comments = new Comments(videos, channels, handles);

        vm.prank(CREATOR);
        assertEq(videos.publish(CID), VIDEO);
        address[] memory founders = new address[](2);
        (founders[0], founders[1]) = (ALICE, BOB);
        assertEq(channels.createChannel(CID, CID, founders, _rules(1)), CHANNEL);
        vm.prank(ALICE);
        assertEq(channels.submitVideo(CHANNEL, CID), RELEASE);
        channels.createChannel(CID, CID, founders, _rules(2));
        vm.prank(ALICE);
        assertEq(channels.submitVideo(2, CID), PENDING);
        vm.prank(ALICE);
        assertEq(channels.proposePolicy(CHANNEL, CID), POLICY_CHANGE);

        vm.deal(VERIFIED, 1 ether);
        vm.prank(VERIFIED);
        handles.claim{value: 0.01 ether}("verified");
    }

    function _rules(uint32 threshold) internal pure returns (IChannels.Rules memory) {
        return IChannels.Rules({
            submitters: IChannels.Submitters.MembersOnly,
            thresholdKind: IChannels.ThresholdKind.Absolute,
            threshold: threshold,
            votingPeriod: 1 days
        });
    }

    function _comment(address who, IComments.PostKind kind, uint256 postId, uint256 parentId, string memory body)
        internal
        returns (uint256)
    {
        vm.prank(who);
        return comments.comment(kind, postId, parentId, body);
    }

    function _setPolicy(address who, IComments.PostKind kind, uint256 postId, IComments.CommentPolicy policy) internal {
        vm.prank(who);
        comments.setCommentPolicy(kind, postId, policy);
    }

    function _refused(IComments.PostKind kind, uint256 postId, IComments.CommentPolicy policy, address who)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IComments.CommentsRefusedByPolicy.selector, kind, postId, policy, who);
    }

    // ─── Posting ─────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Comment_OnAVideoAndAReleaseWithConsecutiveIds() public {
        vm.expectEmit(true, true, true, true, address(comments));
        emit IComments.CommentPosted(1, V, VIDEO, 0, CAROL, "first!");
        assertEq(_comment(CAROL, V, VIDEO, 0, "first!"), 1);
        vm.expectEmit(true, true, true, true, address(comments));
        emit IComments.CommentPosted(2, R, RELEASE, 0, CAROL, unicode"ça marche 👍");
        assertEq(_comment(CAROL, R, RELEASE, 0, unicode"ça marche 👍"), 2);
        assertEq(comments.commentCount(), 2);
        IComments.CommentView memory c = comments.commentOf(2);
        assertEq(c.author, CAROL);
        assertEq(uint8(c.kind), uint8(R));
        assertEq(c.postId, RELEASE);
        assertFalse(c.deleted);
    }

    function test_Reply_ToACommentOnTheSamePost() public {
        uint256 parent = _comment(CAROL, V, VIDEO, 0, "question");
        vm.expectEmit(true, true, true, true, address(comments));
        emit IComments.CommentPosted(2, V, VIDEO, parent, BOB, "answer");
        uint256 reply = _comment(BOB, V, VIDEO, parent, "answer");
        // Replies nest, and a deleted comment can still be answered.
        vm.prank(BOB);
        comments.deleteComment(reply);
        assertEq(_comment(CAROL, V, VIDEO, reply, "to the deleted answer"), 3);
    }

    function test_RevertWhen_ReplyParentUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownComment.selector, 1));
        _comment(CAROL, V, VIDEO, 1, "reply to nothing");
    }

    function test_RevertWhen_ReplyParentOnAnotherPost() public {
        uint256 onRelease = _comment(CAROL, R, RELEASE, 0, "on the release");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsParentOnOtherPost.selector, onRelease, V, VIDEO));
        _comment(CAROL, V, VIDEO, onRelease, "wrong thread");
        // Same id, other kind: video 1 and release 1 are different posts.
        uint256 onVideo = _comment(CAROL, V, VIDEO, 0, "on the video");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsParentOnOtherPost.selector, onVideo, R, RELEASE));
        _comment(CAROL, R, RELEASE, onVideo, "wrong thread");
        // Same kind, other id.
        vm.prank(CREATOR);
        videos.publish(CID);
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsParentOnOtherPost.selector, onVideo, V, 2));
        _comment(CAROL, V, 2, onVideo, "wrong thread");
    }

    function test_RevertWhen_BodyEmptyOrTooLong() public {
        vm.expectRevert(IComments.CommentsEmptyBody.selector);
        _comment(CAROL, V, VIDEO, 0, "");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsBodyTooLong.selector, 2001, 2000));
        _comment(CAROL, V, VIDEO, 0, string(new bytes(2001)));
        assertEq(_comment(CAROL, V, VIDEO, 0, string(new bytes(2000))), 1, "the longest body");
    }

    function testFuzz_BodyLengthIsTheOnlyRule(bytes memory body) public {
        vm.assume(body.length <= 2100);
        if (body.length == 0) vm.expectRevert(IComments.CommentsEmptyBody.selector);
        else if (body.length > 2000) vm.expectRevert(abi.encodeWithSelector(IComments.CommentsBodyTooLong.selector, body.length, 2000));
        else {
            vm.expectEmit(true, true, true, true, address(comments));
            emit IComments.CommentPosted(1, V, VIDEO, 0, CAROL, string(body));
        }
        _comment(CAROL, V, VIDEO, 0, string(body));
    }

    function test_RevertWhen_PostUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownPost.selector, V, 0));
        _comment(CAROL, V, 0, 0, "x");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownPost.selector, V, 2));
        _comment(CAROL, V, 2, 0, "a video not yet published");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownPost.selector, R, 0));
        _comment(CAROL, R, 0, 0, "x");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownPost.selector, R, 99));
        _comment(CAROL, R, 99, 0, "no such proposal");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownPost.selector, R, PENDING));
        _comment(CAROL, R, PENDING, 0, "a submission not released");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownPost.selector, R, POLICY_CHANGE));
        _comment(CAROL, R, POLICY_CHANGE, 0, "not a video");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownPost.selector, V, type(uint256).max));
        _comment(CAROL, V, type(uint256).max, 0, "x");
    }

    function test_Comment_OnceReleasedAfterVotes() public {
        vm.prank(BOB);
        channels.vote(PENDING, true);
        assertEq(_comment(CAROL, R, PENDING, 0, "now released"), 1);
    }

    // ─── Policies ────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Policy_DefaultsToOpen() public view {
        assertEq(uint8(comments.commentPolicy(V, VIDEO)), uint8(IComments.CommentPolicy.Open));
        (bool allowed, IComments.CommentPolicy policy) = comments.canComment(V, VIDEO, CAROL);
        assertTrue(allowed);
        assertEq(uint8(policy), uint8(IComments.CommentPolicy.Open));
    }

    function test_Policy_Off_RefusesEveryoneEvenTheCreator() public {
        vm.expectEmit(true, true, false, true, address(comments));
        emit IComments.CommentPolicySet(V, VIDEO, IComments.CommentPolicy.Off, CREATOR);
        _setPolicy(CREATOR, V, VIDEO, IComments.CommentPolicy.Off);
        vm.expectRevert(_refused(V, VIDEO, IComments.CommentPolicy.Off, CAROL));
        _comment(CAROL, V, VIDEO, 0, "x");
        vm.expectRevert(_refused(V, VIDEO, IComments.CommentPolicy.Off, VERIFIED));
        _comment(VERIFIED, V, VIDEO, 0, "x");
        vm.expectRevert(_refused(V, VIDEO, IComments.CommentPolicy.Off, CREATOR));
        _comment(CREATOR, V, VIDEO, 0, "x");
        (bool allowed,) = comments.canComment(V, VIDEO, CREATOR);
        assertFalse(allowed);
        // Back on.
        _setPolicy(CREATOR, V, VIDEO, IComments.CommentPolicy.Open);
        _comment(CAROL, V, VIDEO, 0, "x");
    }

    function test_Policy_VerifiedOnly() public {
        _setPolicy(CREATOR, V, VIDEO, IComments.CommentPolicy.VerifiedOnly);
        vm.expectRevert(_refused(V, VIDEO, IComments.CommentPolicy.VerifiedOnly, CAROL));
        _comment(CAROL, V, VIDEO, 0, "anonymous");
        uint256 top = _comment(VERIFIED, V, VIDEO, 0, "verified");
        // Replies too.
        vm.expectRevert(_refused(V, VIDEO, IComments.CommentPolicy.VerifiedOnly, CAROL));
        _comment(CAROL, V, VIDEO, top, "anonymous reply");
        (bool allowed, IComments.CommentPolicy policy) = comments.canComment(V, VIDEO, CAROL);
        assertFalse(allowed);
        assertEq(uint8(policy), uint8(IComments.CommentPolicy.VerifiedOnly));
        (allowed,) = comments.canComment(V, VIDEO, VERIFIED);
        assertTrue(allowed);
        // A handle that expired no longer counts.
        vm.warp(block.timestamp + 365 days);
        vm.expectRevert(_refused(V, VIDEO, IComments.CommentPolicy.VerifiedOnly, VERIFIED));
        _comment(VERIFIED, V, VIDEO, 0, "expired handle");
    }

    function test_Policy_MembersOnlyOnARelease() public {
        _setPolicy(ALICE, R, RELEASE, IComments.CommentPolicy.MembersOnly);
        _comment(BOB, R, RELEASE, 0, "member");
        vm.expectRevert(_refused(R, RELEASE, IComments.CommentPolicy.MembersOnly, VERIFIED));
        _comment(VERIFIED, R, RELEASE, 0, "verified but not a member");
        (bool allowed,) = comments.canComment(R, RELEASE, CAROL);
        assertFalse(allowed);
        (allowed,) = comments.canComment(R, RELEASE, BOB);
        assertTrue(allowed);
    }

    function test_Policy_VerifiedOnlyOnARelease() public {
        _setPolicy(ALICE, R, RELEASE, IComments.CommentPolicy.VerifiedOnly);
        vm.expectRevert(_refused(R, RELEASE, IComments.CommentPolicy.VerifiedOnly, BOB));
        _comment(BOB, R, RELEASE, 0, "member but not verified");
        _comment(VERIFIED, R, RELEASE, 0, "verified");
    }

    function test_Policy_IsPerPost() public {
        _setPolicy(CREATOR, V, VIDEO, IComments.CommentPolicy.Off);
        // Release 1 is another post with the same id.
        _comment(CAROL, R, RELEASE, 0, "still open");
        assertEq(uint8(comments.commentPolicy(R, RELEASE)), uint8(IComments.CommentPolicy.Open));
    }

    function test_Policy_SameValueAgainSucceeds() public {
        _setPolicy(CREATOR, V, VIDEO, IComments.CommentPolicy.VerifiedOnly);
        vm.expectEmit(true, true, false, true, address(comments));
        emit IComments.CommentPolicySet(V, VIDEO, IComments.CommentPolicy.VerifiedOnly, CREATOR);
        _setPolicy(CREATOR, V, VIDEO, IComments.CommentPolicy.VerifiedOnly);
    }

    function test_RevertWhen_PolicySetByOtherThanTheCreator() public {
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsNotCreator.selector, V, VIDEO, CAROL, CREATOR));
        _setPolicy(CAROL, V, VIDEO, IComments.CommentPolicy.Off);
        // A channel member who did not submit the release is not its creator.
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsNotCreator.selector, R, RELEASE, BOB, ALICE));
        _setPolicy(BOB, R, RELEASE, IComments.CommentPolicy.Off);
        assertEq(comments.creatorOf(V, VIDEO), CREATOR);
        assertEq(comments.creatorOf(R, RELEASE), ALICE);
    }

    function test_RevertWhen_MembersOnlyOnAVideo() public {
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsMembersOnlyNeedsChannel.selector, VIDEO));
        _setPolicy(CREATOR, V, VIDEO, IComments.CommentPolicy.MembersOnly);
    }

    function test_RevertWhen_PolicyOnAnUnknownPost() public {
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownPost.selector, V, 5));
        _setPolicy(CREATOR, V, 5, IComments.CommentPolicy.Off);
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownPost.selector, R, PENDING));
        _setPolicy(ALICE, R, PENDING, IComments.CommentPolicy.Off);
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownPost.selector, V, 5));
        comments.canComment(V, 5, CAROL);
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownPost.selector, R, POLICY_CHANGE));
        comments.creatorOf(R, POLICY_CHANGE);
    }

    // ─── Edit and delete ─────────────────────────────────────────────────────────────────────────────────────────

    function test_Edit_ByTheAuthor() public {
        uint256 id = _comment(CAROL, V, VIDEO, 0, "typo");
        vm.expectEmit(true, true, false, true, address(comments));
        emit IComments.CommentEdited(id, CAROL, "fixed");
        vm.prank(CAROL);
        comments.edit(id, "fixed");
    }

    function test_RevertWhen_EditByAnother() public {
        uint256 id = _comment(CAROL, V, VIDEO, 0, "mine");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsNotAuthor.selector, id, BOB, CAROL));
        vm.prank(BOB);
        comments.edit(id, "hijacked");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsNotAuthor.selector, id, CREATOR, CAROL));
        vm.prank(CREATOR);
        comments.deleteComment(id);
    }

    function test_RevertWhen_EditBodyEmptyOrTooLong() public {
        uint256 id = _comment(CAROL, V, VIDEO, 0, "mine");
        vm.expectRevert(IComments.CommentsEmptyBody.selector);
        vm.prank(CAROL);
        comments.edit(id, "");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsBodyTooLong.selector, 2001, 2000));
        vm.prank(CAROL);
        comments.edit(id, string(new bytes(2001)));
    }

    function test_RevertWhen_EditOrDeleteUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownComment.selector, 7));
        comments.edit(7, "x");
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownComment.selector, 7));
        comments.deleteComment(7);
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsUnknownComment.selector, 0));
        comments.commentOf(0);
    }

    function test_Edit_FollowsThePolicyNow() public {
        uint256 onVideo = _comment(CAROL, V, VIDEO, 0, "before");
        _setPolicy(CREATOR, V, VIDEO, IComments.CommentPolicy.VerifiedOnly);
        vm.expectRevert(_refused(V, VIDEO, IComments.CommentPolicy.VerifiedOnly, CAROL));
        vm.prank(CAROL);
        comments.edit(onVideo, "after");
        uint256 verified = _comment(VERIFIED, V, VIDEO, 0, "verified");
        vm.prank(VERIFIED);
        comments.edit(verified, "still verified");
        _setPolicy(CREATOR, V, VIDEO, IComments.CommentPolicy.Off);
        vm.expectRevert(_refused(V, VIDEO, IComments.CommentPolicy.Off, VERIFIED));
        vm.prank(VERIFIED);
        comments.edit(verified, "comments are off");

        // Members only, on a release: a member removed since may no longer edit.
        uint256 onRelease = _comment(BOB, R, RELEASE, 0, "member");
        _setPolicy(ALICE, R, RELEASE, IComments.CommentPolicy.MembersOnly);
        vm.prank(BOB);
        comments.edit(onRelease, "still a member");
        vm.prank(ALICE);
        channels.proposeRemoveMember(CHANNEL, BOB);
        assertFalse(channels.isMember(CHANNEL, BOB));
        vm.expectRevert(_refused(R, RELEASE, IComments.CommentPolicy.MembersOnly, BOB));
        vm.prank(BOB);
        comments.edit(onRelease, "removed");
    }

    function test_Delete_AlwaysAllowedOnceEvenWhenCommentsAreOff() public {
        uint256 id = _comment(CAROL, V, VIDEO, 0, "regret");
        _setPolicy(CREATOR, V, VIDEO, IComments.CommentPolicy.Off);
        vm.expectEmit(true, true, false, true, address(comments));
        emit IComments.CommentDeleted(id, CAROL);
        vm.prank(CAROL);
        comments.deleteComment(id);
        assertTrue(comments.commentOf(id).deleted);
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsAlreadyDeleted.selector, id));
        vm.prank(CAROL);
        comments.deleteComment(id);
        vm.expectRevert(abi.encodeWithSelector(IComments.CommentsAlreadyDeleted.selector, id));
        vm.prank(CAROL);
        comments.edit(id, "undelete?");
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {IComments} from "../../contracts/interfaces/IComments.sol";
import {Channels} from "../../contracts/Channels.sol";
import {Comments} from "../../contracts/Comments.sol";
import {Handles} from "../../contracts/Handles.sol";
import {Videos} from "../../contracts/Videos.sol";

/// @dev Drives {Comments} (over the real Videos, Channels and Handles) with random calls from six accounts on five
/// post references: two videos, one channel release, and two that are not posts (a video proposal still pending, a
/// video id never published). Keeps a reference model written from the rules in test/invariant/README.md: each post's
/// policy, who is verified (until when) and who is a member of the channel, and each comment's author, post, parent and
/// deletion. Before each call the model says whether it must succeed; an unexpected outcome is recorded and fails the
/// run. Separately, every {IComments.CommentPosted} and {IComments.CommentEdited} event is checked against the model's
/// policy at that moment: a comment breaking its post's policy never lands.
contract CommentsHandler is Test {
    Videos public videos;
    Channels public channels;
    Handles public handles;
    Comments public comments;

    uint256 public constant ACTORS = 6;
    uint256 public constant POSTS = 5;
    uint256 public constant CHANNEL = 1;
    uint256 internal constant _TERM = 365 days;

    struct Post {
        IComments.PostKind kind;
        uint256 id;
        bool exists;
        address creator;
    }

    struct GhostComment {
        address author;
        uint256 post; // index into the posts
        uint256 parentId;
        bool deleted;
    }

    Post[POSTS] internal _posts;
    mapping(uint256 post => IComments.CommentPolicy) public ghostPolicy;
    mapping(address account => uint256) public ghostVerifiedUntil;
    mapping(address account => bool) public ghostMember;
    uint256 public ghostCommentCount;
    mapping(uint256 commentId => GhostComment) internal _comment;

    uint256 public unexpected;
    string public firstUnexpected;
    /// @dev Comment and edit events whose author the post's policy did not allow at that moment.
    uint256 public landedAgainstPolicy;
    mapping(bytes32 action => uint256) public successes;
    uint256 public actions;

    modifier action() {
        actions++;
        _;
    }

    constructor(Videos videos_, Channels channels_, Handles handles_, Comments comments_) {
        (videos, channels, handles, comments) = (videos_, channels_, handles_, comments_);
        bytes memory cid = abi.encodePacked(bytes4(0x01701220), keccak256("video"));
        vm.prank(actor(0));
        uint256 first = videos.publish(cid);
        vm.prank(actor(1));
        uint256 second = videos.publish(cid);
        // A channel of actors 2 and 3 where one vote passes anything: a member's proposal executes at once.
        address[] memory founders = new address[](2);
        (founders[0], founders[1]) = (actor(2), actor(3));
        channels.createChannel(cid, cid, founders, _rules(1));
        (ghostMember[actor(2)], ghostMember[actor(3)]) = (true, true);
        vm.prank(actor(2));
        uint256 release = channels.submitVideo(CHANNEL, cid);
        // A second channel needing two votes: actor 2's submission stays pending, so it is not a post.
        channels.createChannel(cid, cid, founders, _rules(2));
        vm.prank(actor(2));
        uint256 pending = channels.submitVideo(2, cid);
        _posts[0] = Post(IComments.PostKind.Video, first, true, actor(0));
        _posts[1] = Post(IComments.PostKind.Video, second, true, actor(1));
        _posts[2] = Post(IComments.PostKind.Release, release, true, actor(2));
        _posts[3] = Post(IComments.PostKind.Release, pending, false, address(0));
        _posts[4] = Post(IComments.PostKind.Video, second + 1, false, address(0));
        for (uint256 a; a < ACTORS; ++a) {
            vm.deal(actor(a), 1 ether);
        }
    }

    function actor(uint256 seed) public pure returns (address) {
        return address(uint160(0xC0DE00 + seed % ACTORS));
    }

    function post(uint256 index) external view returns (Post memory) {
        return _posts[index];
    }

    function ghostComment(uint256 commentId) external view returns (GhostComment memory) {
        return _comment[commentId];
    }

    /// @dev Whether the model's policy of `post` allows `account` now.
    function allows(uint256 postIndex, address account) public view returns (bool) {
        IComments.CommentPolicy policy = ghostPolicy[postIndex];
        if (policy == IComments.CommentPolicy.Open) return true;
        if (policy == IComments.CommentPolicy.VerifiedOnly) return block.timestamp < ghostVerifiedUntil[account];
        if (policy == IComments.CommentPolicy.MembersOnly) return ghostMember[account];
        return false;
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev The creator (or, when `byOther`, a random account) sets a random policy on a random post reference.
    function setPolicy(uint256 postSeed, uint8 policySeed, uint256 actorSeed, bool byOther) external action {
        uint256 index = postSeed % POSTS;
        Post memory p = _posts[index];
        IComments.CommentPolicy policy = IComments.CommentPolicy(policySeed % 4);
        address caller = byOther || !p.exists ? actor(actorSeed) : p.creator;
        bool expected = p.exists && caller == p.creator
            && !(policy == IComments.CommentPolicy.MembersOnly && p.kind == IComments.PostKind.Video);
        vm.prank(caller);
        try comments.setCommentPolicy(p.kind, p.id, policy) {
            if (!expected) return _unexpected("setCommentPolicy succeeded: unknown post, not the creator, or members only on a video");
            ghostPolicy[index] = policy;
            successes["setPolicy"]++;
        } catch {
            if (expected) _unexpected("setCommentPolicy by the creator reverted");
        }
    }

    /// @dev A random account comments on a random post reference, top-level or replying to a random comment (which may
    /// be on another post, or not exist); one body in eight is empty, one in eight a byte too long, one
    /// in eight exactly the longest allowed.
    function comment(uint256 actorSeed, uint256 postSeed, uint256 parentSeed, uint256 bodySeed) external action {
        address author = actor(actorSeed);
        // Three in four on a post that exists, so that threads grow.
        uint256 index = postSeed % 4 == 0 ? (postSeed >> 8) % POSTS : (postSeed >> 8) % 3;
        Post memory p = _posts[index];
        uint256 parentId = _parent(index, parentSeed);
        bytes memory body = _body(bodySeed);
        bool parentOk = parentId == 0
            || (parentId <= ghostCommentCount && _comment[parentId].post == index);
        bool expected = _bodyOk(body) && p.exists && parentOk && allows(index, author);
        successes["comment judged"]++;
        vm.recordLogs();
        vm.prank(author);
        try comments.comment(p.kind, p.id, parentId, string(body)) returns (uint256 commentId) {
            if (!expected) _unexpected("comment succeeded: bad body, unknown post, bad parent or refused by policy");
            if (commentId != ++ghostCommentCount) _unexpected("comment ids are consecutive");
            _comment[commentId] = GhostComment(author, index, parentId, false);
            successes["comment"]++;
            if (parentId != 0) successes["reply"]++;
        } catch {
            if (expected) _unexpected("an allowed comment reverted");
        }
        _checkLogs(index);
    }

    /// @dev The author (or, when `byOther`, a random account) edits a random comment.
    function edit(uint256 commentSeed, uint256 actorSeed, bool byOther, uint256 bodySeed) external action {
        if (ghostCommentCount == 0) return;
        uint256 commentId = bound(commentSeed, 1, ghostCommentCount);
        GhostComment storage c = _comment[commentId];
        address caller = byOther ? actor(actorSeed) : c.author;
        bytes memory body = _body(bodySeed);
        bool expected = caller == c.author && !c.deleted && _bodyOk(body) && allows(c.post, caller);
        vm.recordLogs();
        vm.prank(caller);
        try comments.edit(commentId, string(body)) {
            if (!expected) _unexpected("edit succeeded: not the author, deleted, bad body or refused by policy");
            successes["edit"]++;
        } catch {
            if (expected) _unexpected("an allowed edit reverted");
        }
        _checkLogs(c.post);
    }

    /// @dev The author (or, when `byOther`, a random account) deletes a random comment.
    function deleteComment(uint256 commentSeed, uint256 actorSeed, bool byOther) external action {
        if (ghostCommentCount == 0) return;
        uint256 commentId = bound(commentSeed, 1, ghostCommentCount);
        GhostComment storage c = _comment[commentId];
        address caller = byOther ? actor(actorSeed) : c.author;
        bool expected = caller == c.author && !c.deleted;
        vm.prank(caller);
        try comments.deleteComment(commentId) {
            if (!expected) return _unexpected("delete succeeded: not the author, or deleted already");
            c.deleted = true;
            successes["delete"]++;
        } catch {
            if (expected) _unexpected("the author's delete reverted");
        }
    }

    /// @dev On the channel release: its creator sets members only, a current member comments, then edits it. Random
    /// calls rarely take that path in that order.
    function memberThread(uint256 actorSeed) external action {
        Post memory p = _posts[2];
        vm.prank(p.creator);
        try comments.setCommentPolicy(p.kind, p.id, IComments.CommentPolicy.MembersOnly) {
            ghostPolicy[2] = IComments.CommentPolicy.MembersOnly;
        } catch {
            return _unexpected("the creator could not set members only on the release");
        }
        address member;
        for (uint256 a; a < ACTORS && member == address(0); ++a) {
            if (ghostMember[actor(actorSeed + a)]) member = actor(actorSeed + a);
        }
        vm.prank(member);
        try comments.comment(p.kind, p.id, 0, "a member's comment") returns (uint256 commentId) {
            if (commentId != ++ghostCommentCount) _unexpected("comment ids are consecutive");
            _comment[commentId] = GhostComment(member, 2, 0, false);
            successes["comment"]++;
            vm.prank(member);
            try comments.edit(commentId, "a member's edit") {
                successes["edit"]++;
            } catch {
                _unexpected("a member's edit on a members-only release reverted");
            }
        } catch {
            _unexpected("a member's comment on a members-only release reverted");
        }
    }

    /// @dev A random account claims a handle (or renews the one it holds): verified for a year.
    function verify(uint256 actorSeed) external action {
        address who = actor(actorSeed);
        (string memory held,) = handles.holdingOf(who);
        vm.prank(who);
        if (bytes(held).length == 0) {
            handles.claim{value: 0.01 ether}(string.concat("user-", vm.toString(actorSeed % ACTORS)));
        } else {
            handles.renew();
        }
        ghostVerifiedUntil[who] = block.timestamp + _TERM;
    }

    /// @dev A random account releases its handle, if it holds one: no longer verified.
    function unverify(uint256 actorSeed) external action {
        address who = actor(actorSeed);
        (string memory held,) = handles.holdingOf(who);
        if (bytes(held).length == 0) return;
        vm.prank(who);
        handles.release();
        ghostVerifiedUntil[who] = 0;
    }

    /// @dev The channel adds a random non-member or removes a random member (never the last one).
    function toggleMember(uint256 actorSeed) external action {
        address who = actor(actorSeed);
        // A member other than `who` proposes, so that their own yes (the one vote needed) applies it at once.
        address proposer;
        for (uint256 a; a < ACTORS && proposer == address(0); ++a) {
            if (ghostMember[actor(a)] && actor(a) != who) proposer = actor(a);
        }
        if (proposer == address(0)) return;
        vm.prank(proposer);
        if (ghostMember[who]) channels.proposeRemoveMember(CHANNEL, who);
        else channels.proposeAddMember(CHANNEL, who);
        ghostMember[who] = !ghostMember[who];
        if (channels.isMember(CHANNEL, who) != ghostMember[who]) _unexpected("the channel's membership did not change");
    }

    function warp(uint256 seed) external action {
        vm.warp(block.timestamp + bound(seed, 1, 200 days));
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Every comment or edit event just emitted must be one the post's policy allowed (by the model, now).
    function _checkLogs(uint256 postIndex) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            bytes32 topic = logs[i].topics[0];
            if (logs[i].emitter != address(comments)) continue;
            if (topic == IComments.CommentPosted.selector) {
                address author = address(uint160(uint256(logs[i].topics[3])));
                if (!allows(postIndex, author)) landedAgainstPolicy++;
            } else if (topic == IComments.CommentEdited.selector) {
                address author = address(uint160(uint256(logs[i].topics[2])));
                if (!allows(postIndex, author)) landedAgainstPolicy++;
            }
        }
    }

    /// @dev Top-level (one in three), a random earlier comment on the same post (one in three), or any id, which may
    /// be on another post or not exist.
    function _parent(uint256 postIndex, uint256 seed) internal view returns (uint256) {
        uint256 count = ghostCommentCount;
        if (seed % 3 == 0 || count == 0) return 0;
        if (seed % 3 == 1) {
            for (uint256 i; i < count; ++i) {
                uint256 id = ((seed >> 8) + i) % count + 1;
                if (_comment[id].post == postIndex) return id;
            }
        }
        return bound(seed >> 8, 1, count + 1);
    }

    function _body(uint256 seed) internal pure returns (bytes memory body) {
        uint256 kind = seed % 8;
        if (kind == 0) return "";
        if (kind == 1) return new bytes(2001);
        if (kind == 2) return new bytes(2000);
        body = abi.encodePacked("comment ", keccak256(abi.encode(seed)));
    }

    function _bodyOk(bytes memory body) internal pure returns (bool) {
        return body.length != 0 && body.length <= 2000;
    }

    function _rules(uint32 threshold) internal pure returns (IChannels.Rules memory) {
        return IChannels.Rules({
            submitters: IChannels.Submitters.Anyone,
            thresholdKind: IChannels.ThresholdKind.Absolute,
            threshold: threshold,
            votingPeriod: 1 days
        });
    }

    function _unexpected(string memory what) internal {
        if (unexpected++ == 0) firstUnexpected = what;
    }
}

/// @dev The invariants of test/invariant/README.md ("Comments"), asserted after every call of random call sequences.
/// Abstract, with the handler from `_newHandler`: test/contracts/CommentsInvariant.t.sol makes both concrete.
abstract contract CommentsInvariants is StdInvariant, Test {
    Comments internal comments;
    CommentsHandler internal handler;

    function _newHandler(Videos videos, Channels channels, Handles handles, Comments comments_)
        internal
        virtual
        returns (CommentsHandler);

    function setUp() public virtual {
        vm.warp(1_000_000);
        Videos videos = new Videos();
        Channels channels = new Channels();
        Handles handles = new Handles();
        comments = new Comments(videos, channels, handles);
        handler = _newHandler(videos, channels, handles, comments);
        targetContract(address(handler));
        // Comments three times as often as anything else: they are what the suite is about.
        bytes4[] memory selectors = new bytes4[](11);
        selectors[0] = CommentsHandler.setPolicy.selector;
        selectors[1] = CommentsHandler.comment.selector;
        selectors[2] = CommentsHandler.comment.selector;
        selectors[3] = CommentsHandler.comment.selector;
        selectors[4] = CommentsHandler.edit.selector;
        selectors[5] = CommentsHandler.deleteComment.selector;
        selectors[6] = CommentsHandler.verify.selector;
        selectors[7] = CommentsHandler.unverify.selector;
        selectors[8] = CommentsHandler.toggleMember.selector;
        selectors[9] = CommentsHandler.warp.selector;
        selectors[10] = CommentsHandler.memberThread.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev 1. Every call had the outcome the model expects.
    function invariant_CallsDoWhatTheModelSays() public view {
        assertEq(handler.unexpected(), 0, handler.firstUnexpected());
    }

    /// @dev 2. A comment (a reply, an edit) breaking its post's policy at that moment never lands.
    function invariant_NoCommentBreaksItsPostsPolicy() public view {
        assertEq(handler.landedAgainstPolicy(), 0, "a comment or edit landed against its post's policy");
    }

    /// @dev 3. Comments and threads match the model: author, post, deletion; every reply's parent is an earlier
    /// comment on the same post.
    function invariant_CommentsMatchTheModel() public view {
        uint256 count = comments.commentCount();
        assertEq(count, handler.ghostCommentCount(), "comment count");
        for (uint256 id = 1; id <= count; ++id) {
            IComments.CommentView memory c = comments.commentOf(id);
            CommentsHandler.GhostComment memory g = handler.ghostComment(id);
            CommentsHandler.Post memory p = handler.post(g.post);
            assertEq(c.author, g.author, "author");
            assertEq(uint8(c.kind), uint8(p.kind), "post kind");
            assertEq(c.postId, p.id, "post id");
            assertTrue(p.exists, "only posts get comments");
            assertEq(c.deleted, g.deleted, "deleted");
            if (g.parentId != 0) {
                assertLt(g.parentId, id, "a parent comes first");
                IComments.CommentView memory parent = comments.commentOf(g.parentId);
                assertEq(uint8(parent.kind), uint8(c.kind), "a reply is on its parent's post (kind)");
                assertEq(parent.postId, c.postId, "a reply is on its parent's post (id)");
            }
        }
    }

    /// @dev 4. Each post's policy is the one its creator last set (Open by default), and {canComment} agrees with the
    /// model for everyone.
    function invariant_PoliciesMatchTheModel() public view {
        for (uint256 i; i < handler.POSTS(); ++i) {
            CommentsHandler.Post memory p = handler.post(i);
            assertEq(uint8(comments.commentPolicy(p.kind, p.id)), uint8(handler.ghostPolicy(i)), "policy");
            if (!p.exists) continue;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                (bool allowed,) = comments.canComment(p.kind, p.id, handler.actor(a));
                assertEq(allowed, handler.allows(i, handler.actor(a)), "canComment");
            }
        }
    }

    /// @dev A run of 20 calls or more that judged no comment tested nothing.
    function afterInvariant() external view {
        if (handler.actions() < 20) return;
        assertGt(handler.successes("comment judged"), 0, "no comment was attempted in this run");
    }
}

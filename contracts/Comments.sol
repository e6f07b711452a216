// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IChannels} from "./interfaces/IChannels.sol";
import {IComments} from "./interfaces/IComments.sol";
import {IHandles} from "./interfaces/IHandles.sol";
import {IVideos} from "./interfaces/IVideos.sol";

/// @title Comments
/// @notice Comments on videos and channel releases, in threads, under each post's comment policy. No owner, no admin,
/// no pause, no upgrade: only authors touch their comments and only a post's creator sets its policy.
/// @dev A comment is one storage slot (author, post, deleted); its text lives in the events only. Posts are read from
/// the {Videos} and {Channels} contracts given at deployment, and verified handles from {Handles}: calls to those
/// immutable, trusted contracts, views only, so nothing here can be reentered and no money moves.
contract Comments is IComments {
    /// @inheritdoc IComments
    uint256 public constant MAX_BODY_BYTES = 2_000;

    IVideos private immutable _VIDEOS;
    IChannels private immutable _CHANNELS;
    IHandles private immutable _HANDLES;

    /// @dev One slot (30 bytes). `author == address(0)` means the comment does not exist.
    struct Comment {
        address author;
        PostKind kind;
        // Cannot truncate: a post exists before it is commented on, and neither contract will ever reach 2^64 ids.
        uint64 postId;
        bool deleted;
    }

    uint256 private _commentCount;
    mapping(uint256 commentId => Comment) private _comments;
    mapping(PostKind kind => mapping(uint256 postId => CommentPolicy)) private _policies;

    /// @param videos_ The {Videos} contract whose videos are posts.
    /// @param channels_ The {Channels} contract whose released videos are posts.
    /// @param handles_ The {Handles} contract that says who is verified.
    constructor(IVideos videos_, IChannels channels_, IHandles handles_) {
        _VIDEOS = videos_;
        _CHANNELS = channels_;
        _HANDLES = handles_;
    }

    // ─── Comments ────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IComments
    function comment(PostKind kind, uint256 postId, uint256 parentId, string calldata body)
        external
        returns (uint256 commentId)
    {
        _checkBody(body);
        (, uint256 channelId) = _post(kind, postId);
        if (parentId != 0) {
            Comment storage parent = _comment(parentId);
            if (parent.kind != kind || parent.postId != postId) {
                revert CommentsParentOnOtherPost(parentId, kind, postId);
            }
        }
        _checkPolicy(kind, postId, channelId, msg.sender);

        commentId = ++_commentCount;
        _comments[commentId] = Comment({author: msg.sender, kind: kind, postId: uint64(postId), deleted: false});
        emit CommentPosted(commentId, kind, postId, parentId, msg.sender, body);
    }

    /// @inheritdoc IComments
    function edit(uint256 commentId, string calldata body) external {
        Comment storage c = _ownComment(commentId);
        _checkBody(body);
        PostKind kind = c.kind;
        uint256 postId = c.postId;
        CommentPolicy policy = _policies[kind][postId];
        // The channel is needed only to check membership; any other policy is decided without reading the post.
        uint256 channelId;
        if (policy == CommentPolicy.MembersOnly) (, channelId) = _post(kind, postId);
        _checkPolicy(kind, postId, channelId, msg.sender);
        emit CommentEdited(commentId, msg.sender, body);
    }

    /// @inheritdoc IComments
    function deleteComment(uint256 commentId) external {
        Comment storage c = _ownComment(commentId);
        c.deleted = true;
        emit CommentDeleted(commentId, msg.sender);
    }

    /// @inheritdoc IComments
    function setCommentPolicy(PostKind kind, uint256 postId, CommentPolicy policy) external {
        (address creator,) = _post(kind, postId);
        if (msg.sender != creator) revert CommentsNotCreator(kind, postId, msg.sender, creator);
        if (policy == CommentPolicy.MembersOnly && kind != PostKind.Release) {
            revert CommentsMembersOnlyNeedsChannel(postId);
        }
        _policies[kind][postId] = policy;
        emit CommentPolicySet(kind, postId, policy, creator);
    }

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IComments
    function commentCount() external view returns (uint256) {
        return _commentCount;
    }

    /// @inheritdoc IComments
    function commentOf(uint256 commentId) external view returns (CommentView memory) {
        Comment storage c = _comment(commentId);
        return CommentView({author: c.author, kind: c.kind, postId: c.postId, deleted: c.deleted});
    }

    /// @inheritdoc IComments
    function commentPolicy(PostKind kind, uint256 postId) external view returns (CommentPolicy) {
        return _policies[kind][postId];
    }

    /// @inheritdoc IComments
    function creatorOf(PostKind kind, uint256 postId) external view returns (address creator) {
        (creator,) = _post(kind, postId);
    }

    /// @inheritdoc IComments
    function canComment(PostKind kind, uint256 postId, address account)
        external
        view
        returns (bool allowed, CommentPolicy policy)
    {
        (, uint256 channelId) = _post(kind, postId);
        policy = _policies[kind][postId];
        allowed = _allows(policy, channelId, account);
    }

    // ─── Internals ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev The post's creator and, for a channel release, its channel; reverts with {CommentsUnknownPost} if there is
    /// no such post. A release is a video proposal that passed: its creator is its submitter.
    function _post(PostKind kind, uint256 postId) private view returns (address creator, uint256 channelId) {
        if (kind == PostKind.Video) {
            try _VIDEOS.creatorOf(postId) returns (address publisher) {
                return (publisher, 0);
            } catch {
                revert CommentsUnknownPost(kind, postId);
            }
        }
        try _CHANNELS.proposal(postId) returns (IChannels.ProposalView memory p) {
            if (p.kind == IChannels.ProposalKind.Video && p.status == IChannels.ProposalStatus.Executed) {
                return (p.proposer, p.channelId);
            }
        } catch {}
        revert CommentsUnknownPost(kind, postId);
    }

    /// @dev Reverts with {CommentsRefusedByPolicy} unless the post's current policy allows `account`.
    function _checkPolicy(PostKind kind, uint256 postId, uint256 channelId, address account) private view {
        CommentPolicy policy = _policies[kind][postId];
        if (!_allows(policy, channelId, account)) revert CommentsRefusedByPolicy(kind, postId, policy, account);
    }

    function _allows(CommentPolicy policy, uint256 channelId, address account) private view returns (bool) {
        if (policy == CommentPolicy.Open) return true;
        if (policy == CommentPolicy.VerifiedOnly) return _HANDLES.isVerified(account);
        if (policy == CommentPolicy.MembersOnly) return _CHANNELS.isMember(channelId, account);
        return false;
    }

    function _checkBody(string calldata body) private pure {
        uint256 length = bytes(body).length;
        if (length == 0) revert CommentsEmptyBody();
        if (length > MAX_BODY_BYTES) revert CommentsBodyTooLong(length, MAX_BODY_BYTES);
    }

    function _comment(uint256 commentId) private view returns (Comment storage c) {
        c = _comments[commentId];
        if (c.author == address(0)) revert CommentsUnknownComment(commentId);
    }

    /// @dev The caller's own comment, not deleted; reverts otherwise.
    function _ownComment(uint256 commentId) private view returns (Comment storage c) {
        c = _comment(commentId);
        address author = c.author;
        if (msg.sender != author) revert CommentsNotAuthor(commentId, msg.sender, author);
        if (c.deleted) revert CommentsAlreadyDeleted(commentId);
    }
}

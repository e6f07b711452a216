// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title IComments
/// @notice Comments on posts, in threads, under the comment policy each post's creator sets. A post is a video
/// published through {IVideos} (its creator: {IVideos-creatorOf}) or a video released by a community channel (a
/// {IChannels} video proposal that passed, named by its proposal id; its creator is its submitter, and "members" are
/// the channel's members now). No owner, no admin: nobody but the author touches a comment, and nobody but the post's
/// creator sets its policy.
/// @dev Comments are never removed from the chain: an edit and a deletion are new events, and a reader shows the latest
/// text and says "edited" or "deleted". Everything a reader needs is in the events: {CommentPosted} (post, parent,
/// author, text), {CommentEdited}, {CommentDeleted} and {CommentPolicySet} rebuild every thread, its edit and delete
/// state, and every post's policy at any block.
///
/// Policy, enforced here rather than only in the web: a comment, a reply and an edit are refused
/// ({CommentsRefusedByPolicy}) unless the post's policy at that moment allows the author: {CommentPolicy.Open} allows
/// anyone, {CommentPolicy.VerifiedOnly} holders of a live handle ({IHandles-isVerified}), {CommentPolicy.MembersOnly}
/// (channel releases only) members of the channel, {CommentPolicy.Off} nobody. The creator is no exception (they can
/// change the policy). Deleting one's own comment is always allowed: nobody is kept from taking back their words.
/// A policy change does not touch existing comments; readers keep showing them.
///
/// `Videos.publish` sets no policy (its ABI is unchanged), so a new video is Open until its creator calls
/// {setCommentPolicy}; the web's publish flow makes that second call when the creator picks another policy.
interface IComments {
    /// @notice What a post is.
    enum PostKind {
        /// A video published through {IVideos}: the post id is its video id.
        Video,
        /// A video released into a community channel through {IChannels}: the post id is its proposal id.
        Release
    }

    /// @notice Who may comment on a post.
    enum CommentPolicy {
        /// Anyone (the default).
        Open,
        /// Accounts holding a live verified handle.
        VerifiedOnly,
        /// Members of the channel that released the video (channel releases only).
        MembersOnly,
        /// Nobody.
        Off
    }

    /// @notice A comment as {commentOf} returns it (its text is in the events only).
    /// @param author Who wrote it.
    /// @param kind The kind of post it is on.
    /// @param postId The post it is on.
    /// @param deleted Whether its author deleted it.
    struct CommentView {
        address author;
        PostKind kind;
        uint256 postId;
        bool deleted;
    }

    // ─── Events ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Emitted when a comment or a reply is posted.
    /// @param commentId The comment's id: 1 for the first, then consecutive across posts.
    /// @param kind The kind of post.
    /// @param postId The post.
    /// @param parentId The comment it replies to (on the same post), or 0 for a top-level comment.
    /// @param author Who wrote it.
    /// @param body Its text (UTF-8 as sent).
    event CommentPosted(
        uint256 indexed commentId,
        PostKind kind,
        uint256 indexed postId,
        uint256 parentId,
        address indexed author,
        string body
    );

    /// @notice Emitted when the author replaces a comment's text. Earlier texts stay in earlier events.
    /// @param commentId The comment.
    /// @param author Its author.
    /// @param body The new text.
    event CommentEdited(uint256 indexed commentId, address indexed author, string body);

    /// @notice Emitted when the author deletes a comment. Its replies stay; its earlier texts stay in earlier events.
    /// @param commentId The comment.
    /// @param author Its author.
    event CommentDeleted(uint256 indexed commentId, address indexed author);

    /// @notice Emitted when a post's creator sets its comment policy.
    /// @param kind The kind of post.
    /// @param postId The post.
    /// @param policy The policy from now on.
    /// @param creator The post's creator, who set it.
    event CommentPolicySet(PostKind kind, uint256 indexed postId, CommentPolicy policy, address indexed creator);

    // ─── Errors ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Thrown when a comment's text is empty.
    error CommentsEmptyBody();

    /// @notice Thrown when a comment's text is longer than {MAX_BODY_BYTES} bytes (UTF-8).
    /// @param length Its length in bytes.
    /// @param max The longest allowed.
    error CommentsBodyTooLong(uint256 length, uint256 max);

    /// @notice Thrown when a post does not exist: a video id never published, or a proposal id that is not a released
    /// video.
    /// @param kind The kind of post.
    /// @param postId The post.
    error CommentsUnknownPost(PostKind kind, uint256 postId);

    /// @notice Thrown when a comment id (a reply's parent, or a comment to edit or delete) does not exist.
    /// @param commentId The unknown id.
    error CommentsUnknownComment(uint256 commentId);

    /// @notice Thrown when a reply's parent is a comment on another post.
    /// @param parentId The parent.
    /// @param kind The kind of post the reply is for.
    /// @param postId The post the reply is for.
    error CommentsParentOnOtherPost(uint256 parentId, PostKind kind, uint256 postId);

    /// @notice Thrown when the post's current policy does not allow `account` to comment: `policy` says why
    /// ({CommentPolicy.Off}: comments are off; {CommentPolicy.VerifiedOnly}: a verified handle is needed;
    /// {CommentPolicy.MembersOnly}: only the channel's members may comment).
    /// @param kind The kind of post.
    /// @param postId The post.
    /// @param policy Its policy.
    /// @param account The refused author.
    error CommentsRefusedByPolicy(PostKind kind, uint256 postId, CommentPolicy policy, address account);

    /// @notice Thrown when someone other than a comment's author edits or deletes it.
    /// @param commentId The comment.
    /// @param caller The caller.
    /// @param author Its author.
    error CommentsNotAuthor(uint256 commentId, address caller, address author);

    /// @notice Thrown when a deleted comment is edited or deleted again.
    /// @param commentId The comment.
    error CommentsAlreadyDeleted(uint256 commentId);

    /// @notice Thrown when someone other than a post's creator sets its policy.
    /// @param kind The kind of post.
    /// @param postId The post.
    /// @param caller The caller.
    /// @param creator The post's creator.
    error CommentsNotCreator(PostKind kind, uint256 postId, address caller, address creator);

    /// @notice Thrown when {CommentPolicy.MembersOnly} is set on a video that no channel released (it has no members).
    /// @param postId The video.
    error CommentsMembersOnlyNeedsChannel(uint256 postId);

    // ─── Comments ────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Comments on a post, or replies to a comment on it.
    /// @dev Emits {CommentPosted}.
    /// Requirements:
    /// - `body` is 1 to {MAX_BODY_BYTES} bytes ({CommentsEmptyBody}, {CommentsBodyTooLong}).
    /// - The post exists ({CommentsUnknownPost}).
    /// - `parentId` is 0, or a comment ({CommentsUnknownComment}) on the same post ({CommentsParentOnOtherPost}); a
    ///   deleted comment may be replied to.
    /// - The post's policy allows the caller ({CommentsRefusedByPolicy}).
    /// @param kind The kind of post.
    /// @param postId The post: a video id, or the proposal id of a channel release.
    /// @param parentId The comment replied to, or 0.
    /// @param body The text.
    /// @return commentId The new comment's id.
    function comment(PostKind kind, uint256 postId, uint256 parentId, string calldata body)
        external
        returns (uint256 commentId);

    /// @notice Replaces the text of one's own comment.
    /// @dev Emits {CommentEdited}.
    /// Requirements: the comment exists ({CommentsUnknownComment}), the caller wrote it ({CommentsNotAuthor}), it is
    /// not deleted ({CommentsAlreadyDeleted}), `body` is 1 to {MAX_BODY_BYTES} bytes ({CommentsEmptyBody},
    /// {CommentsBodyTooLong}), and the post's current policy allows the caller ({CommentsRefusedByPolicy}): an edit is
    /// new text, so a policy closed since the comment was posted refuses it.
    /// @param commentId The comment.
    /// @param body The new text.
    function edit(uint256 commentId, string calldata body) external;

    /// @notice Deletes one's own comment. Always allowed, whatever the post's policy.
    /// @dev Emits {CommentDeleted}.
    /// Requirements: the comment exists ({CommentsUnknownComment}), the caller wrote it ({CommentsNotAuthor}), it is
    /// not deleted already ({CommentsAlreadyDeleted}).
    /// @param commentId The comment.
    function deleteComment(uint256 commentId) external;

    /// @notice Sets who may comment on a post. Only its creator may.
    /// @dev Emits {CommentPolicySet} (also when the policy is unchanged, so a retried call succeeds).
    /// Requirements: the post exists ({CommentsUnknownPost}), the caller is its creator ({CommentsNotCreator}), and
    /// {CommentPolicy.MembersOnly} is set only on a channel release ({CommentsMembersOnlyNeedsChannel}).
    /// @param kind The kind of post.
    /// @param postId The post.
    /// @param policy The policy.
    function setCommentPolicy(PostKind kind, uint256 postId, CommentPolicy policy) external;

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The longest comment: 2,000 bytes of UTF-8.
    function MAX_BODY_BYTES() external view returns (uint256);

    /// @notice The number of comments posted so far; ids run from 1 to this number.
    function commentCount() external view returns (uint256);

    /// @notice A comment's author, post and deletion state.
    /// @dev Reverts with {CommentsUnknownComment} for an id never posted.
    function commentOf(uint256 commentId) external view returns (CommentView memory);

    /// @notice A post's comment policy ({CommentPolicy.Open} unless its creator set another).
    /// @dev Does not check that the post exists.
    function commentPolicy(PostKind kind, uint256 postId) external view returns (CommentPolicy);

    /// @notice The post's creator: the video's publisher, or the release's submitter.
    /// @dev Reverts with {CommentsUnknownPost} for a post that does not exist.
    function creatorOf(PostKind kind, uint256 postId) external view returns (address);

    /// @notice Whether {comment} by `account` on the post would pass its policy now, and the policy.
    /// @dev Reverts with {CommentsUnknownPost} for a post that does not exist.
    function canComment(PostKind kind, uint256 postId, address account)
        external
        view
        returns (bool allowed, CommentPolicy policy);
}

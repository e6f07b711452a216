// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title IStories
/// @notice Short posts that expire: a creator posts a short video or an image with a caption, live for a lifetime the
/// creator picks (24 hours by default, from one hour to seven days). Expiry is by time alone: nothing has to be called
/// when it passes. The creator may delete a story before that.
/// @dev The CID is a 36-byte binary CIDv1 (sha2-256), codec raw (`0x55`: an image of one block) or dag-pb (`0x70`: a
/// larger file, or a short video's directory with its `manifest.json`, as the worker publishes videos); see {CidV1}.
/// The web tells them apart by what the CID holds. Expiry and deletion are promises of the web and of the nodes that
/// follow them (they stop showing and unpin a story); a node that chose to keep the bytes still has them.
interface IStories {
    /// @notice A story as stored (its CID and caption are in {StoryPosted}).
    struct StoryView {
        address creator;
        uint40 postedAt;
        uint40 expiresAt;
        bool deleted;
    }

    /// @notice Emitted when `creator` posts a story.
    /// @param storyId The story's id: 1 for the first story, then consecutive.
    /// @param cid The binary CIDv1 of the image or of the short video's directory.
    /// @param caption The caption, at most {MAX_CAPTION_BYTES} bytes of UTF-8 (may be empty).
    /// @param postedAt The block timestamp at posting.
    /// @param expiresAt When the story stops being live: `postedAt` plus its lifetime.
    event StoryPosted(
        uint256 indexed storyId, address indexed creator, bytes cid, string caption, uint40 postedAt, uint40 expiresAt
    );

    /// @notice Emitted when the creator deletes a live story before it expires.
    event StoryDeleted(uint256 indexed storyId, address indexed creator, uint40 deletedAt);

    /// @notice Thrown when the CID is not a binary CIDv1 with a raw or dag-pb codec and a sha2-256 multihash.
    error StoriesMalformedCid(bytes cid);

    /// @notice Thrown when the caption is longer than {MAX_CAPTION_BYTES}.
    error StoriesCaptionTooLong(uint256 length, uint256 maxLength);

    /// @notice Thrown when a lifetime (other than 0, the default) is outside {MIN_LIFETIME} to {MAX_LIFETIME} seconds.
    error StoriesLifetimeOutOfRange(uint256 lifetime, uint256 minLifetime, uint256 maxLifetime);

    /// @notice Thrown when a story id has never been posted.
    error StoriesUnknownStory(uint256 storyId);

    /// @notice Thrown when someone other than its creator deletes a story.
    error StoriesNotCreator(uint256 storyId, address caller);

    /// @notice Thrown when deleting a story that is no longer live (already deleted, or expired).
    error StoriesNotLive(uint256 storyId);

    /// @notice Posts a story as the caller.
    /// @dev Requirements: `cid` is a well-formed CIDv1 ({StoriesMalformedCid}); `caption` at most {MAX_CAPTION_BYTES}
    /// bytes ({StoriesCaptionTooLong}); `lifetime` 0 for {DEFAULT_LIFETIME}, otherwise between {MIN_LIFETIME} and
    /// {MAX_LIFETIME} seconds ({StoriesLifetimeOutOfRange}).
    /// @return storyId The new story's id.
    function post(bytes calldata cid, string calldata caption, uint256 lifetime) external returns (uint256 storyId);

    /// @notice Deletes a live story early (its creator only). The record stays; it is no longer live.
    function deleteStory(uint256 storyId) external;

    /// @notice Whether the story is live: posted, not deleted, and not yet expired (`block.timestamp < expiresAt`).
    /// @dev Reverts with {StoriesUnknownStory} for an id never posted.
    function isLive(uint256 storyId) external view returns (bool);

    /// @notice A story. Reverts with {StoriesUnknownStory} for an id never posted.
    function story(uint256 storyId) external view returns (StoryView memory);

    /// @notice The number of stories posted; ids run from 1 to this number.
    function storyCount() external view returns (uint256);
}

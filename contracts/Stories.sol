// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IStories} from "./interfaces/IStories.sol";
import {CidV1} from "./libraries/CidV1.sol";

/// @title Stories
/// @notice Stories that expire by time. No owner, no admin, no pause, no upgrade.
contract Stories is IStories {
    /// @notice The lifetime of a story posted with lifetime 0.
    uint256 public constant DEFAULT_LIFETIME = 24 hours;
    /// @notice The shortest lifetime: time for followers in other time zones to see it at all.
    uint256 public constant MIN_LIFETIME = 1 hours;
    /// @notice The longest lifetime: a story is ephemeral; what should last is a video.
    uint256 public constant MAX_LIFETIME = 7 days;
    /// @notice The longest caption, in bytes of UTF-8.
    uint256 public constant MAX_CAPTION_BYTES = 280;

    uint256 private _storyCount;
    mapping(uint256 storyId => StoryView) private _stories;

    /// @inheritdoc IStories
    function post(bytes calldata cid, string calldata caption, uint256 lifetime) external returns (uint256 storyId) {
        // Checks
        if (!CidV1.isValid(cid)) revert StoriesMalformedCid(cid);
        uint256 length = bytes(caption).length;
        if (length > MAX_CAPTION_BYTES) revert StoriesCaptionTooLong(length, MAX_CAPTION_BYTES);
        if (lifetime == 0) lifetime = DEFAULT_LIFETIME;
        else if (lifetime < MIN_LIFETIME || lifetime > MAX_LIFETIME) {
            revert StoriesLifetimeOutOfRange(lifetime, MIN_LIFETIME, MAX_LIFETIME);
        }

        // Effects
        storyId = ++_storyCount;
        uint40 postedAt = uint40(block.timestamp);
        uint40 expiresAt = uint40(block.timestamp + lifetime);
        _stories[storyId] = StoryView({creator: msg.sender, postedAt: postedAt, expiresAt: expiresAt, deleted: false});
        emit StoryPosted(storyId, msg.sender, cid, caption, postedAt, expiresAt);
    }

    /// @inheritdoc IStories
    function deleteStory(uint256 storyId) external {
        StoryView storage s = _story(storyId);
        if (s.creator != msg.sender) revert StoriesNotCreator(storyId, msg.sender);
        if (!_live(s)) revert StoriesNotLive(storyId);
        s.deleted = true;
        emit StoryDeleted(storyId, msg.sender, uint40(block.timestamp));
    }

    /// @inheritdoc IStories
    function isLive(uint256 storyId) external view returns (bool) {
        return _live(_story(storyId));
    }

    /// @inheritdoc IStories
    function story(uint256 storyId) external view returns (StoryView memory) {
        return _story(storyId);
    }

    /// @inheritdoc IStories
    function storyCount() external view returns (uint256) {
        return _storyCount;
    }

    function _live(StoryView storage s) private view returns (bool) {
        return !s.deleted && block.timestamp < s.expiresAt;
    }

    function _story(uint256 storyId) private view returns (StoryView storage s) {
        s = _stories[storyId];
        if (s.creator == address(0)) revert StoriesUnknownStory(storyId);
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IVideos} from "./interfaces/IVideos.sol";
import {CidV1} from "./libraries/CidV1.sol";

/// @title Videos
/// @notice The public record of published videos. No owner, no admin, no pause, no upgrade: what is deployed is the
/// rule. A record can be neither edited nor removed.
contract Videos is IVideos {
    struct Video {
        address creator;
        bytes32 manifestHash;
    }

    uint256 private _videoCount;
    mapping(uint256 videoId => Video) private _videos;

    /// @inheritdoc IVideos
    function publish(bytes calldata manifestCid) external returns (uint256 videoId) {
        // Checks
        if (manifestCid.length == 0) revert VideosEmptyCid();
        if (!CidV1.isValid(manifestCid)) revert VideosMalformedCid(manifestCid);
        // A video is a directory (manifest.json, playlists, segments): a raw CID names one file and cannot be one.
        if (!CidV1.isDagPb(manifestCid)) revert VideosNotADirectory(manifestCid);

        // Effects
        videoId = ++_videoCount;
        _videos[videoId] = Video({creator: msg.sender, manifestHash: keccak256(manifestCid)});
        emit VideoPublished(videoId, msg.sender, manifestCid);
    }

    /// @inheritdoc IVideos
    function videoCount() external view returns (uint256) {
        return _videoCount;
    }

    /// @inheritdoc IVideos
    function creatorOf(uint256 videoId) external view returns (address) {
        return _video(videoId).creator;
    }

    /// @inheritdoc IVideos
    function manifestHashOf(uint256 videoId) external view returns (bytes32) {
        return _video(videoId).manifestHash;
    }

    function _video(uint256 videoId) private view returns (Video storage video) {
        video = _videos[videoId];
        if (video.creator == address(0)) revert VideosUnknownVideo(videoId);
    }
}

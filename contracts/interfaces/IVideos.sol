// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title IVideos
/// @notice The public record of published videos. A creator's wallet publishes a video by recording the CID of its
/// manifest directory on IPFS; the creator's own channel is their address. Nobody can remove or edit a record.
/// @dev The manifest CID is a binary CIDv1 of a directory (`0x01`, codec dag-pb `0x70`, sha2-256 multihash), the
/// form `CID.parse(s).bytes` gives in JavaScript. `<cid>/manifest.json` describes the video (see ffmpeg-worker/README.md).
interface IVideos {
    /// @notice Emitted when `creator` publishes a video.
    /// @param videoId The video's id: 1 for the first video, then consecutive.
    /// @param creator The publishing wallet; the video belongs to the creator's own channel.
    /// @param manifestCid The binary CIDv1 of the video's manifest directory on IPFS.
    event VideoPublished(uint256 indexed videoId, address indexed creator, bytes manifestCid);

    /// @notice Thrown when the manifest CID is empty.
    error VideosEmptyCid();

    /// @notice Thrown when the manifest CID is not a binary CIDv1 with a raw or dag-pb codec and a sha2-256 multihash.
    /// @param cid The rejected bytes.
    error VideosMalformedCid(bytes cid);

    /// @notice Thrown when the manifest CID is a well-formed CIDv1 of one file (raw codec) rather than of a directory
    /// (dag-pb): a video is a directory of its manifest, playlists and segments.
    /// @param cid The rejected bytes.
    error VideosNotADirectory(bytes cid);

    /// @notice Thrown when a video id has never been published.
    /// @param videoId The unknown id.
    error VideosUnknownVideo(uint256 videoId);

    /// @notice Publishes a video into the caller's own channel.
    /// @dev Requirements: `manifestCid` is a 36-byte binary CIDv1 (sha2-256; {VideosEmptyCid}, {VideosMalformedCid}) of
    /// a directory, i.e. with the dag-pb codec ({VideosNotADirectory}).
    /// @param manifestCid The binary CIDv1 of the manifest directory.
    /// @return videoId The new video's id.
    function publish(bytes calldata manifestCid) external returns (uint256 videoId);

    /// @notice The number of videos published so far; ids run from 1 to this number.
    function videoCount() external view returns (uint256);

    /// @notice The wallet that published `videoId`.
    /// @dev Reverts with {VideosUnknownVideo} for an id never published.
    function creatorOf(uint256 videoId) external view returns (address);

    /// @notice The keccak256 of the manifest CID bytes of `videoId` (the CID itself is in {VideoPublished}).
    /// @dev Reverts with {VideosUnknownVideo} for an id never published.
    function manifestHashOf(uint256 videoId) external view returns (bytes32);
}

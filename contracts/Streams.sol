// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IChannels} from "./interfaces/IChannels.sol";
import {IStreams} from "./interfaces/IStreams.sol";
import {CidV1} from "./libraries/CidV1.sol";

/// @title Streams
/// @notice The public record of live streams (see {IStreams}). No owner, no admin, no pause, no upgrade: what is
/// deployed is the rule. A record is never removed; it only moves forward, from live to ended to ended with a VOD.
contract Streams is IStreams {
    /// @dev Two slots and one more once a VOD is recorded. `channelId` fits 96 bits: a channel that exists has an id
    /// at most {IChannels-channelCount}, which grows by one per transaction. The VOD is a dag-pb sha2-256 CIDv1, whose
    /// 4-byte prefix is fixed (`0x01701220`), so its digest alone names it.
    struct Stream {
        address creator;
        uint48 startedAt;
        uint48 endedAt;
        address streamKey;
        uint96 channelId;
        bytes32 vodDigest;
    }

    /// @inheritdoc IStreams
    uint256 public constant MAX_TITLE_BYTES = 200;
    /// @inheritdoc IStreams
    uint256 public constant MAX_ROOM_BYTES = 128;
    /// @dev The prefix of every VOD CID: version 1, dag-pb, sha2-256, 32 bytes.
    bytes4 private constant _VOD_CID_PREFIX = bytes4(0x01701220);

    IChannels private immutable _CHANNELS;

    uint256 private _streamCount;
    mapping(uint256 streamId => Stream) private _streams;
    mapping(address streamKey => uint256 streamId) private _streamIdOfKey;

    constructor(IChannels channels_) {
        _CHANNELS = channels_;
    }

    /// @inheritdoc IStreams
    function start(
        uint256 channelId,
        string calldata title,
        string calldata room,
        address streamKey,
        bytes calldata keyProof
    ) external returns (uint256 streamId) {
        // Checks
        _checkLengths(title, room);
        _checkKey(streamKey, keyProof);
        if (channelId != 0) {
            // A view of a contract fixed at deployment (a static call): no reentrancy, no state it could change.
            if (channelId > _CHANNELS.channelCount()) revert StreamsUnknownChannel(channelId);
            if (!_CHANNELS.isMember(channelId, msg.sender)) revert StreamsNotMember(channelId, msg.sender);
        }

        // Effects
        streamId = ++_streamCount;
        // Casts: a timestamp fits 48 bits for millions of years; channelId <= channelCount (see {Stream}).
        _streams[streamId] = Stream({
            creator: msg.sender,
            startedAt: uint48(block.timestamp),
            endedAt: 0,
            streamKey: streamKey,
            channelId: uint96(channelId),
            vodDigest: bytes32(0)
        });
        _streamIdOfKey[streamKey] = streamId;
        emit StreamStarted(streamId, msg.sender, channelId, streamKey, uint48(block.timestamp), title, room);
    }

    /// @inheritdoc IStreams
    function end(uint256 streamId) external {
        Stream storage stream = _starterStream(streamId);
        uint48 endedAt = stream.endedAt;
        if (endedAt != 0) revert StreamsAlreadyEnded(streamId, endedAt);
        endedAt = uint48(block.timestamp);
        stream.endedAt = endedAt;
        emit StreamEnded(streamId, endedAt);
    }

    /// @inheritdoc IStreams
    function setVod(uint256 streamId, bytes calldata manifestCid) external {
        Stream storage stream = _starterStream(streamId);
        if (stream.endedAt == 0) revert StreamsNotEnded(streamId);
        if (stream.vodDigest != 0) revert StreamsVodAlreadyRecorded(streamId);
        if (manifestCid.length == 0) revert StreamsEmptyCid();
        if (!CidV1.isValid(manifestCid)) revert StreamsMalformedCid(manifestCid);
        // A VOD is a directory (manifest.json, playlists, segments), as Videos requires of a manifest.
        if (!CidV1.isDagPb(manifestCid)) revert StreamsNotADirectory(manifestCid);
        bytes32 vodDigest = bytes32(manifestCid[4:]);
        // A zero digest is how the record says "no VOD"; it names no content anyone can produce (a sha2-256 preimage
        // of zero), so refusing it refuses nothing real.
        if (vodDigest == 0) revert StreamsMalformedCid(manifestCid);
        stream.vodDigest = vodDigest;
        emit StreamVodRecorded(streamId, manifestCid);
    }

    /// @inheritdoc IStreams
    function channels() external view returns (IChannels) {
        return _CHANNELS;
    }

    /// @inheritdoc IStreams
    function keyProofHash(address creator) public view returns (bytes32) {
        return keccak256(abi.encode("chorus stream key", block.chainid, address(this), creator));
    }

    /// @inheritdoc IStreams
    function streamCount() external view returns (uint256) {
        return _streamCount;
    }

    /// @inheritdoc IStreams
    function streamOf(uint256 streamId) external view returns (StreamView memory info) {
        Stream storage stream = _stream(streamId);
        info.creator = stream.creator;
        info.channelId = stream.channelId;
        info.streamKey = stream.streamKey;
        info.startedAt = stream.startedAt;
        info.endedAt = stream.endedAt;
        bytes32 vodDigest = stream.vodDigest;
        if (vodDigest != 0) info.vod = abi.encodePacked(_VOD_CID_PREFIX, vodDigest);
    }

    /// @inheritdoc IStreams
    function streamIdOfKey(address streamKey) external view returns (uint256) {
        return _streamIdOfKey[streamKey];
    }

    function _checkLengths(string calldata title, string calldata room) private pure {
        uint256 length = bytes(title).length;
        if (length == 0) revert StreamsEmptyTitle();
        if (length > MAX_TITLE_BYTES) revert StreamsTitleTooLong(length, MAX_TITLE_BYTES);
        length = bytes(room).length;
        if (length == 0) revert StreamsEmptyRoom();
        if (length > MAX_ROOM_BYTES) revert StreamsRoomTooLong(length, MAX_ROOM_BYTES);
    }

    /// @dev A fresh key, whose holder signed that the caller may use it.
    function _checkKey(address streamKey, bytes calldata keyProof) private view {
        if (streamKey == address(0)) revert StreamsZeroStreamKey();
        uint256 usedBy = _streamIdOfKey[streamKey];
        if (usedBy != 0) revert StreamsStreamKeyUsed(streamKey, usedBy);
        (address signer,,) =
            ECDSA.tryRecoverCalldata(MessageHashUtils.toEthSignedMessageHash(keyProofHash(msg.sender)), keyProof);
        if (signer != streamKey) revert StreamsBadKeyProof(streamKey, signer);
    }

    function _stream(uint256 streamId) private view returns (Stream storage stream) {
        stream = _streams[streamId];
        if (stream.creator == address(0)) revert StreamsUnknownStream(streamId);
    }

    /// @dev The stream, if the caller started it.
    function _starterStream(uint256 streamId) private view returns (Stream storage stream) {
        stream = _stream(streamId);
        address creator = stream.creator;
        if (creator != msg.sender) revert StreamsNotStarter(streamId, msg.sender, creator);
    }
}

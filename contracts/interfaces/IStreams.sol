// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IChannels} from "./IChannels.sol";

/// @title IStreams
/// @notice The public record of live streams. A creator's wallet starts a stream with one transaction that names its
/// pubsub room and the address of a key made for this stream alone; every announcement of a segment and every
/// moderation message of the stream is signed by that key and checked off-chain by each viewer's node, so the wallet
/// signs once. The creator ends the stream with a second transaction and, once its segments are assembled, records the
/// VOD it became. No owner, no admin: nobody but the starter can end a stream or name its VOD, and nobody can edit or
/// remove a record.
/// @dev Authorisation. `channelId == 0` is the caller's own channel (their address, as in {IVideos}). Otherwise the
/// caller must be a member of that community channel of {IChannels} at the moment of the call: membership is the
/// authorisation, as it is to propose in a channel. A member who abuses it is removed by the channel's own vote, after
/// which they cannot start another stream there; a stream already started stays on record (and its starter may still
/// end it and name its VOD, which never publishes anything into the channel).
///
/// Stream keys. `streamKey` is the address of a fresh secp256k1 key. It may serve one stream only, ever: an old key
/// reused would let its old, signed announcements pass as the new stream's. To start, the key signs {keyProofHash} of
/// the caller (EIP-191, `personal_sign` of the 32 bytes): so nobody who sees a pending start can take its key for a
/// stream of their own, neither to claim the creator's segments under another name nor to make the creator's start
/// fail.
///
/// Ending. A stream never ended on chain (a crash, a lost wallet) is taken as ended by readers after a grace period
/// without announcements; that period is a constant of the off-chain protocol, not of this contract. `endedAt` is 0
/// while the stream is live; chains' timestamps are never 0.
interface IStreams {
    /// @notice A stream as {streamOf} returns it.
    /// @param creator The wallet that started it.
    /// @param channelId The community channel it was started in, or 0 for the creator's own channel.
    /// @param streamKey The address of the key that signs its announcements and moderation.
    /// @param startedAt The timestamp of the block that started it.
    /// @param endedAt The timestamp of the block that ended it, or 0 while it has not been ended on chain.
    /// @param vod The binary CIDv1 of the manifest directory of the VOD it became, or empty until recorded.
    struct StreamView {
        address creator;
        uint256 channelId;
        address streamKey;
        uint48 startedAt;
        uint48 endedAt;
        bytes vod;
    }

    /// @notice Emitted when a stream starts.
    /// @param streamId The stream's id: 1 for the first stream, then consecutive.
    /// @param creator The starting wallet.
    /// @param channelId The community channel, or 0 for the creator's own channel.
    /// @param streamKey The address of the stream's key: viewers accept only announcements it signed.
    /// @param startedAt The block's timestamp.
    /// @param title The stream's title, UTF-8.
    /// @param room The pubsub topic its announcements and chat are published in.
    event StreamStarted(
        uint256 indexed streamId,
        address indexed creator,
        uint256 indexed channelId,
        address streamKey,
        uint48 startedAt,
        string title,
        string room
    );

    /// @notice Emitted when the starter ends a stream.
    /// @param streamId The stream.
    /// @param endedAt The block's timestamp.
    event StreamEnded(uint256 indexed streamId, uint48 endedAt);

    /// @notice Emitted when the starter records the VOD an ended stream became.
    /// @param streamId The stream.
    /// @param manifestCid The binary CIDv1 of the VOD's manifest directory (as {IVideos-publish} accepts).
    event StreamVodRecorded(uint256 indexed streamId, bytes manifestCid);

    /// @notice Thrown when the title is empty.
    error StreamsEmptyTitle();

    /// @notice Thrown when the title is longer than {MAX_TITLE_BYTES} bytes.
    /// @param length The title's length in bytes.
    /// @param max The limit.
    error StreamsTitleTooLong(uint256 length, uint256 max);

    /// @notice Thrown when the room is empty.
    error StreamsEmptyRoom();

    /// @notice Thrown when the room is longer than {MAX_ROOM_BYTES} bytes.
    /// @param length The room's length in bytes.
    /// @param max The limit.
    error StreamsRoomTooLong(uint256 length, uint256 max);

    /// @notice Thrown when the stream key is the zero address.
    error StreamsZeroStreamKey();

    /// @notice Thrown when the stream key already served a stream: make a fresh key for every stream.
    /// @param streamKey The key.
    /// @param streamId The stream it served.
    error StreamsStreamKeyUsed(address streamKey, uint256 streamId);

    /// @notice Thrown when the key proof is not the stream key's signature of {keyProofHash} of the caller.
    /// @param streamKey The key named.
    /// @param signer The address the proof recovers to (zero if it is not a valid signature at all).
    error StreamsBadKeyProof(address streamKey, address signer);

    /// @notice Thrown when a community channel id was never created.
    /// @param channelId The unknown id.
    error StreamsUnknownChannel(uint256 channelId);

    /// @notice Thrown when the caller is not a member of the community channel they start a stream in.
    /// @param channelId The channel.
    /// @param account The caller.
    error StreamsNotMember(uint256 channelId, address account);

    /// @notice Thrown when a stream id was never started.
    /// @param streamId The unknown id.
    error StreamsUnknownStream(uint256 streamId);

    /// @notice Thrown when someone other than the starter ends a stream or records its VOD.
    /// @param streamId The stream.
    /// @param caller The caller.
    /// @param creator The starter.
    error StreamsNotStarter(uint256 streamId, address caller, address creator);

    /// @notice Thrown when ending a stream that was already ended.
    /// @param streamId The stream.
    /// @param endedAt When it was ended.
    error StreamsAlreadyEnded(uint256 streamId, uint48 endedAt);

    /// @notice Thrown when recording the VOD of a stream still live: end it first.
    /// @param streamId The stream.
    error StreamsNotEnded(uint256 streamId);

    /// @notice Thrown when the stream's VOD was already recorded; a record is never replaced.
    /// @param streamId The stream.
    error StreamsVodAlreadyRecorded(uint256 streamId);

    /// @notice Thrown when the VOD manifest CID is empty.
    error StreamsEmptyCid();

    /// @notice Thrown when the VOD manifest CID is not a binary CIDv1 with a raw or dag-pb codec and a sha2-256
    /// multihash, or its digest is zero (which names no content anyone can produce).
    /// @param cid The rejected bytes.
    error StreamsMalformedCid(bytes cid);

    /// @notice Thrown when the VOD manifest CID names one file (raw codec) rather than a directory (dag-pb).
    /// @param cid The rejected bytes.
    error StreamsNotADirectory(bytes cid);

    /// @notice Starts a stream: in the caller's own channel (`channelId` 0) or in a community channel they are a
    /// member of.
    /// @dev Requirements: `title` of 1 to {MAX_TITLE_BYTES} bytes ({StreamsEmptyTitle}, {StreamsTitleTooLong});
    /// `room` of 1 to {MAX_ROOM_BYTES} bytes ({StreamsEmptyRoom}, {StreamsRoomTooLong}); clients derive it as
    /// `chorus/live/<chainId>/<streamKey>`, but only its length is checked. `streamKey` non-zero
    /// ({StreamsZeroStreamKey}), never used before ({StreamsStreamKeyUsed}), and `keyProof` its 65-byte signature of
    /// {keyProofHash}`(msg.sender)` ({StreamsBadKeyProof}). A non-zero `channelId` exists ({StreamsUnknownChannel}) and
    /// has the caller as a member now ({StreamsNotMember}).
    /// @param channelId The community channel, or 0 for the caller's own channel.
    /// @param title The title, UTF-8.
    /// @param room The pubsub topic of its announcements and chat.
    /// @param streamKey The address of the key made for this stream.
    /// @param keyProof The stream key's EIP-191 signature of {keyProofHash}`(msg.sender)`.
    /// @return streamId The new stream's id.
    function start(
        uint256 channelId,
        string calldata title,
        string calldata room,
        address streamKey,
        bytes calldata keyProof
    ) external returns (uint256 streamId);

    /// @notice Ends a live stream.
    /// @dev Requirements: the stream exists ({StreamsUnknownStream}), the caller started it ({StreamsNotStarter}), and
    /// it was not ended yet ({StreamsAlreadyEnded}).
    /// @param streamId The stream.
    function end(uint256 streamId) external;

    /// @notice Records the VOD an ended stream became: the manifest directory its segments were assembled into. This
    /// publishes nothing; publishing it as a video ({IVideos-publish}, or a channel's submission) is a separate step.
    /// @dev Requirements: the stream exists ({StreamsUnknownStream}), the caller started it ({StreamsNotStarter}), it
    /// was ended ({StreamsNotEnded}) and has no VOD yet ({StreamsVodAlreadyRecorded}); `manifestCid` is a 36-byte
    /// binary CIDv1 (sha2-256) of a directory ({StreamsEmptyCid}, {StreamsMalformedCid}, {StreamsNotADirectory}).
    /// @param streamId The stream.
    /// @param manifestCid The binary CIDv1 of the VOD's manifest directory.
    function setVod(uint256 streamId, bytes calldata manifestCid) external;

    /// @notice The longest title accepted, in bytes.
    function MAX_TITLE_BYTES() external view returns (uint256);

    /// @notice The longest room accepted, in bytes.
    function MAX_ROOM_BYTES() external view returns (uint256);

    /// @notice The {IChannels} whose membership authorises streams in community channels.
    function channels() external view returns (IChannels);

    /// @notice The 32 bytes a stream key signs (EIP-191 `personal_sign`, i.e. viem's `signMessage({ message: { raw }
    /// })`) to be used by `creator` on this chain and this contract: `keccak256(abi.encode("chorus stream key",
    /// block.chainid, address(this), creator))`.
    function keyProofHash(address creator) external view returns (bytes32);

    /// @notice The number of streams started so far; ids run from 1 to this number.
    function streamCount() external view returns (uint256);

    /// @notice A stream's record.
    /// @dev Reverts with {StreamsUnknownStream} for an id never started.
    function streamOf(uint256 streamId) external view returns (StreamView memory);

    /// @notice The stream a key served, or 0 if it never served one (and so may start one).
    function streamIdOfKey(address streamKey) external view returns (uint256);
}

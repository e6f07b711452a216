// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {IStreams} from "../../contracts/interfaces/IStreams.sol";
import {Channels} from "../../contracts/Channels.sol";
import {Streams} from "../../contracts/Streams.sol";

/// @dev Drives {Streams} (and the membership of one {Channels} channel) with random calls from a cast of four accounts,
/// and keeps a reference model written from the rules in test/invariant/README.md, not from the contract: which keys
/// have served, who is a member of the channel now, and each stream's starter, channel, key, times and VOD. Before each
/// call the model says whether it must succeed; a call that reverts when it should have succeeded, or succeeds when it
/// should have reverted, is recorded and fails the run.
contract StreamsHandler is Test {
    Streams public streams;
    Channels public channels;

    uint256 public constant ACTORS = 4;
    /// @dev The one community channel; id 2 is never created.
    uint256 public constant CHANNEL = 1;

    struct GhostStream {
        address creator;
        uint256 channelId;
        address streamKey;
        uint48 startedAt;
        uint48 endedAt;
        bytes32 vodDigest;
        /// @dev The channel's membership epoch when it started, to ask {Channels} itself whether the starter was a
        /// member then.
        uint48 epochAtStart;
    }

    mapping(address account => bool) public ghostMember;
    uint256 public ghostMemberCount;
    uint256 public ghostStreamCount;
    mapping(uint256 streamId => GhostStream) internal _stream;
    /// @dev Stream keys made so far, by index (private key = index + 1); which have served a stream.
    uint256 public keysMade;
    mapping(address streamKey => uint256 streamId) public ghostStreamIdOfKey;

    uint256 public unexpectedOutcomes;
    string public firstUnexpected;
    mapping(bytes32 action => uint256) public calls;
    uint256 public actions;
    uint256 public startAttempts;

    modifier action() {
        actions++;
        _;
    }

    constructor(Streams streams_, Channels channels_) {
        streams = streams_;
        channels = channels_;
        // One vote of any size passes, so a member's own proposal changes the membership at once; members only.
        address[] memory founders = new address[](2);
        (founders[0], founders[1]) = (actor(0), actor(1));
        bytes memory cid = abi.encodePacked(bytes4(0x01701220), keccak256("channel"));
        channels.createChannel(
            cid,
            cid,
            founders,
            IChannels.Rules({
                submitters: IChannels.Submitters.MembersOnly,
                thresholdKind: IChannels.ThresholdKind.Absolute,
                threshold: 1,
                votingPeriod: 1 days
            })
        );
        (ghostMember[actor(0)], ghostMember[actor(1)], ghostMemberCount) = (true, true, 2);
    }

    function actor(uint256 index) public pure returns (address) {
        return address(uint160(0xC0FFEE00 + index % ACTORS));
    }

    function ghostStream(uint256 streamId) external view returns (GhostStream memory) {
        return _stream[streamId];
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Starts a stream: in the caller's own channel (two times in five), in the community channel (two in five; by
    /// a member unless flag bit 2) or in a channel never created; with a fresh key or (one in four, flags & 3 == 1) one
    /// that already served; with a proof signed for the caller or (flags & 3 == 2) for someone else; one title in
    /// sixteen a byte too long.
    function start(uint256 actorSeed, uint256 channelSeed, uint256 keySeed, uint256 titleSeed, uint8 flags)
        external
        action
    {
        startAttempts++;
        // The first start of a run is a valid one in the caller's own channel, so that every run has a stream to end,
        // record and reuse the key of.
        if (ghostStreamCount == 0) (channelSeed, flags, titleSeed) = (0, 0, 1);
        uint256 channelId = [uint256(0), 0, CHANNEL, CHANNEL, 2][channelSeed % 5];
        address caller = channelId == CHANNEL && flags & 4 == 0 ? _memberFrom(actorSeed) : actor(actorSeed);
        uint256 privateKey = flags & 3 == 1 && keysMade > 0 ? keySeed % keysMade + 1 : ++keysMade;
        address streamKey = vm.addr(privateKey);
        address signedFor = flags & 3 == 2 ? actor(actorSeed + 1) : caller;
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(privateKey, MessageHashUtils.toEthSignedMessageHash(streams.keyProofHash(signedFor)));
        uint256 titleLength =
            titleSeed % 16 == 0 ? streams.MAX_TITLE_BYTES() + 1 : _bound(titleSeed, 1, streams.MAX_TITLE_BYTES());

        bool expected = ghostStreamIdOfKey[streamKey] == 0 && signedFor == caller
            && titleLength <= streams.MAX_TITLE_BYTES()
            && (channelId == 0 || (channelId == CHANNEL && ghostMember[caller]));
        uint48 epoch = channels.channel(CHANNEL).epoch;
        vm.prank(caller);
        (bool ok, bytes memory returned) = address(streams).call(
            abi.encodeCall(
                IStreams.start,
                (channelId, string(new bytes(titleLength)), "chorus/live/31337/k", streamKey, abi.encodePacked(r, s, v))
            )
        );
        if (!_outcome(ok, expected, "start", returned)) return;

        uint256 streamId = abi.decode(returned, (uint256));
        if (streamId != ++ghostStreamCount) _unexpected("stream ids are consecutive");
        _stream[streamId] = GhostStream({
            creator: caller,
            channelId: channelId,
            streamKey: streamKey,
            startedAt: uint48(block.timestamp),
            endedAt: 0,
            vodDigest: 0,
            epochAtStart: epoch
        });
        ghostStreamIdOfKey[streamKey] = streamId;
    }

    /// @dev The starter ends a live stream (the first from a random one on), or, one call in four, a random account
    /// ends a random stream, live or already ended.
    function end(uint256 streamSeed, uint256 actorSeed, uint8 mode) external action {
        if (ghostStreamCount == 0) return;
        bool byOther = mode % 4 == 0;
        uint256 streamId = _bound(streamSeed, 1, ghostStreamCount);
        for (uint256 i; !byOther && i < ghostStreamCount && _stream[streamId].endedAt != 0; ++i) {
            streamId = streamId % ghostStreamCount + 1;
        }
        GhostStream storage g = _stream[streamId];
        address caller = byOther ? actor(actorSeed) : g.creator;
        bool expected = caller == g.creator && g.endedAt == 0;
        vm.prank(caller);
        (bool ok, bytes memory returned) = address(streams).call(abi.encodeCall(IStreams.end, (streamId)));
        if (_outcome(ok, expected, "end", returned)) g.endedAt = uint48(block.timestamp);
    }

    /// @dev The starter (or someone else) records a VOD for a random stream: refused while live and once recorded.
    function setVod(uint256 streamSeed, uint256 actorSeed, bool byOther, uint256 digestSeed) external action {
        if (ghostStreamCount == 0) return;
        uint256 streamId = _bound(streamSeed, 1, ghostStreamCount);
        GhostStream storage g = _stream[streamId];
        address caller = byOther ? actor(actorSeed) : g.creator;
        bytes32 digest = keccak256(abi.encode(digestSeed));
        bool expected = caller == g.creator && g.endedAt != 0 && g.vodDigest == 0;
        vm.prank(caller);
        (bool ok, bytes memory returned) = address(streams).call(
            abi.encodeCall(IStreams.setVod, (streamId, abi.encodePacked(bytes4(0x01701220), digest)))
        );
        if (_outcome(ok, expected, "setVod", returned)) g.vodDigest = digest;
    }

    /// @dev The channel's vote adds a random account, or removes it when it is a member (never the last one).
    function changeMembership(uint256 actorSeed) external action {
        address account = actor(actorSeed);
        bool remove = ghostMember[account];
        if (remove && ghostMemberCount == 1) return;
        address proposer = remove ? _otherMember(account) : _otherMember(address(0));
        vm.prank(proposer);
        if (remove) channels.proposeRemoveMember(CHANNEL, account);
        else channels.proposeAddMember(CHANNEL, account);
        ghostMember[account] = !remove;
        remove ? ghostMemberCount-- : ghostMemberCount++;
        calls["membership"]++;
    }

    function warp(uint256 secondsSeed) external action {
        vm.warp(block.timestamp + _bound(secondsSeed, 1, 6 hours));
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev The first member from a random actor on.
    function _memberFrom(uint256 actorSeed) internal view returns (address) {
        for (uint256 a; a < ACTORS; ++a) {
            if (ghostMember[actor(actorSeed + a)]) return actor(actorSeed + a);
        }
        revert("no member"); // unreachable: a channel always has a member
    }

    function _otherMember(address except) internal view returns (address) {
        for (uint256 a; a < ACTORS; ++a) {
            if (ghostMember[actor(a)] && actor(a) != except) return actor(a);
        }
        revert("no other member"); // unreachable: a channel keeps two members before it loses one
    }

    function _outcome(bool ok, bool expected, bytes32 name, bytes memory returned) internal returns (bool) {
        if (ok != expected) {
            _unexpected(string.concat(
                ok ? "a call the model refuses succeeded: " : "a call the model accepts reverted: ",
                string(abi.encodePacked(name)), " ", vm.toString(returned)
            ));
        }
        if (ok) calls[name]++;
        return ok;
    }

    function _unexpected(string memory what) internal {
        if (unexpectedOutcomes++ == 0) firstUnexpected = what;
    }
}

/// @dev The invariants of test/invariant/README.md ("Streams"), asserted after every call of a random sequence.
/// Abstract for the same reason as {ChannelsInvariants}: test/contracts/StreamsInvariant.t.sol makes it concrete.
abstract contract StreamsInvariants is StdInvariant, Test {
    Streams internal streams;
    Channels internal channels;
    StreamsHandler internal handler;

    function _newHandler(Streams streams_, Channels channels_) internal virtual returns (StreamsHandler);

    function setUp() public virtual {
        vm.warp(1_800_000_000);
        channels = new Channels();
        streams = new Streams(channels);
        handler = _newHandler(streams, channels);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](5);
        selectors[0] = StreamsHandler.start.selector;
        selectors[1] = StreamsHandler.end.selector;
        selectors[2] = StreamsHandler.setVod.selector;
        selectors[3] = StreamsHandler.changeMembership.selector;
        selectors[4] = StreamsHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev 1. Every call had the outcome the rules give it: a fresh, proven key and a member (or one's own channel)
    /// starts; a reused key, a proof for someone else, a non-member, an unknown channel, an over-long title do not;
    /// only the starter ends a live stream, once; only the starter records the VOD of an ended stream, once.
    function invariant_EveryCallHasTheExpectedOutcome() public view {
        assertEq(handler.unexpectedOutcomes(), 0, handler.firstUnexpected());
    }

    /// @dev 2. Every stream is the model's: starter, channel, key, start time; ended exactly when and as its starter
    /// ended it (an ended stream never goes live again, its end time never moves); its VOD the one its starter recorded.
    function invariant_StreamsMatchTheModel() public view {
        uint256 count = streams.streamCount();
        assertEq(count, handler.ghostStreamCount(), "stream count");
        for (uint256 id = 1; id <= count; ++id) {
            IStreams.StreamView memory s = streams.streamOf(id);
            StreamsHandler.GhostStream memory g = handler.ghostStream(id);
            assertEq(s.creator, g.creator, "starter");
            assertEq(s.channelId, g.channelId, "channel");
            assertEq(s.streamKey, g.streamKey, "stream key");
            assertEq(s.startedAt, g.startedAt, "started at");
            assertEq(s.endedAt, g.endedAt, "ended at: only by the starter, once, never undone");
            bytes memory vod = g.vodDigest == 0 ? bytes("") : abi.encodePacked(bytes4(0x01701220), g.vodDigest);
            assertEq(s.vod, vod, "VOD: recorded once, by the starter, after the end");
        }
    }

    /// @dev 3. A stream key serves one stream, ever: each stream's key maps back to that stream alone.
    function invariant_AKeyServesOneStream() public view {
        uint256 count = streams.streamCount();
        for (uint256 id = 1; id <= count; ++id) {
            assertEq(streams.streamIdOfKey(streams.streamOf(id).streamKey), id, "the key maps back to its one stream");
        }
    }

    /// @dev 4. A community channel's stream was started by a member of the channel at that moment, by {Channels}'
    /// own membership history.
    function invariant_ChannelStreamsStartedByMembers() public view {
        uint256 count = streams.streamCount();
        for (uint256 id = 1; id <= count; ++id) {
            StreamsHandler.GhostStream memory g = handler.ghostStream(id);
            if (g.channelId == 0) continue;
            assertTrue(channels.isMemberAt(g.channelId, g.creator, g.epochAtStart), "a member when it started");
        }
    }

    /// @dev A run that tried to start a stream and started none tested nothing (the first start of a run is always a
    /// valid one). Ending is not required of every run: with five actions, a short run now and then ends nothing; the
    /// mutants show that the suite reaches every path.
    function afterInvariant() external view {
        if (handler.startAttempts() == 0) return;
        assertGt(handler.calls("start"), 0, "no stream was started in this run");
    }
}

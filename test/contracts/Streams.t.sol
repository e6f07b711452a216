// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Test} from "forge-std/Test.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {IStreams} from "../../contracts/interfaces/IStreams.sol";
import {Channels} from "../../contracts/Channels.sol";
import {Streams} from "../../contracts/Streams.sol";

contract StreamsTest is Test {
    Channels internal channels;
    Streams internal streams;

    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant OUTSIDER = address(0x0075);
    uint256 internal constant CHANNEL = 1;
    bytes internal constant DIRECTORY = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
    bytes internal constant FILE = hex"01551220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    function setUp() public {
        vm.warp(1_800_000_000);
        channels = new Channels();
        streams = new Streams(channels);
        // Channel 1: Alice and Bob, one vote passes, members only.
        address[] memory founders = new address[](2);
        (founders[0], founders[1]) = (ALICE, BOB);
        channels.createChannel(
            DIRECTORY,
            DIRECTORY,
            founders,
            IChannels.Rules({
                submitters: IChannels.Submitters.MembersOnly,
                thresholdKind: IChannels.ThresholdKind.Absolute,
                threshold: 1,
                votingPeriod: 1 days
            })
        );
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _key(uint256 seed) internal pure returns (uint256 privateKey) {
        privateKey = _bound(seed, 1, 115792089237316195423570985008687907852837564279074904382605163141518161494336);
    }

    function _proof(uint256 privateKey, address creator) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(privateKey, MessageHashUtils.toEthSignedMessageHash(streams.keyProofHash(creator)));
        return abi.encodePacked(r, s, v);
    }

    function _start(address creator, uint256 channelId, uint256 keySeed) internal returns (uint256) {
        uint256 privateKey = _key(keySeed);
        bytes memory proof = _proof(privateKey, creator); // before the prank: it reads the contract
        vm.prank(creator);
        return streams.start(channelId, "Live", "chorus/live/31337/x", vm.addr(privateKey), proof);
    }

    // ─── start ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_StartsInTheCreatorsOwnChannel() public {
        uint256 privateKey = 0x5EED;
        address key = vm.addr(privateKey);
        bytes memory proof = _proof(privateKey, ALICE);
        vm.expectEmit(true, true, true, true, address(streams));
        emit IStreams.StreamStarted(1, ALICE, 0, key, 1_800_000_000, "Saturday jam", "chorus/live/31337/k");
        vm.prank(ALICE);
        uint256 id = streams.start(0, "Saturday jam", "chorus/live/31337/k", key, proof);
        assertEq(id, 1, "first id is 1");
        assertEq(streams.streamCount(), 1, "count");
        IStreams.StreamView memory s = streams.streamOf(id);
        assertEq(s.creator, ALICE, "creator");
        assertEq(s.channelId, 0, "own channel");
        assertEq(s.streamKey, key, "stream key");
        assertEq(s.startedAt, 1_800_000_000, "started at");
        assertEq(s.endedAt, 0, "live");
        assertEq(s.vod.length, 0, "no VOD yet");
        assertEq(streams.streamIdOfKey(key), 1, "the key served stream 1");
        assertEq(address(streams.channels()), address(channels), "channels");
    }

    function test_StartsInACommunityChannelForAMember() public {
        vm.expectEmit(true, true, true, false, address(streams));
        emit IStreams.StreamStarted(1, BOB, CHANNEL, address(0), 0, "", "");
        uint256 id = _start(BOB, CHANNEL, 7);
        assertEq(streams.streamOf(id).channelId, CHANNEL, "channel recorded");
    }

    function test_RevertWhen_NotAMemberOfTheChannel() public {
        uint256 privateKey = 7;
        bytes memory proof = _proof(privateKey, OUTSIDER);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsNotMember.selector, CHANNEL, OUTSIDER));
        vm.prank(OUTSIDER);
        streams.start(CHANNEL, "t", "r", vm.addr(privateKey), proof);
    }

    function test_RevertWhen_UnknownChannel() public {
        uint256 privateKey = 7;
        bytes memory proof = _proof(privateKey, ALICE);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsUnknownChannel.selector, 2));
        vm.prank(ALICE);
        streams.start(2, "t", "r", vm.addr(privateKey), proof);
    }

    /// @dev Membership is checked now: a member removed by the channel's vote cannot start another stream there,
    /// and a stream started before stays on record and may still be ended by its starter.
    function test_RemovedMemberCannotStartButEndsTheirStream() public {
        uint256 id = _start(BOB, CHANNEL, 1);
        vm.prank(ALICE);
        channels.proposeRemoveMember(CHANNEL, BOB); // one vote passes: Alice's own
        assertFalse(channels.isMember(CHANNEL, BOB), "Bob removed");
        uint256 privateKey = 2;
        bytes memory proof = _proof(privateKey, BOB);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsNotMember.selector, CHANNEL, BOB));
        vm.prank(BOB);
        streams.start(CHANNEL, "t", "r", vm.addr(privateKey), proof);
        vm.prank(BOB);
        streams.end(id);
        assertGt(streams.streamOf(id).endedAt, 0, "ended");
    }

    function test_RevertWhen_StreamKeyReused() public {
        _start(ALICE, 0, 42);
        uint256 privateKey = _key(42);
        bytes memory proof = _proof(privateKey, ALICE);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsStreamKeyUsed.selector, vm.addr(privateKey), 1));
        vm.prank(ALICE);
        streams.start(0, "t", "r", vm.addr(privateKey), proof);
    }

    function test_RevertWhen_ZeroStreamKey() public {
        vm.expectRevert(IStreams.StreamsZeroStreamKey.selector);
        streams.start(0, "t", "r", address(0), "");
    }

    /// @dev A proof made for another creator (e.g. copied from a pending start) does not let anyone else use the key.
    function test_RevertWhen_KeyProofIsForAnotherCreator() public {
        uint256 privateKey = 9;
        bytes memory proof = _proof(privateKey, ALICE);
        vm.prank(BOB);
        // The recovered signer is some other address; only the selector and key are certain.
        vm.expectPartialRevert(IStreams.StreamsBadKeyProof.selector);
        streams.start(0, "t", "r", vm.addr(privateKey), proof);
        assertEq(streams.streamIdOfKey(vm.addr(privateKey)), 0, "the key stays unused");
    }

    function test_RevertWhen_KeyProofBySomeOtherKey() public {
        bytes memory proof = _proof(10, ALICE);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsBadKeyProof.selector, vm.addr(9), vm.addr(10)));
        vm.prank(ALICE);
        streams.start(0, "t", "r", vm.addr(9), proof);
    }

    function test_RevertWhen_KeyProofIsNotASignature() public {
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsBadKeyProof.selector, vm.addr(9), address(0)));
        vm.prank(ALICE);
        streams.start(0, "t", "r", vm.addr(9), hex"1234");
    }

    function test_RevertWhen_EmptyTitle() public {
        vm.expectRevert(IStreams.StreamsEmptyTitle.selector);
        streams.start(0, "", "r", vm.addr(9), "");
    }

    function test_RevertWhen_EmptyRoom() public {
        vm.expectRevert(IStreams.StreamsEmptyRoom.selector);
        streams.start(0, "t", "", vm.addr(9), "");
    }

    function test_LimitsAreInclusive() public {
        uint256 privateKey = 12;
        bytes memory proof = _proof(privateKey, ALICE);
        vm.prank(ALICE);
        streams.start(0, string(new bytes(200)), string(new bytes(128)), vm.addr(privateKey), proof);
        proof = _proof(++privateKey, ALICE);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsTitleTooLong.selector, 201, 200));
        vm.prank(ALICE);
        streams.start(0, string(new bytes(201)), "r", vm.addr(privateKey), proof);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsRoomTooLong.selector, 129, 128));
        vm.prank(ALICE);
        streams.start(0, "t", string(new bytes(129)), vm.addr(privateKey), proof);
        assertEq(streams.streamCount(), 1, "only the one within limits");
    }

    function testFuzz_TitleAndRoomLimits(uint16 titleLength, uint16 roomLength) public {
        titleLength = uint16(_bound(titleLength, 1, 400));
        roomLength = uint16(_bound(roomLength, 1, 300));
        string memory title = string(new bytes(titleLength));
        string memory room = string(new bytes(roomLength));
        uint256 privateKey = 11;
        bytes memory proof = _proof(privateKey, ALICE);
        if (titleLength > 200) {
            vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsTitleTooLong.selector, titleLength, 200));
        } else if (roomLength > 128) {
            vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsRoomTooLong.selector, roomLength, 128));
        }
        vm.prank(ALICE);
        streams.start(0, title, room, vm.addr(privateKey), proof);
        if (titleLength <= 200 && roomLength <= 128) assertEq(streams.streamCount(), 1, "accepted within limits");
        else assertEq(streams.streamCount(), 0, "refused beyond limits");
    }

    function testFuzz_EveryFreshKeyStartsOnceAndIdsAreConsecutive(uint256 seed, uint8 count) public {
        count = uint8(_bound(count, 1, 20));
        for (uint256 i = 1; i <= count; ++i) {
            uint256 privateKey = _key(uint256(keccak256(abi.encode(seed, i))));
            assertEq(_start(ALICE, i % 2 == 0 ? 0 : CHANNEL, privateKey), i, "ids run 1..n");
            assertEq(streams.streamIdOfKey(vm.addr(privateKey)), i, "key recorded");
        }
        assertEq(streams.streamCount(), count, "count");
    }

    // ─── end ─────────────────────────────────────────────────────────────────────────────────────────────────────

    function test_StarterEndsOnce() public {
        uint256 id = _start(ALICE, 0, 1);
        vm.warp(1_800_003_600);
        vm.expectEmit(true, false, false, true, address(streams));
        emit IStreams.StreamEnded(id, 1_800_003_600);
        vm.prank(ALICE);
        streams.end(id);
        assertEq(streams.streamOf(id).endedAt, 1_800_003_600, "ended at");
        vm.warp(1_800_007_200);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsAlreadyEnded.selector, id, 1_800_003_600));
        vm.prank(ALICE);
        streams.end(id);
    }

    function test_RevertWhen_SomeoneElseEnds() public {
        uint256 id = _start(BOB, CHANNEL, 1);
        // Not even another member of the channel.
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsNotStarter.selector, id, ALICE, BOB));
        vm.prank(ALICE);
        streams.end(id);
    }

    function test_RevertWhen_EndingUnknownStream() public {
        _start(ALICE, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsUnknownStream.selector, 2));
        streams.end(2);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsUnknownStream.selector, 0));
        streams.streamOf(0);
    }

    // ─── setVod ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_RecordsTheVodOfAnEndedStreamOnce() public {
        uint256 id = _start(ALICE, 0, 1);
        vm.startPrank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsNotEnded.selector, id));
        streams.setVod(id, DIRECTORY);
        streams.end(id);
        vm.expectEmit(true, false, false, true, address(streams));
        emit IStreams.StreamVodRecorded(id, DIRECTORY);
        streams.setVod(id, DIRECTORY);
        assertEq(streams.streamOf(id).vod, DIRECTORY, "the VOD CID, whole");
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsVodAlreadyRecorded.selector, id));
        streams.setVod(id, DIRECTORY);
        vm.stopPrank();
    }

    function test_RevertWhen_SomeoneElseSetsTheVod() public {
        uint256 id = _start(ALICE, 0, 1);
        vm.prank(ALICE);
        streams.end(id);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsNotStarter.selector, id, BOB, ALICE));
        vm.prank(BOB);
        streams.setVod(id, DIRECTORY);
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsUnknownStream.selector, 9));
        streams.setVod(9, DIRECTORY);
    }

    function test_RevertWhen_VodIsAFile() public {
        uint256 id = _endedStream();
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsNotADirectory.selector, FILE));
        vm.prank(ALICE);
        streams.setVod(id, FILE);
    }

    function test_RevertWhen_VodIsEmpty() public {
        uint256 id = _endedStream();
        vm.expectRevert(IStreams.StreamsEmptyCid.selector);
        vm.prank(ALICE);
        streams.setVod(id, "");
    }

    function test_RevertWhen_VodDigestIsZero() public {
        uint256 id = _endedStream();
        bytes memory zero = abi.encodePacked(bytes4(0x01701220), bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsMalformedCid.selector, zero));
        vm.prank(ALICE);
        streams.setVod(id, zero);
    }

    function testFuzz_VodAcceptsEveryDirectoryCidAndRejectsOtherShapes(bytes calldata cid) public {
        uint256 id = _endedStream();
        bool wellFormed = cid.length == 36 && cid[0] == 0x01 && (cid[1] == 0x55 || cid[1] == 0x70) && cid[2] == 0x12
            && cid[3] == 0x20 && bytes32(cid[4:]) != 0;
        if (cid.length == 0) vm.expectRevert(IStreams.StreamsEmptyCid.selector);
        else if (!wellFormed) vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsMalformedCid.selector, cid));
        else if (cid[1] != 0x70) vm.expectRevert(abi.encodeWithSelector(IStreams.StreamsNotADirectory.selector, cid));
        vm.prank(ALICE);
        streams.setVod(id, cid);
        if (wellFormed && cid[1] == 0x70) assertEq(streams.streamOf(id).vod, cid, "recorded whole");
    }

    function testFuzz_VodOfEveryDirectoryDigest(bytes32 digest) public {
        vm.assume(digest != 0);
        uint256 id = _endedStream();
        bytes memory cid = abi.encodePacked(bytes4(0x01701220), digest);
        vm.prank(ALICE);
        streams.setVod(id, cid);
        assertEq(streams.streamOf(id).vod, cid, "recorded whole");
    }

    function _endedStream() internal returns (uint256 id) {
        id = _start(ALICE, 0, 1);
        vm.prank(ALICE);
        streams.end(id);
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Test} from "forge-std/Test.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {Channels} from "../../contracts/Channels.sol";
import {Streams} from "../../contracts/Streams.sol";

/// @dev Deterministic calls whose gas is committed in `.gas-snapshot` and checked in CI (`npm test`). The state is warm
/// as on a live chain: one stream already started (the counter is non-zero). Titles and rooms are of a typical length:
/// a 24-byte title and the 63-byte room `chorus/live/<chainId>/<streamKey>` clients derive.
contract StreamsGasTest is Test {
    Channels internal channels;
    Streams internal streams;

    address internal constant ALICE = address(0xA11CE);
    uint256 internal constant KEY = 0x5EED;
    uint256 internal constant CHANNEL_KEY = 0x5EED2;
    uint256 internal constant LIVE = 1;
    string internal constant TITLE = "Saturday night live jam";
    string internal constant ROOM = "chorus/live/31337/0x0000000000000000000000000000000000005EED";
    bytes internal constant CID = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    // Constants rather than storage, so that the harness adds no cold reads to the measured calls; setUp checks them
    // (the signatures depend only on the contract's address and chain id, both fixed in this test).
    bytes internal constant PROOF =
        hex"212181237d8b751a0e94d097d0d069df09a8d8865faa8d3c07b1f242c55a9f880ba0926b252eae20eeb6f98844cd8ecb4e80746794bd372e79c781882024b9b01b";
    bytes internal constant CHANNEL_PROOF =
        hex"5e32c5c812ac18a5bc9b2c3ff6494e2da0e323de69f0f61040d1a4039d8a3a57740389008554dac0a010e61e82de4872186edae0c74100d9803058fbdd0006781c";
    address internal constant KEY_ADDRESS = 0xF52B978d064A638e263ad7B397172E414c20BA84;
    address internal constant CHANNEL_KEY_ADDRESS = 0x9cf08035a8f8d8e2FAFD53D3FBD1ADff5BEFA9f1;

    function setUp() public {
        channels = new Channels();
        streams = new Streams(channels);
        address[] memory founders = new address[](1);
        founders[0] = ALICE;
        channels.createChannel(
            CID,
            CID,
            founders,
            IChannels.Rules({
                submitters: IChannels.Submitters.MembersOnly,
                thresholdKind: IChannels.ThresholdKind.Absolute,
                threshold: 1,
                votingPeriod: 1 days
            })
        );
        bytes32 digest = MessageHashUtils.toEthSignedMessageHash(streams.keyProofHash(ALICE));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(0xABC, digest);
        vm.prank(ALICE);
        require(streams.start(0, TITLE, ROOM, vm.addr(0xABC), abi.encodePacked(r, s, v)) == LIVE, "stream 1");
        (v, r, s) = vm.sign(KEY, digest);
        require(keccak256(abi.encodePacked(r, s, v)) == keccak256(PROOF) && vm.addr(KEY) == KEY_ADDRESS, "PROOF");
        (v, r, s) = vm.sign(CHANNEL_KEY, digest);
        require(
            keccak256(abi.encodePacked(r, s, v)) == keccak256(CHANNEL_PROOF) && vm.addr(CHANNEL_KEY) == CHANNEL_KEY_ADDRESS,
            "CHANNEL_PROOF"
        );
        // Stream 2, ended, for the VOD.
        (v, r, s) = vm.sign(0xDEF, digest);
        vm.startPrank(ALICE);
        streams.start(0, TITLE, ROOM, vm.addr(0xDEF), abi.encodePacked(r, s, v));
        streams.end(2);
        vm.stopPrank();
    }

    function test_Gas_Start() public {
        vm.prank(ALICE);
        streams.start(0, TITLE, ROOM, KEY_ADDRESS, PROOF);
    }

    function test_Gas_StartInChannel() public {
        vm.prank(ALICE);
        streams.start(1, TITLE, ROOM, CHANNEL_KEY_ADDRESS, CHANNEL_PROOF);
    }

    function test_Gas_End() public {
        vm.prank(ALICE);
        streams.end(LIVE);
    }

    function test_Gas_SetVod() public {
        vm.prank(ALICE);
        streams.setVod(2, CID);
    }
}

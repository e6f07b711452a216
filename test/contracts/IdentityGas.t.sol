// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IChannels} from "../../contracts/interfaces/IChannels.sol";
import {IComments} from "../../contracts/interfaces/IComments.sol";
import {Channels} from "../../contracts/Channels.sol";
import {Comments} from "../../contracts/Comments.sol";
import {Handles} from "../../contracts/Handles.sol";
import {Videos} from "../../contracts/Videos.sol";

/// @dev Deterministic calls of {Handles} and {Comments} whose gas is committed in `.gas-snapshot` and checked in CI
/// (`npm test`). Warm as on a live chain: counters are non-zero, the posts exist, and comment 1 is on the video. A
/// typical comment is 140 bytes of text; gas grows with the text (calldata 16 and log data 8 per byte).
contract IdentityGasTest is Test {
    Videos internal videos;
    Channels internal channels;
    Handles internal handles;
    Comments internal comments;

    uint256 internal constant VIDEO = 1;
    uint256 internal constant RELEASE = 1;
    uint256 internal constant FIRST_COMMENT = 1;
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant VERIFIED = address(0x7E41F1ED);

    bytes internal constant CID = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
    string internal constant BODY =
        "Great cut at 2:14: the move into the second part works really well. Which lens did you use for the night shots by the river, and what ISO?";

    function setUp() public {
        videos = new Videos();
        channels = new Channels();
        handles = new Handles();
        comments = new Comments(videos, channels, handles);
        vm.deal(ALICE, 1 ether);
        vm.deal(VERIFIED, 1 ether);

        assertEq(videos.publish(CID), VIDEO);
        address[] memory founders = new address[](2);
        (founders[0], founders[1]) = (ALICE, BOB);
        channels.createChannel(CID, CID, founders, IChannels.Rules({
            submitters: IChannels.Submitters.MembersOnly,
            thresholdKind: IChannels.ThresholdKind.Absolute,
            threshold: 1,
            votingPeriod: 1 days
        }));
        vm.prank(ALICE);
        assertEq(channels.submitVideo(1, CID), RELEASE);
        vm.prank(VERIFIED);
        handles.claim{value: 0.01 ether}("verified");
        vm.prank(ALICE);
        comments.setCommentPolicy(IComments.PostKind.Release, RELEASE, IComments.CommentPolicy.MembersOnly);
        assertEq(comments.comment(IComments.PostKind.Video, VIDEO, 0, BODY), FIRST_COMMENT);
    }

    function test_Gas_ClaimHandle() public {
        vm.prank(ALICE);
        handles.claim{value: 0.01 ether}("alice_films");
    }

    function test_Gas_SetNickname() public {
        handles.setNickname(unicode"Alice Lumière");
    }

    /// @dev A top-level comment on a video open to anyone.
    function test_Gas_Comment() public {
        comments.comment(IComments.PostKind.Video, VIDEO, 0, BODY);
    }

    /// @dev A reply to comment 1.
    function test_Gas_Reply() public {
        comments.comment(IComments.PostKind.Video, VIDEO, FIRST_COMMENT, BODY);
    }

    /// @dev A comment on a channel release open to members only (reads the release and the membership).
    function test_Gas_CommentMembersOnlyRelease() public {
        vm.prank(BOB);
        comments.comment(IComments.PostKind.Release, RELEASE, 0, BODY);
    }

    function test_Gas_Edit() public {
        comments.edit(FIRST_COMMENT, BODY);
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {Channels} from "../../contracts/Channels.sol";
import {Crowdfund} from "../../contracts/Crowdfund.sol";
import {Earnings} from "../../contracts/Earnings.sol";
import {Streams} from "../../contracts/Streams.sol";
import {Videos} from "../../contracts/Videos.sol";
import {StorageEscrowTestToken} from "../../contracts/test/StorageEscrowTestToken.sol";

/// @dev Deterministic calls whose gas is committed in `.gas-snapshot` and checked in CI (`npm test`). Warm state as on a
/// live chain: campaigns exist and the backer has pledged before (a repeat pledge writes no new slot of the backer).
/// Campaign 1 (ETH) is running, 2 (ETH) reached its goal and ended, 3 (ETH) missed it and ended, 4 (token) is running.
contract CrowdfundGasTest is Test {
    Crowdfund internal crowdfund;
    StorageEscrowTestToken internal token;

    address internal constant CREATOR = address(0xC4EA7);
    address internal constant BACKER = address(0xB0B);
    bytes internal constant CID = hex"01551220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
    uint48 internal constant NOW = 1_800_000_000;

    function setUp() public {
        vm.warp(NOW);
        Channels channels = new Channels();
        crowdfund = new Crowdfund(channels, new Earnings(new Videos(), channels, new Streams(channels)));
        token = new StorageEscrowTestToken();
        vm.deal(BACKER, 100 ether);
        token.mint(BACKER, 100 ether);
        vm.startPrank(BACKER);
        token.approve(address(crowdfund), type(uint256).max);
        vm.stopPrank();
        vm.startPrank(CREATOR);
        crowdfund.create(0, address(0), 1 ether, NOW + 30 days, CID);
        crowdfund.create(0, address(0), 1 ether, NOW + 1 days, CID);
        crowdfund.create(0, address(0), 10 ether, NOW + 1 days, CID);
        crowdfund.create(0, address(token), 1 ether, NOW + 30 days, CID);
        vm.stopPrank();
        vm.startPrank(BACKER);
        crowdfund.pledge{value: 0.1 ether}(1, 0.1 ether);
        crowdfund.pledge{value: 1 ether}(2, 1 ether);
        crowdfund.pledge{value: 1 ether}(3, 1 ether);
        crowdfund.pledge(4, 0.1 ether);
        vm.stopPrank();
    }

    function test_Gas_Create() public {
        vm.prank(CREATOR);
        crowdfund.create(0, address(0), 1 ether, NOW + 30 days, CID);
    }

    function test_Gas_Pledge() public {
        vm.prank(BACKER);
        crowdfund.pledge{value: 0.1 ether}(1, 0.1 ether);
    }

    function test_Gas_PledgeToken() public {
        vm.prank(BACKER);
        crowdfund.pledge(4, 0.1 ether);
    }

    function test_Gas_Unpledge() public {
        vm.prank(BACKER);
        crowdfund.unpledge(1, 0.05 ether);
    }

    function test_Gas_Claim() public {
        vm.warp(NOW + 1 days);
        vm.prank(CREATOR);
        crowdfund.claim(2);
    }

    function test_Gas_Refund() public {
        vm.warp(NOW + 1 days);
        vm.prank(BACKER);
        crowdfund.refund(3);
    }
}

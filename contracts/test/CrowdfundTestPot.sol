// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IChannelPot} from "../interfaces/ICrowdfund.sol";

/// @title CrowdfundTestPot
/// @notice TEST ONLY — never deploy. Stands in for Earnings' channel pots in the Crowdfund unit and invariant tests,
/// which test Crowdfund's side of the call: it takes the money exactly as Earnings does (ETH as `msg.value`, an ERC-20
/// pulled from the caller) and records what each channel received from which source.
contract CrowdfundTestPot is IChannelPot {
    using SafeERC20 for IERC20;

    mapping(uint256 channelId => mapping(address token => uint256 amount)) public received;
    bytes32 public lastSource;

    function payChannel(uint256 channelId, address token, uint256 amount, bytes32 source) external payable {
        if (token == address(0)) {
            require(msg.value == amount, "CrowdfundTestPot: value");
        } else {
            require(msg.value == 0, "CrowdfundTestPot: value");
            IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        }
        received[channelId][token] += amount;
        lastSource = source;
    }
}

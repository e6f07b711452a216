// SPDX-License-Identifier: AGPL-3.0-or-later
// Shim: the Channels invariant suite lives in test/invariant/; Hardhat runs only contracts declared in test/contracts/.
pragma solidity 0.8.37;

import {Channels} from "../../contracts/Channels.sol";
import {ChannelsHandler, ChannelsInvariants} from "../invariant/Channels.invariant.t.sol";

contract ChannelsInvariantHandler is ChannelsHandler {
    constructor(Channels channels_) ChannelsHandler(channels_) {}
}

contract ChannelsInvariantTest is ChannelsInvariants {
    function _newHandler(Channels channels_) internal override returns (ChannelsHandler) {
        return new ChannelsInvariantHandler(channels_);
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Channels} from "../../contracts/Channels.sol";
import {Streams} from "../../contracts/Streams.sol";
import {StreamsHandler, StreamsInvariants} from "../invariant/Streams.invariant.t.sol";

// Hardhat fuzzes only contracts declared in test/contracts, so this declares the handler and test of test/invariant/.
contract StreamsInvariantHandler is StreamsHandler {
    constructor(Streams streams_, Channels channels_) StreamsHandler(streams_, channels_) {}
}

contract StreamsInvariantTest is StreamsInvariants {
    function _newHandler(Streams streams_, Channels channels_) internal override returns (StreamsHandler) {
        return new StreamsInvariantHandler(streams_, channels_);
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Channels} from "../../contracts/Channels.sol";
import {ChannelsHandler, ChannelsInvariants} from "../invariant/Channels.invariant.t.sol";

// Runs the invariants of test/invariant/ (see its README.md) under `npx hardhat test`. Hardhat reads Solidity tests
// from test/contracts (hardhat.config.ts `paths.tests.solidity`) and writes artifacts (ABIs, which the invariant
// fuzzer needs to call the handler) only for contracts declared in those files: hence these two empty declarations.
// Runs and depth come from the config: 32 × 50 locally, 128 × 100 with CI=true.

contract ChannelsInvariantHandler is ChannelsHandler {
    constructor(Channels channels_) ChannelsHandler(channels_) {}
}

contract ChannelsInvariantTest is ChannelsInvariants {
    function _newHandler(Channels channels_) internal override returns (ChannelsHandler) {
        return new ChannelsInvariantHandler(channels_);
    }
}

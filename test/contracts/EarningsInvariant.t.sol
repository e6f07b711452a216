// SPDX-License-Identifier: AGPL-3.0-or-later
// Shim: the Earnings invariant suite lives in test/invariant/; Hardhat runs only contracts declared in test/contracts/.
pragma solidity 0.8.37;

import {Channels} from "../../contracts/Channels.sol";
import {Earnings} from "../../contracts/Earnings.sol";
import {StorageEscrowTestToken} from "../../contracts/test/StorageEscrowTestToken.sol";
import {EarningsHandler, EarningsInvariants} from "../invariant/Earnings.invariant.t.sol";

// Hardhat reads Solidity tests from test/contracts (hardhat.config.ts `paths.tests.solidity`) and writes artifacts
// (ABIs, which the invariant fuzzer needs to call the handler) only for contracts declared in those files: hence these
// two empty declarations. Runs and depth come from the config.

contract EarningsInvariantHandler is EarningsHandler {
    constructor(Earnings earnings_, Channels channels_, StorageEscrowTestToken token_)
        EarningsHandler(earnings_, channels_, token_)
    {}
}

contract EarningsInvariantTest is EarningsInvariants {
    function _newHandler(Earnings earnings_, Channels channels_, StorageEscrowTestToken token_)
        internal
        override
        returns (EarningsHandler)
    {
        return new EarningsInvariantHandler(earnings_, channels_, token_);
    }
}

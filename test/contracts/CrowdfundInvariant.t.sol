// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Crowdfund} from "../../contracts/Crowdfund.sol";
import {Earnings} from "../../contracts/Earnings.sol";
import {Streams} from "../../contracts/Streams.sol";
import {Videos} from "../../contracts/Videos.sol";
import {StorageEscrowTestToken} from "../../contracts/test/StorageEscrowTestToken.sol";
import {CrowdfundHandler, CrowdfundInvariants} from "../invariant/Crowdfund.invariant.t.sol";

// Hardhat fuzzes only contracts declared in test/contracts, so this declares the handler and test of test/invariant/.
contract CrowdfundInvariantHandler is CrowdfundHandler {
    constructor(Crowdfund crowdfund_, Earnings earnings_, StorageEscrowTestToken token_)
        CrowdfundHandler(crowdfund_, earnings_, token_)
    {}
}

contract CrowdfundInvariantTest is CrowdfundInvariants {
    function _newHandler(Crowdfund crowdfund_, Earnings earnings_, StorageEscrowTestToken token_)
        internal
        override
        returns (CrowdfundHandler)
    {
        return new CrowdfundInvariantHandler(crowdfund_, earnings_, token_);
    }
}

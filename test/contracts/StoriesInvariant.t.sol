// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Stories} from "../../contracts/Stories.sol";
import {StoriesHandler, StoriesInvariants} from "../invariant/Stories.invariant.t.sol";

// Hardhat fuzzes only contracts declared in test/contracts, so this declares the handler and test of test/invariant/.
contract StoriesInvariantHandler is StoriesHandler {
    constructor(Stories stories_) StoriesHandler(stories_) {}
}

contract StoriesInvariantTest is StoriesInvariants {
    function _newHandler(Stories stories_) internal override returns (StoriesHandler) {
        return new StoriesInvariantHandler(stories_);
    }
}

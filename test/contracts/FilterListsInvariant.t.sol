// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {FilterLists} from "../../contracts/FilterLists.sol";
import {FilterListsHandler, FilterListsInvariants} from "../invariant/FilterLists.invariant.t.sol";

// Hardhat fuzzes only contracts declared in test/contracts, so this declares the handler and test of test/invariant/.
contract FilterListsInvariantHandler is FilterListsHandler {
    constructor(FilterLists lists_) FilterListsHandler(lists_) {}
}

contract FilterListsInvariantTest is FilterListsInvariants {
    function _newHandler(FilterLists lists_) internal override returns (FilterListsHandler) {
        return new FilterListsInvariantHandler(lists_);
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Handles} from "../../contracts/Handles.sol";
import {HandlesHandler, HandlesInvariants} from "../invariant/Handles.invariant.t.sol";

// Hardhat fuzzes only contracts declared in test/contracts, so this declares the handler and test of test/invariant/.
contract HandlesInvariantHandler is HandlesHandler {
    constructor(Handles handles_) HandlesHandler(handles_) {}
}

contract HandlesInvariantTest is HandlesInvariants {
    function _newHandler(Handles handles_) internal override returns (HandlesHandler) {
        return new HandlesInvariantHandler(handles_);
    }
}

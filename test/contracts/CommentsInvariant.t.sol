// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Channels} from "../../contracts/Channels.sol";
import {Comments} from "../../contracts/Comments.sol";
import {Handles} from "../../contracts/Handles.sol";
import {Videos} from "../../contracts/Videos.sol";
import {CommentsHandler, CommentsInvariants} from "../invariant/Comments.invariant.t.sol";

// Hardhat fuzzes only contracts declared in test/contracts, so this declares the handler and test of test/invariant/.
contract CommentsInvariantHandler is CommentsHandler {
    constructor(Videos videos_, Channels channels_, Handles handles_, Comments comments_)
        CommentsHandler(videos_, channels_, handles_, comments_)
    {}
}

contract CommentsInvariantTest is CommentsInvariants {
    function _newHandler(Videos videos_, Channels channels_, Handles handles_, Comments comments_)
        internal
        override
        returns (CommentsHandler)
    {
        return new CommentsInvariantHandler(videos_, channels_, handles_, comments_);
    }
}

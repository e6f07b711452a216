// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from
    "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

/// @dev A reference point for ChannelsGas.t.sol, not part of the committed snapshot: OpenZeppelin Governor's
/// `castVote` in the same warm setting (five holders with one delegated vote each; the first vote already cast).
contract ReferenceVotes is ERC20, EIP712, ERC20Votes {
    constructor() ERC20("Reference", "REF") EIP712("Reference", "1") {}

    function mint(address to) external {
        _mint(to, 1 ether);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

contract ReferenceGovernor is Governor, GovernorCountingSimple, GovernorVotes, GovernorVotesQuorumFraction {
    constructor(IVotes token) Governor("Reference") GovernorVotes(token) GovernorVotesQuorumFraction(60) {}

    function votingDelay() public pure override returns (uint256) {
        return 1;
    }

    function votingPeriod() public pure override returns (uint256) {
        return 50_400;
    }

    function quorum(uint256 timepoint) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) {
        return super.quorum(timepoint);
    }
}

contract ChannelsGovernorGasTest is Test {
    ReferenceGovernor internal governor;
    uint256 internal proposalId;

    function _holder(uint256 index) internal pure returns (address) {
        return address(uint160(0x1000 + index));
    }

    function setUp() public {
        ReferenceVotes token = new ReferenceVotes();
        governor = new ReferenceGovernor(token);
        for (uint256 i; i < 5; ++i) {
            token.mint(_holder(i));
            vm.prank(_holder(i));
            token.delegate(_holder(i));
        }
        vm.roll(block.number + 1);
        address[] memory targets = new address[](1);
        targets[0] = address(token);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        vm.prank(_holder(0));
        proposalId = governor.propose(targets, values, calldatas, "release a video");
        vm.roll(block.number + 2);
        vm.prank(_holder(0));
        governor.castVote(proposalId, 1);
    }

    /// @dev Compare with ChannelsGasTest#test_Gas_Vote (a member's second yes of three needed). Checks that the vote
    /// counted, so that the comparison is with a working vote.
    function test_Gas_GovernorCastVote() public {
        vm.prank(_holder(1));
        governor.castVote(proposalId, 1);
        assertTrue(governor.hasVoted(proposalId, _holder(1)), "vote recorded");
        (, uint256 forVotes,) = governor.proposalVotes(proposalId);
        assertEq(forVotes, 2 ether, "two holders' votes for");
    }
}

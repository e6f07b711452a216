// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {IStorageEscrow} from "../../contracts/interfaces/IStorageEscrow.sol";
import {StorageEscrow} from "../../contracts/StorageEscrow.sol";
import {StorageEscrowTestToken} from "../../contracts/test/StorageEscrowTestToken.sol";
import {StorageMerkleTestTree} from "../../contracts/test/StorageMerkleTestTree.sol";

/// @dev Drives {StorageEscrow} with random but mostly valid calls from a fixed cast of five accounts (each a funder,
/// a keeper, a reporter), over at most {MAX_DEALS} deals in ETH or in a test token, and keeps ghost records: every
/// proof accepted, what each keeper earned, what each tenure's close credited back, what each account withdrew. Every
/// keeper ever is one of the five, so summing over them is summing over everyone.
contract StorageEscrowHandler is Test {
    StorageEscrow public escrow;
    StorageEscrowTestToken public token;

    uint256 public constant ACTORS = 5;
    uint256 public constant MAX_DEALS = 6;
    uint32 public constant PERIOD = 15 minutes;
    bytes internal constant CID = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    /// @dev Two contents: 21 segments (a tree of depth 5), and a single 100-byte segment (depth 0).
    bytes[2] internal _contents;
    mapping(uint256 which => bytes32[][]) internal _levels;
    mapping(uint256 dealId => uint256 which) public contentOf;

    /// @dev Proofs accepted, per deal, keeper and period.
    mapping(uint256 dealId => mapping(address keeper => mapping(uint256 period => uint256))) public ghostProofs;
    /// @dev What proofs credited each keeper, per token.
    mapping(address keeper => mapping(address token => uint256)) public ghostEarned;
    /// @dev What closing each tenure credited back to its keeper.
    mapping(uint256 dealId => mapping(address keeper => uint256)) public ghostReturned;
    /// @dev What each account withdrew, per token.
    mapping(address account => mapping(address token => uint256)) public ghostWithdrawn;
    /// @dev How many calls of each kind succeeded, to see that a run exercised the contract.
    mapping(bytes32 action => uint256) public calls;

    constructor(StorageEscrow escrow_, StorageEscrowTestToken token_) {
        escrow = escrow_;
        token = token_;
        _contents[0] = StorageMerkleTestTree.content(20 * 256 + 100, "long");
        _contents[1] = StorageMerkleTestTree.content(100, "short");
        for (uint256 which; which < 2; ++which) {
            bytes32[][] memory levels = StorageMerkleTestTree.levels(_contents[which]);
            for (uint256 h; h < levels.length; ++h) {
                _levels[which].push(levels[h]);
            }
        }
        // ETH sent under `vm.prank` comes from this contract, not from the pranked actor.
        vm.deal(address(this), 1e32);
        for (uint256 a; a < ACTORS; ++a) {
            vm.deal(actor(a), 1e30);
            token.mint(actor(a), 1e30);
            vm.prank(actor(a));
            token.approve(address(escrow), type(uint256).max);
        }
    }

    function actor(uint256 index) public pure returns (address) {
        return address(uint160(0x5E0000 + index % ACTORS));
    }

    function tokens() public view returns (address[2] memory) {
        return [address(0), address(token)];
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev A deal of random terms (1-3 replicas, 1-4 periods of a quarter hour, a stake, a slash up to it, 1-3
    /// misses allowed) on one of the two contents, starting within a quarter hour, in ETH or the token; up to
    /// `replicas` of the next actors join it at once.
    function createDeal(uint256 actorSeed, uint256 seed, bool inToken) external {
        if (escrow.dealCount() >= MAX_DEALS) return;
        uint256 which = seed % 2;
        uint128 stake = uint128(bound(seed >> 8, 0, 1e18));
        IStorageEscrow.DealTerms memory terms = IStorageEscrow.DealTerms({
            cid: CID,
            size: uint64(_contents[which].length),
            root: _levels[which][_levels[which].length - 1][0],
            replicas: uint8(bound(seed >> 72, 1, 3)),
            start: uint48(block.timestamp + bound(seed >> 80, 0, 15 minutes)),
            periodSeconds: PERIOD,
            periods: uint32(bound(seed >> 96, 1, 4)),
            token: inToken ? address(token) : address(0),
            pricePerPeriod: uint128(bound(seed >> 104, 1, 1e18)),
            stakePerReplica: stake,
            slashPerMiss: uint128(bound(seed >> 168, 0, stake)),
            maxMisses: uint32(bound(seed >> 232, 1, 3))
        });
        uint256 cost = uint256(terms.replicas) * terms.periods * terms.pricePerPeriod;
        vm.prank(actor(actorSeed));
        uint256 dealId = escrow.createDeal{value: inToken ? 0 : cost}(terms);
        contentOf[dealId] = which;
        calls["createDeal"]++;
        // Some keepers join at once, so that most deals are served from their first period.
        for (uint256 n; n < (seed >> 248) % (terms.replicas + 1); ++n) {
            vm.prank(actor(actorSeed + 1 + n));
            escrow.join{value: inToken ? 0 : stake}(dealId);
            calls["join"]++;
        }
    }

    /// @dev A random actor extends a random deal by one or two periods (one call in three, so that deals end).
    function topUp(uint256 actorSeed, uint256 dealSeed, uint32 addedSeed) external {
        uint256 dealId = _pickDeal(dealSeed);
        if (dealId == 0 || addedSeed % 3 != 0) return;
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        uint32 added = uint32(bound(addedSeed >> 8, 1, 2));
        uint256 cost = uint256(d.replicas) * added * d.pricePerPeriod;
        vm.prank(actor(actorSeed));
        try escrow.topUp{value: d.token == address(0) ? cost : 0}(dealId, added) {
            calls["topUp"]++;
        } catch {}
    }

    /// @dev One to three random actors each join the first deal, from a random one on, that they have not joined and
    /// that has a free slot and a period left.
    function join(uint256 actorSeed, uint256 dealSeed) external {
        uint256 count = escrow.dealCount();
        for (uint256 n; n <= actorSeed % 3; ++n) {
            address keeper = actor(actorSeed >> (8 * (n + 1)));
            for (uint256 i; i < count; ++i) {
                uint256 dealId = (dealSeed + i) % count + 1;
                IStorageEscrow.DealView memory d = escrow.deal(dealId);
                if (d.keepers == d.replicas || block.timestamp + d.periodSeconds >= d.end) continue;
                if (escrow.keeper(dealId, keeper).status != IStorageEscrow.KeeperStatus.None) continue;
                vm.prank(keeper);
                escrow.join{value: d.token == address(0) ? d.stakePerReplica : 0}(dealId);
                calls["join"]++;
                break;
            }
        }
    }

    /// @dev The active keepers of running deals act on the current period, each as two bits of `plan` say: nothing
    /// (the period may become a miss), request the challenge only (an unanswered challenge), request and answer it
    /// right, or request it and answer wrong then right. A wrong answer, or a second proof of a period, must fail.
    function serve(uint256 plan) external {
        uint256 count = escrow.dealCount();
        bool requested;
        for (uint256 round; round < 2; ++round) {
            for (uint256 dealId = 1; dealId <= count; ++dealId) {
                (bool running, uint32 period) = _currentPeriod(dealId);
                if (!running) continue;
                for (uint256 a; a < ACTORS; ++a) {
                    uint256 action = (plan >> (2 * (dealId * ACTORS + a))) & 3;
                    if (action == 0) continue;
                    address keeper = actor(a);
                    IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
                    if (k.status != IStorageEscrow.KeeperStatus.Active || k.firstPeriod > period) continue;
                    if (round == 0 && !(k.seedBlock != 0 && k.challengePeriod == period)) {
                        vm.prank(keeper);
                        escrow.requestChallenge(dealId);
                        calls["requestChallenge"]++;
                        requested = true;
                    } else if (round == 1 && action >= 2) {
                        if (action == 3) _answer(dealId, keeper, period, true);
                        _answer(dealId, keeper, period, false);
                    }
                }
            }
            // The challenges are readable from the block after the requests.
            if (requested && round == 0) vm.roll(block.number + 1);
        }
    }

    /// @dev Anyone reports a missed period: the first (deal, keeper, period) from random ones on whose status is
    /// Missed. Records what an eviction credited back.
    function reportMissed(uint256 reporterSeed, uint256 dealSeed, uint256 keeperSeed, uint256 periodSeed) external {
        (uint256 dealId, address keeper, uint32 period, bool found) = _findMissed(dealSeed, keeperSeed, periodSeed);
        if (!found) return;
        address token_ = escrow.deal(dealId).token;
        uint256 before = escrow.balanceOf(keeper, token_);
        vm.prank(actor(reporterSeed));
        escrow.reportMissed(dealId, keeper, period);
        ghostReturned[dealId][keeper] += escrow.balanceOf(keeper, token_) - before;
        calls["reportMissed"]++;
    }

    /// @dev An active keeper (the first from a random actor on) of a random deal is released if the deal has ended,
    /// or (one call in three) leaves it.
    function exit(uint256 actorSeed, uint256 dealSeed) external {
        uint256 dealId = _pickDeal(dealSeed);
        if (dealId == 0) return;
        address keeper = _activeKeeper(dealId, actorSeed);
        if (keeper == address(0)) return;
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        uint256 before = escrow.balanceOf(keeper, d.token);
        if (block.timestamp < d.end) {
            if (dealSeed % 3 != 0) return;
            vm.prank(keeper);
            escrow.leaveDeal(dealId);
            calls["leaveDeal"]++;
        } else {
            vm.prank(actor(actorSeed >> 8));
            escrow.release(dealId, keeper);
            calls["release"]++;
        }
        ghostReturned[dealId][keeper] += escrow.balanceOf(keeper, d.token) - before;
    }

    /// @dev Settles up: refunds a random deal if it can be, then a random actor withdraws its balance of each token.
    function settle(uint256 dealSeed, uint256 actorSeed) external {
        uint256 dealId = _pickDeal(dealSeed);
        if (dealId != 0) {
            try escrow.refund(dealId) {
                calls["refund"]++;
            } catch {}
        }
        address account = actor(actorSeed);
        address[2] memory all = tokens();
        for (uint256 t; t < 2; ++t) {
            uint256 amount = escrow.balanceOf(account, all[t]);
            if (amount == 0) continue;
            vm.prank(account);
            escrow.withdraw(all[t]);
            ghostWithdrawn[account][all[t]] += amount;
            calls["withdraw"]++;
        }
    }

    /// @dev Time passes: up to twenty minutes, and a few blocks (or, one time in eight, more than a challenge
    /// window).
    function warp(uint256 secondsSeed, uint256 blocksSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 20 minutes));
        vm.roll(block.number + (blocksSeed % 8 == 0 ? 300 : bound(blocksSeed, 1, 5)));
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Answers `keeper`'s challenge for `period`, if it can still be read, with the right segment or (`wrong`)
    /// with one byte changed; records an accepted proof.
    function _answer(uint256 dealId, address keeper, uint32 period, bool wrong) internal {
        uint64 index;
        try escrow.challenge(dealId, keeper, period) returns (uint64 challenged) {
            index = challenged;
        } catch {
            return; // expired
        }
        uint256 which = contentOf[dealId];
        bytes memory segment = StorageMerkleTestTree.segment(_contents[which], index);
        bytes32[] memory proof = StorageMerkleTestTree.proof(_levels[which], index);
        if (wrong) segment[0] = bytes1(uint8(segment[0]) ^ 0xff);
        vm.prank(keeper);
        try escrow.prove(dealId, period, segment, proof) {
            // A wrong answer accepted counts 100, which the invariants flag.
            ghostProofs[dealId][keeper][period] += wrong ? 100 : 1;
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            ghostEarned[keeper][d.token] += d.pricePerPeriod;
            calls["prove"]++;
        } catch {}
    }

    function _currentPeriod(uint256 dealId) internal view returns (bool running, uint32 period) {
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        if (block.timestamp < d.start || block.timestamp >= d.end) return (false, 0);
        return (true, uint32((block.timestamp - d.start) / d.periodSeconds));
    }

    function _pickDeal(uint256 seed) internal view returns (uint256) {
        uint256 count = escrow.dealCount();
        return count == 0 ? 0 : seed % count + 1;
    }

    /// @dev The first active keeper of `dealId` from actor `seed` on, or the zero address.
    function _activeKeeper(uint256 dealId, uint256 seed) internal view returns (address) {
        for (uint256 a; a < ACTORS; ++a) {
            address candidate = actor(seed + a);
            if (escrow.keeper(dealId, candidate).status == IStorageEscrow.KeeperStatus.Active) return candidate;
        }
        return address(0);
    }

    function _findMissed(uint256 dealSeed, uint256 keeperSeed, uint256 periodSeed)
        internal
        view
        returns (uint256 dealId, address keeper, uint32 period, bool found)
    {
        uint256 count = escrow.dealCount();
        for (uint256 i; i < count; ++i) {
            dealId = (dealSeed + i) % count + 1;
            uint32 periods = escrow.deal(dealId).periods;
            for (uint256 a; a < ACTORS; ++a) {
                keeper = actor(keeperSeed + a);
                for (uint256 j; j < periods; ++j) {
                    period = uint32((periodSeed + j) % periods);
                    if (escrow.periodStatus(dealId, keeper, period) == IStorageEscrow.PeriodStatus.Missed) {
                        return (dealId, keeper, period, true);
                    }
                }
            }
        }
    }

}

/// @dev The invariants of test/invariant/README.md ("StorageEscrow"), asserted after every call of a random sequence
/// of handler calls. Abstract, with the handler from `_newHandler`: test/contracts/StorageEscrowInvariant.t.sol makes
/// both concrete, because Hardhat fuzzes only contracts declared in test files under test/contracts.
abstract contract StorageEscrowInvariants is StdInvariant, Test {
    StorageEscrow internal escrow;
    StorageEscrowTestToken internal token;
    StorageEscrowHandler internal handler;

    /// @dev Sums over every deal and every keeper of one token.
    struct Sums {
        uint256 deposits;
        uint256 paid;
        uint256 slashed;
        uint256 refunded;
        uint256 remainders;
        uint256 locked;
        uint256 joinedStakes;
        uint256 balances;
    }

    function _newHandler(StorageEscrow escrow_, StorageEscrowTestToken token_)
        internal
        virtual
        returns (StorageEscrowHandler);

    function setUp() public virtual {
        escrow = new StorageEscrow();
        token = new StorageEscrowTestToken();
        vm.warp(1_000_000);
        vm.roll(1_000);
        handler = _newHandler(escrow, token);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = StorageEscrowHandler.createDeal.selector;
        selectors[1] = StorageEscrowHandler.topUp.selector;
        selectors[2] = StorageEscrowHandler.join.selector;
        selectors[3] = StorageEscrowHandler.serve.selector;
        selectors[4] = StorageEscrowHandler.reportMissed.selector;
        selectors[5] = StorageEscrowHandler.exit.selector;
        selectors[6] = StorageEscrowHandler.settle.selector;
        selectors[7] = StorageEscrowHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev 1. Solvency: the contract holds at least what it owes (escrowed and refundable deal money, locked stakes,
    /// credited balances), and what it owes is exactly what came in less what went out.
    function invariant_EscrowIsSolvent() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            Sums memory s = _sums(tokens[t]);
            IStorageEscrow.Totals memory totals = escrow.totals(tokens[t]);
            uint256 owed = s.remainders + s.locked + s.balances;
            assertEq(owed, totals.deposited + totals.staked - totals.withdrawn, "owed = in - out");
            uint256 held = tokens[t] == address(0) ? address(escrow).balance : token.balanceOf(address(escrow));
            assertGe(held, owed, "balance covers what is owed");
        }
    }

    /// @dev 2. Deposits: every unit deposited (plus every unit slashed into a deal) is paid to a keeper, refunded to a
    /// funder, or still in its deal (escrowed while it runs, refundable once it has ended); each deal's deposit is
    /// replicas x periods x price, top-ups included, and the totals are the sums over deals.
    function invariant_DepositsArePaidRefundedOrHeld() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            Sums memory s = _sums(tokens[t]);
            IStorageEscrow.Totals memory totals = escrow.totals(tokens[t]);
            assertEq(totals.deposited, s.deposits, "deposited = sum of deposits");
            assertEq(totals.paid, s.paid, "paid = sum over deals");
            assertEq(totals.slashed, s.slashed, "slashed = sum over deals");
            assertEq(totals.refunded, s.refunded, "refunded = sum over deals");
            assertEq(
                totals.deposited + totals.slashed, totals.paid + totals.refunded + s.remainders, "deposits balance"
            );
        }
        uint256 count = escrow.dealCount();
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            assertEq(d.deposit, uint256(d.replicas) * d.periods * d.pricePerPeriod, "deposit is the full cost");
            assertLe(d.paid, d.deposit, "never pays more than was deposited");
        }
    }

    /// @dev 3. Stakes: every unit staked is locked with an active keeper, slashed into a deal, or released to its
    /// keeper; and what was staked is stakePerReplica for every keeper who ever joined.
    function invariant_StakesAreLockedSlashedOrReleased() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            Sums memory s = _sums(tokens[t]);
            IStorageEscrow.Totals memory totals = escrow.totals(tokens[t]);
            assertEq(totals.staked, s.locked + totals.slashed + totals.released, "staked = locked+slashed+released");
            assertEq(totals.staked, s.joinedStakes, "staked = one stake per keeper ever joined");
        }
    }

    /// @dev 4. A keeper is paid only for periods it proved, at most once each: every period has at most one accepted
    /// proof, a period is Proven exactly when a proof was accepted for it, each keeper's proven count is its accepted
    /// proofs, each deal paid price x proofs, and each keeper earned price x proofs across deals. No wrong answer was
    /// ever accepted.
    function invariant_PaidOnlyForProvenPeriodsNeverTwice() public view {
        uint256 count = escrow.dealCount();
        uint256[2][5] memory earned;
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            uint256 proofs;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address keeper = handler.actor(a);
                uint256 accepted;
                for (uint32 p; p < d.periods; ++p) {
                    uint256 n = handler.ghostProofs(dealId, keeper, p);
                    assertLe(n, 1, "at most one accepted proof per period, and never a wrong one");
                    bool proven = escrow.periodStatus(dealId, keeper, p) == IStorageEscrow.PeriodStatus.Proven;
                    assertEq(proven, n == 1, "proven iff a proof was accepted");
                    accepted += n;
                }
                assertEq(escrow.keeper(dealId, keeper).proven, accepted, "proven count = accepted proofs");
                proofs += accepted;
                earned[a][d.token == address(0) ? 0 : 1] += accepted * d.pricePerPeriod;
            }
            assertEq(d.paid, proofs * d.pricePerPeriod, "deal paid price x proofs");
        }
        address[2] memory tokens = handler.tokens();
        for (uint256 a; a < handler.ACTORS(); ++a) {
            for (uint256 t; t < 2; ++t) {
                assertEq(earned[a][t], handler.ghostEarned(handler.actor(a), tokens[t]), "earned = price x proofs");
            }
        }
    }

    /// @dev 5. Slashing never exceeds the stake: for each keeper of each deal, its stake still locked plus what closing
    /// its tenure credited back is at most its stake, and what it lost is min(misses x slashPerMiss, stake); per deal,
    /// the slashes add up to the deal's `slashed`.
    function invariant_SlashingNeverExceedsStake() public view {
        uint256 count = escrow.dealCount();
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            uint256 slashed;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address keeper = handler.actor(a);
                IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
                if (k.status == IStorageEscrow.KeeperStatus.None) continue;
                uint256 kept = k.stake + handler.ghostReturned(dealId, keeper);
                assertLe(kept, d.stakePerReplica, "never more back than was staked");
                uint256 lost = d.stakePerReplica - kept;
                uint256 expected = uint256(k.misses) * d.slashPerMiss;
                assertEq(lost, expected < d.stakePerReplica ? expected : d.stakePerReplica, "lost = capped slashes");
                slashed += lost;
                if (k.status == IStorageEscrow.KeeperStatus.Active) {
                    assertLt(k.misses, d.maxMisses, "an active keeper has fewer misses than evict");
                }
            }
            assertEq(d.slashed, slashed, "deal slashed = sum of keepers' losses");
        }
    }

    /// @dev 6. Refunds never exceed what is unspent: a deal's refunds are at most its deposit less what was paid plus
    /// what was slashed into it, and nothing is refunded before it ends.
    function invariant_RefundsNeverExceedUnspent() public view {
        uint256 count = escrow.dealCount();
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            assertLe(d.refunded + d.paid, d.deposit + d.slashed, "refunded <= unspent");
            if (block.timestamp < d.end) assertEq(d.refunded, 0, "no refund before the end");
        }
    }

    /// @dev 7. Slots: a deal's held slots are exactly its active keepers, each in its own slot, never more than its
    /// replicas.
    function invariant_SlotsAreActiveKeepers() public view {
        uint256 count = escrow.dealCount();
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            uint256 active;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address keeper = handler.actor(a);
                IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
                if (k.status != IStorageEscrow.KeeperStatus.Active) continue;
                active++;
                assertEq(escrow.keeperAt(dealId, k.slot), keeper, "a keeper holds its slot");
            }
            assertEq(d.keepers, active, "held slots = active keepers");
            assertLe(d.keepers, d.replicas, "no more keepers than replicas");
        }
    }

    /// @dev 8. Balances are credits: what accounts can withdraw is what was paid, refunded and released, less what
    /// they withdrew.
    function invariant_BalancesAreCredits() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            Sums memory s = _sums(tokens[t]);
            IStorageEscrow.Totals memory totals = escrow.totals(tokens[t]);
            assertEq(s.balances, totals.paid + totals.refunded + totals.released - totals.withdrawn, "balances");
            uint256 withdrawn;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                withdrawn += handler.ghostWithdrawn(handler.actor(a), tokens[t]);
            }
            assertEq(totals.withdrawn, withdrawn, "withdrawn = what accounts received");
        }
    }

    function _sums(address token_) internal view returns (Sums memory s) {
        uint256 count = escrow.dealCount();
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            if (d.token != token_) continue;
            s.deposits += d.deposit;
            s.paid += d.paid;
            s.slashed += d.slashed;
            s.refunded += d.refunded;
            assertGe(d.deposit + d.slashed, d.paid + d.refunded, "a deal never pays out more than it took in");
            s.remainders += d.deposit + d.slashed - d.paid - d.refunded;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, handler.actor(a));
                if (k.status == IStorageEscrow.KeeperStatus.None) continue;
                s.locked += k.stake;
                s.joinedStakes += d.stakePerReplica;
            }
        }
        for (uint256 a; a < handler.ACTORS(); ++a) {
            s.balances += escrow.balanceOf(handler.actor(a), token_);
        }
    }
}

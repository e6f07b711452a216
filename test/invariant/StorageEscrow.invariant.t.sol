// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {IStorageEscrow} from "../../contracts/interfaces/IStorageEscrow.sol";
import {StorageEscrow} from "../../contracts/StorageEscrow.sol";
import {StorageEscrowTestToken} from "../../contracts/test/StorageEscrowTestToken.sol";
import {StorageMerkleTestTree} from "../../contracts/test/StorageMerkleTestTree.sol";

/// @dev Drives {StorageEscrow} with random calls from a fixed cast of five accounts (each a funder, a keeper, a
/// reporter), over at most {MAX_DEALS} deals in ETH or in a test token, and keeps its own model of what every call
/// should do: whether it succeeds, and what it credits to whom. Every escrow call is made in `try`/`catch`: a call the
/// model says must succeed that reverts, a call it says must fail that succeeds, or a success whose effect differs from
/// the model, is recorded in {unexpected} (the first one's description in {firstUnexpected}), which an invariant
/// asserts is zero. The handler itself never reverts (a reverting handler call would be silently dropped by the
/// fuzzer) and never asserts. Every keeper ever is one of the five, so summing over them is summing over everyone.
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

    // ─── The model ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Per deal: its funder, and its money as the model computes it.
    mapping(uint256 dealId => address) public ghostFunder;
    mapping(uint256 dealId => uint256) public ghostDeposit;
    mapping(uint256 dealId => uint256) public ghostPaid;
    /// @dev The funder's share of the slashes (what `slashed` must be), and the reporters' share.
    mapping(uint256 dealId => uint256) public ghostKept;
    mapping(uint256 dealId => uint256) public ghostRewardedInDeal;
    mapping(uint256 dealId => uint256) public ghostRefunded;
    /// @dev Proofs accepted, per deal, keeper and period, and per deal and keeper.
    mapping(uint256 dealId => mapping(address keeper => mapping(uint256 period => uint256))) public ghostProofs;
    mapping(uint256 dealId => mapping(address keeper => uint256)) public ghostProven;
    /// @dev What each tenure's close credited back to its keeper.
    mapping(uint256 dealId => mapping(address keeper => uint256)) public ghostReturned;
    /// @dev Who holds each slot now, and the first period a new keeper of it may serve.
    mapping(uint256 dealId => mapping(uint256 slot => address)) public ghostSlotKeeper;
    mapping(uint256 dealId => mapping(uint256 slot => uint256)) public ghostFreeFrom;
    /// @dev Per account and token: what it can withdraw, what it earned by proofs and reports, what it withdrew.
    mapping(address account => mapping(address token => uint256)) public ghostBalance;
    mapping(address account => mapping(address token => uint256)) public ghostEarned;
    mapping(address account => mapping(address token => uint256)) public ghostRewarded;
    mapping(address account => mapping(address token => uint256)) public ghostWithdrawn;
    /// @dev Per token: what came in.
    mapping(address token => uint256) public ghostDeposited;
    mapping(address token => uint256) public ghostStaked;

    /// @dev Successful escrow calls, per kind and in all, to see that a run exercised the contract.
    mapping(bytes32 action => uint256) public calls;
    uint256 public successes;
    /// @dev Fuzzed actions called in this run, successful or not.
    uint256 public actions;
    /// @dev Outcomes the model did not expect.
    uint256 public unexpected;
    string public firstUnexpected;

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
        vm.deal(address(this), 1e32);
        for (uint256 a; a < ACTORS; ++a) {
            vm.deal(actor(a), 1e30);
            token.mint(actor(a), 1e30);
            vm.prank(actor(a));
            token.approve(address(escrow), type(uint256).max);
        }
    }

    modifier counted() {
        ++actions;
        _;
    }

    function actor(uint256 index) public pure returns (address) {
        return address(uint160(0x5E0000 + index % ACTORS));
    }

    function tokens() public view returns (address[2] memory) {
        return [address(0), address(token)];
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev A deal of random valid terms (1-3 replicas, 1-4 periods of a quarter hour, a price, a slash from the price
    /// up to the stake, 1-3 misses allowed) on one of the two contents, starting now or within a quarter hour, in ETH
    /// or the token; up to `replicas` of the next actors join it at once.
    function createDeal(uint256 actorSeed, uint256 seed, bool inToken) public counted {
        if (escrow.dealCount() >= MAX_DEALS) return;
        uint256 which = seed % 2;
        uint128 price = uint128(_bound(seed >> 104, 1, 1e18));
        uint128 stake = uint128(_bound(seed >> 8, price, 2e18));
        IStorageEscrow.DealTerms memory terms = IStorageEscrow.DealTerms({
            cid: CID,
            size: uint64(_contents[which].length),
            root: _levels[which][_levels[which].length - 1][0],
            replicas: uint8(_bound(seed >> 72, 1, 3)),
            start: uint48(block.timestamp + ((seed >> 80) % 4 == 0 ? 0 : _bound(seed >> 82, 0, 15 minutes))),
            periodSeconds: PERIOD,
            periods: uint32(_bound(seed >> 96, 1, 4)),
            token: inToken ? address(token) : address(0),
            pricePerPeriod: price,
            stakePerReplica: stake,
            slashPerMiss: uint128(_bound(seed >> 168, price, stake)),
            maxMisses: uint32(_bound(seed >> 232, 1, 3))
        });
        uint256 cost = uint256(terms.replicas) * terms.periods * terms.pricePerPeriod;
        address funder = actor(actorSeed);
        _fundEth(funder, inToken ? 0 : cost);
        vm.prank(funder);
        try escrow.createDeal{value: inToken ? 0 : cost}(terms) returns (uint256 dealId) {
            contentOf[dealId] = which;
            ghostFunder[dealId] = funder;
            ghostDeposit[dealId] = cost;
            ghostDeposited[terms.token] += cost;
            _ok("createDeal");
            // Some keepers join at once, so that most deals are served from their first period.
            for (uint256 n; n < (seed >> 248) % (terms.replicas + 1); ++n) {
                _join(dealId, actor(actorSeed + 1 + n));
            }
        } catch (bytes memory reason) {
            _unexpected(string.concat("createDeal of valid terms reverted: ", vm.toString(reason)));
        }
    }

    /// @dev A random actor tops up a random deal by one or two periods (one call in three, so that deals end): only
    /// its funder may. Then active keepers, as the seed's bits say, agree to serve the added periods.
    function topUp(uint256 actorSeed, uint256 dealSeed, uint32 addedSeed) external counted {
        uint256 dealId = _pickDeal(dealSeed);
        if (dealId == 0 || addedSeed % 3 != 0) return;
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        uint32 added = uint32(_bound(addedSeed >> 8, 1, 2));
        uint256 cost = uint256(d.replicas) * added * d.pricePerPeriod;
        // Mostly the funder, sometimes anyone.
        address payer = actorSeed % 4 == 0 ? actor(actorSeed >> 8) : ghostFunder[dealId];
        bool expected = payer == ghostFunder[dealId] && block.timestamp < d.end;
        _fundEth(payer, d.token == address(0) ? cost : 0);
        vm.prank(payer);
        try escrow.topUp{value: d.token == address(0) ? cost : 0}(dealId, added) {
            if (!expected) return _unexpected("topUp by a non-funder or after the end succeeded");
            ghostDeposit[dealId] += cost;
            ghostDeposited[d.token] += cost;
            _ok("topUp");
        } catch (bytes memory reason) {
            if (expected) _unexpected(string.concat("topUp by the funder reverted: ", vm.toString(reason)));
        }
        for (uint256 a; a < ACTORS; ++a) {
            if ((addedSeed >> (16 + a)) & 1 == 1) _extend(dealId, actor(a));
        }
    }

    /// @dev One to three random actors each try to join a random deal (and the next ones): the model says whether
    /// it must succeed (never joined, a free slot, a period left) and which slot and first period it gets.
    function join(uint256 actorSeed, uint256 dealSeed) external counted {
        uint256 count = escrow.dealCount();
        if (count == 0) return;
        for (uint256 n; n <= actorSeed % 3; ++n) {
            _join((dealSeed + n) % count + 1, actor(actorSeed >> (8 * (n + 1))));
        }
    }

    /// @dev The active keepers of running deals act on the current period, each as two bits of `plan` say: nothing
    /// (the period may become a miss), request the challenge only (an unanswered challenge; a second request must
    /// fail), request and answer it right, or request it and answer wrong then right. A wrong answer, a second proof
    /// of a period, or a proof without a readable challenge must fail.
    function serve(uint256 plan) external counted {
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
                    if (k.status != IStorageEscrow.KeeperStatus.Active) continue;
                    bool already = k.seedBlock != 0 && k.challengePeriod == period;
                    if (round == 0 && (!already || action == 1)) {
                        requested = _request(dealId, keeper, period, k, already) || requested;
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

    /// @dev A random actor reports missed periods: the first keeper, from random ones on, with a Missed period, as
    /// one report or as a batch of its missed periods (never more than it takes to evict it). Also tries to report a
    /// period still open, which must fail.
    function reportMissed(uint256 reporterSeed, uint256 dealSeed, uint256 keeperSeed, bool batch) external counted {
        address reporter = actor(reporterSeed);
        _reportOpenPeriod(reporter, dealSeed, keeperSeed);
        (uint256 dealId, address keeper, uint32[] memory periods) = _findMissed(dealSeed, keeperSeed);
        if (dealId == 0) return;
        IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
        uint256 room = _minus(escrow.deal(dealId).maxMisses, k.misses);
        if (room == 0) return _unexpected("an active keeper has maxMisses misses");
        uint256 n = batch ? (periods.length < room ? periods.length : room) : 1;
        assembly ("memory-safe") {
            mstore(periods, n)
        }
        _report(dealId, keeper, periods, reporter, batch);
    }

    /// @dev An active keeper (the first from a random actor on) of a random deal leaves, or is released by a random
    /// actor, as the model says it may (one call in three for a leave).
    function exit(uint256 actorSeed, uint256 dealSeed) external counted {
        uint256 dealId = _pickDeal(dealSeed);
        if (dealId == 0) return;
        address keeper = _activeKeeper(dealId, actorSeed);
        if (keeper == address(0)) return;
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        uint256 endsAt = d.start + uint256(escrow.keeper(dealId, keeper).endPeriod) * d.periodSeconds;
        if (block.timestamp < endsAt) {
            if (dealSeed % 3 == 0) _leave(dealId, keeper);
        } else {
            _release(dealId, keeper, actor(actorSeed >> 8));
        }
    }

    /// @dev Settles up: tries to refund a random deal (it must succeed exactly when the deal has ended and the model
    /// says something is left in it), then a random actor withdraws its balance of each token, to itself or to another
    /// actor ({StorageEscrow.withdrawTo}).
    function settle(uint256 dealSeed, uint256 actorSeed) external counted {
        uint256 dealId = _pickDeal(dealSeed);
        if (dealId != 0) _refund(dealId);
        address account = actor(actorSeed);
        address to = actorSeed % 3 == 0 ? actor(actorSeed >> 8) : account;
        _withdraw(account, address(0), to);
        _withdraw(account, address(token), to);
    }

    /// @dev Time passes: up to twenty minutes and a few blocks (one time in eight, more than a challenge window), or
    /// exactly to the next period opening of a random deal (joins, proofs and leaves in the very second a period
    /// opens are where off-by-ones hide).
    function warp(uint256 secondsSeed, uint256 blocksSeed) external counted {
        uint256 dealId = _pickDeal(secondsSeed >> 128);
        if (dealId != 0 && secondsSeed % 4 == 0) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            uint256 next = block.timestamp < d.start
                ? d.start
                : d.start + ((block.timestamp - d.start) / d.periodSeconds + 1) * d.periodSeconds;
            vm.warp(next);
        } else {
            vm.warp(block.timestamp + _bound(secondsSeed, 1, 20 minutes));
        }
        vm.roll(block.number + (blocksSeed % 8 == 0 ? 300 : _bound(blocksSeed, 1, 5)));
    }


    /// @dev A slot changes hands in the very second a period opens: time runs to a random deal's next period opening,
    /// an active keeper requests that period's challenge (and, when `prove`, answers it), leaves, and random actors
    /// join in the same second. The leaver's tenure keeps the period it requested, so the joiner of its slot must
    /// start after it: the one sequence where a slot's tenures could overlap (a joiner at a period's opening serves
    /// that period).
    function handOverAtPeriodOpen(uint256 dealSeed, uint256 actorSeed, bool prove) external counted {
        uint256 dealId = _pickDeal(dealSeed);
        if (dealId == 0) return;
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        uint256 next = block.timestamp < d.start
            ? d.start
            : d.start + ((block.timestamp - d.start) / d.periodSeconds + 1) * d.periodSeconds;
        if (next >= d.end) return;
        vm.warp(next);
        vm.roll(block.number + 1);
        address keeper = _activeKeeper(dealId, actorSeed);
        if (keeper == address(0)) {
            // Nobody to hand over from: someone joins first (and serves this period, joining at its opening).
            _join(dealId, actor(actorSeed));
            keeper = _activeKeeper(dealId, actorSeed);
            if (keeper == address(0)) return;
        }
        IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
        if (next >= d.start + uint256(k.endPeriod) * d.periodSeconds) return;
        uint32 period = uint32((next - d.start) / d.periodSeconds);
        if (_request(dealId, keeper, period, k, k.seedBlock != 0 && k.challengePeriod == period)) {
            vm.roll(block.number + 1);
            if (prove) _answer(dealId, keeper, period, false);
        }
        _leave(dealId, keeper);
        for (uint256 n; n < ACTORS; ++n) {
            _join(dealId, actor(actorSeed + 1 + n));
        }
    }

    /// @dev The end state (not a fuzzed action): past every deal's end, every keeper released, every deal refunded,
    /// every balance withdrawn. Afterwards the escrow must hold nothing.
    function settleEverything() external {
        uint256 count = escrow.dealCount();
        uint256 last = block.timestamp;
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            uint256 end = escrow.deal(dealId).end;
            if (end > last) last = end;
        }
        vm.warp(last + 1);
        vm.roll(block.number + 1);
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            for (uint256 a; a < ACTORS; ++a) {
                if (escrow.keeper(dealId, actor(a)).status == IStorageEscrow.KeeperStatus.Active) {
                    _release(dealId, actor(a), actor(a + 1));
                }
            }
            _refund(dealId);
        }
        for (uint256 a; a < ACTORS; ++a) {
            _withdraw(actor(a), address(0), actor(a));
            _withdraw(actor(a), address(token), actor(a + a));
        }
    }

    // ─── Calls, each against the model ───────────────────────────────────────────────────────────────────────────

    function _join(uint256 dealId, address keeper) internal {
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        bool fresh = escrow.keeper(dealId, keeper).status == IStorageEscrow.KeeperStatus.None;
        (bool free, uint8 slot) = _lowestFreeSlot(dealId, d.replicas);
        uint256 first = 0;
        if (block.timestamp > d.start) first = (block.timestamp - d.start + d.periodSeconds - 1) / d.periodSeconds;
        if (free && first < ghostFreeFrom[dealId][slot]) first = ghostFreeFrom[dealId][slot];
        bool expected = fresh && free && first < d.periods;
        _fundEth(keeper, d.token == address(0) ? d.stakePerReplica : 0);
        vm.prank(keeper);
        try escrow.join{value: d.token == address(0) ? d.stakePerReplica : 0}(dealId) returns (uint8 got) {
            if (!expected) return _unexpected("join succeeded: joined before, deal full or no period left");
            IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
            if (got != slot || k.firstPeriod != first || k.endPeriod != d.periods || k.stake != d.stakePerReplica) {
                return _unexpected("join: wrong slot, first period, committed end or stake");
            }
            ghostSlotKeeper[dealId][slot] = keeper;
            ghostStaked[d.token] += d.stakePerReplica;
            _ok("join");
        } catch (bytes memory reason) {
            if (expected) {
                _unexpected(
                    string.concat(
                        "join of a free slot with a period left reverted: ",
                        vm.toString(reason),
                        " deal ",
                        vm.toString(dealId),
                        " slot ",
                        vm.toString(slot),
                        " first ",
                        vm.toString(first),
                        " t ",
                        vm.toString(block.timestamp)
                    )
                );
            }
        }
    }

    function _extend(uint256 dealId, address keeper) internal {
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
        if (k.status != IStorageEscrow.KeeperStatus.Active) return;
        bool expected = block.timestamp < d.start + uint256(k.endPeriod) * d.periodSeconds && k.endPeriod < d.periods;
        vm.prank(keeper);
        try escrow.extendTenure(dealId) {
            if (!expected) return _unexpected("extendTenure succeeded after its end or with nothing to extend");
            if (escrow.keeper(dealId, keeper).endPeriod != d.periods) return _unexpected("extendTenure: wrong end");
            _ok("extendTenure");
        } catch (bytes memory reason) {
            if (expected) _unexpected(string.concat("extendTenure of a running tenure reverted: ", vm.toString(reason)));
        }
    }

    /// @dev Requests `keeper`'s challenge for `period`; a second request in the period must fail. Returns whether a
    /// request was made.
    function _request(uint256 dealId, address keeper, uint32 period, IStorageEscrow.KeeperView memory k, bool already)
        internal
        returns (bool)
    {
        bool expected = !already && period >= k.firstPeriod && period < k.endPeriod;
        vm.prank(keeper);
        try escrow.requestChallenge(dealId) returns (uint32 got) {
            if (!expected) {
                _unexpected("requestChallenge succeeded twice in a period or outside the tenure");
                return false;
            }
            if (got != period) _unexpected("requestChallenge: wrong period");
            _ok("requestChallenge");
            return true;
        } catch {
            if (expected) _unexpected("requestChallenge in the tenure reverted");
            return false;
        }
    }

    /// @dev Answers `keeper`'s challenge for `period` with the right segment or (`wrong`) with one byte changed. A
    /// right answer to a readable challenge of an unproven period of the tenure must be accepted and pay the price;
    /// anything else must fail, and a second proof too.
    function _answer(uint256 dealId, address keeper, uint32 period, bool wrong) internal {
        IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
        if (k.status != IStorageEscrow.KeeperStatus.Active) return;
        bool readable = k.seedBlock != 0 && k.challengePeriod == period && block.number > k.seedBlock
            && block.number <= uint256(k.seedBlock) + 256;
        uint64 index;
        try escrow.challenge(dealId, keeper, period) returns (uint64 challenged) {
            if (!readable) return _unexpected("challenge readable without a live request");
            index = challenged;
        } catch {
            if (readable) _unexpected("challenge of a live request unreadable");
            return;
        }
        bool expected = !wrong && ghostProofs[dealId][keeper][period] == 0 && period >= k.firstPeriod
            && period < k.endPeriod;
        uint256 which = contentOf[dealId];
        bytes memory segment = StorageMerkleTestTree.segment(_contents[which], index);
        bytes32[] memory proof = StorageMerkleTestTree.proof(_levels[which], index);
        if (wrong) segment[0] = bytes1(uint8(segment[0]) ^ 0xff);
        vm.prank(keeper);
        try escrow.prove(dealId, period, segment, proof) {
            if (!expected) return _unexpected("prove accepted a wrong answer or a second proof");
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            ghostProofs[dealId][keeper][period] += 1;
            ghostProven[dealId][keeper] += 1;
            ghostPaid[dealId] += d.pricePerPeriod;
            ghostBalance[keeper][d.token] += d.pricePerPeriod;
            ghostEarned[keeper][d.token] += d.pricePerPeriod;
            _ok("prove");
            // A second proof of the period must fail.
            vm.prank(keeper);
            try escrow.prove(dealId, period, segment, proof) {
                _unexpected("prove accepted a second proof of a period");
            } catch {}
        } catch (bytes memory reason) {
            if (expected) _unexpected(string.concat("prove of a right answer reverted: ", vm.toString(reason)));
        }
    }

    /// @dev What a report of `n` misses should do, as the model computes it.
    struct ReportModel {
        uint256 reward;
        uint256 kept;
        uint256 returned;
        uint256 end;
        bool evicts;
    }

    /// @dev Reports `periods` of `keeper` (one call, or a batch), and checks against the model what the reporter got,
    /// and, if the last report evicts, where the tenure ends and what the keeper got back.
    function _report(uint256 dealId, address keeper, uint32[] memory periods, address reporter, bool batch) internal {
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
        ReportModel memory m = _reportModel(dealId, keeper, periods.length, d, k);
        uint256 reporterBefore = escrow.balanceOf(reporter, d.token);
        uint256 keeperBefore = escrow.balanceOf(keeper, d.token);
        if (!_callReport(dealId, keeper, periods, reporter, batch)) {
            return _unexpected("reportMissed of Missed periods reverted");
        }
        ghostKept[dealId] += m.kept;
        ghostRewardedInDeal[dealId] += m.reward;
        ghostRewarded[reporter][d.token] += m.reward;
        ghostBalance[reporter][d.token] += m.reward;
        if (reporter == keeper) {
            if (_minus(escrow.balanceOf(keeper, d.token), keeperBefore) != m.reward + m.returned) {
                return _unexpected("self-report: wrong reward or stake returned");
            }
        } else if (_minus(escrow.balanceOf(reporter, d.token), reporterBefore) != m.reward) {
            return _unexpected("reportMissed: the reporter did not get half the slash");
        } else if (_minus(escrow.balanceOf(keeper, d.token), keeperBefore) != m.returned) {
            return _unexpected("eviction: wrong stake returned");
        }
        IStorageEscrow.KeeperView memory after_ = escrow.keeper(dealId, keeper);
        if ((after_.status == IStorageEscrow.KeeperStatus.Evicted) != m.evicts) {
            return _unexpected("eviction not exactly at maxMisses");
        }
        if (!m.evicts && after_.misses != k.misses + periods.length) {
            return _unexpected("reportMissed: misses not counted");
        }
        if (m.evicts) _closed(dealId, keeper, after_, m.end, m.returned, d.token);
        _ok(batch ? bytes32("reportMissedBatch") : bytes32("reportMissed"));
    }

    /// @dev Each report takes min(slash, what remains) and pays half of it to the reporter; the report that reaches
    /// maxMisses evicts, counting the tenure's unreported misses and returning the rest of the stake.
    function _reportModel(
        uint256 dealId,
        address keeper,
        uint256 n,
        IStorageEscrow.DealView memory d,
        IStorageEscrow.KeeperView memory k
    ) internal returns (ReportModel memory m) {
        uint256 stake = k.stake;
        for (uint256 i; i < n; ++i) {
            uint256 taken = d.slashPerMiss < stake ? d.slashPerMiss : stake;
            stake -= taken;
            m.reward += taken / 2;
            m.kept += taken - taken / 2;
        }
        m.evicts = k.misses + n >= d.maxMisses;
        m.end = _expectedEnd(dealId, keeper, k);
        if (m.evicts) {
            uint256 counted = _minus(m.end, k.firstPeriod + ghostProven[dealId][keeper] + k.misses + n);
            uint256 atClose = counted * d.slashPerMiss < stake ? counted * d.slashPerMiss : stake;
            m.kept += atClose;
            m.returned = stake - atClose;
        }
    }

    function _callReport(uint256 dealId, address keeper, uint32[] memory periods, address reporter, bool batch)
        internal
        returns (bool ok)
    {
        vm.startPrank(reporter);
        if (batch) {
            address[] memory keepers = new address[](periods.length);
            for (uint256 i; i < periods.length; ++i) {
                keepers[i] = keeper;
            }
            try escrow.reportMissedBatch(dealId, keepers, periods) {
                ok = true;
            } catch {}
        } else {
            try escrow.reportMissed(dealId, keeper, periods[0]) {
                ok = true;
            } catch {}
        }
        vm.stopPrank();
    }

    /// @dev Reporting a period that has not closed (the current one of an active keeper) must fail.
    function _reportOpenPeriod(address reporter, uint256 dealSeed, uint256 keeperSeed) internal {
        uint256 dealId = _pickDeal(dealSeed);
        if (dealId == 0) return;
        (bool running, uint32 period) = _currentPeriod(dealId);
        address keeper = _activeKeeper(dealId, keeperSeed);
        if (!running || keeper == address(0)) return;
        vm.prank(reporter);
        try escrow.reportMissed(dealId, keeper, period) {
            _unexpected("reportMissed counted a period that has not closed");
        } catch {}
    }

    function _leave(uint256 dealId, address keeper) internal {
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
        uint256 end = _expectedEnd(dealId, keeper, k);
        uint256 returned = _returnedAtClose(dealId, keeper, d, k, end);
        uint256 before = escrow.balanceOf(keeper, d.token);
        vm.prank(keeper);
        try escrow.leaveDeal(dealId) {
            if (_minus(escrow.balanceOf(keeper, d.token), before) != returned) {
                return _unexpected("leaveDeal: wrong stake back");
            }
            _closed(dealId, keeper, escrow.keeper(dealId, keeper), end, returned, d.token);
            _ok("leaveDeal");
        } catch {
            _unexpected("leaveDeal before the committed end reverted");
        }
    }

    function _release(uint256 dealId, address keeper, address caller) internal {
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
        uint256 returned = _returnedAtClose(dealId, keeper, d, k, k.endPeriod);
        uint256 before = escrow.balanceOf(keeper, d.token);
        vm.prank(caller);
        try escrow.release(dealId, keeper) {
            if (_minus(escrow.balanceOf(keeper, d.token), before) != returned) {
                return _unexpected("release: wrong stake back");
            }
            _closed(dealId, keeper, escrow.keeper(dealId, keeper), k.endPeriod, returned, d.token);
            _ok("release");
        } catch {
            _unexpected("release after the committed end reverted");
        }
    }

    function _refund(uint256 dealId) internal {
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        uint256 amount = _minus(ghostDeposit[dealId] + ghostKept[dealId], ghostPaid[dealId] + ghostRefunded[dealId]);
        bool expected = block.timestamp >= d.end && amount != 0;
        address funder = ghostFunder[dealId];
        uint256 before = escrow.balanceOf(funder, d.token);
        try escrow.refund(dealId) {
            if (!expected) return _unexpected("refund succeeded before the end or with nothing left");
            if (_minus(escrow.balanceOf(funder, d.token), before) != amount) return _unexpected("refund: wrong amount");
            ghostRefunded[dealId] += amount;
            ghostBalance[funder][d.token] += amount;
            _ok("refund");
        } catch (bytes memory reason) {
            if (expected) _unexpected(string.concat("refund of an ended deal with money left reverted: ", vm.toString(reason)));
        }
    }

    function _withdraw(address account, address token_, address to) internal {
        uint256 amount = ghostBalance[account][token_];
        uint256 before = token_ == address(0) ? to.balance : token.balanceOf(to);
        vm.prank(account);
        bool ok;
        if (to == account) {
            try escrow.withdraw(token_) {
                ok = true;
            } catch {}
        } else {
            try escrow.withdrawTo(token_, to) {
                ok = true;
            } catch {}
        }
        if (ok != (amount != 0)) return _unexpected(ok ? "withdraw of nothing succeeded" : "withdraw reverted");
        if (!ok) return;
        uint256 received = _minus(token_ == address(0) ? to.balance : token.balanceOf(to), before);
        if (received != amount) return _unexpected("withdraw: the recipient did not receive the balance");
        ghostBalance[account][token_] = 0;
        ghostWithdrawn[account][token_] += amount;
        _ok(to == account ? bytes32("withdraw") : bytes32("withdrawTo"));
    }

    // ─── Model helpers ───────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Records a closed tenure: it must end at `end`; its slot frees from there; what came back is a credit.
    function _closed(
        uint256 dealId,
        address keeper,
        IStorageEscrow.KeeperView memory k,
        uint256 end,
        uint256 returned,
        address token_
    ) internal {
        if (k.status == IStorageEscrow.KeeperStatus.Active) return _unexpected("a closed tenure is still active");
        if (k.endPeriod != end) return _unexpected("a tenure closed at the wrong period");
        ghostSlotKeeper[dealId][k.slot] = address(0);
        ghostFreeFrom[dealId][k.slot] = end;
        ghostReturned[dealId][keeper] += returned;
        ghostBalance[keeper][token_] += returned;
    }

    /// @dev Where a tenure closing now (leaving, or evicted) ends: after the current period if it was proven or its
    /// challenge requested, else at it; at its committed end once that has passed; never before its first period.
    function _expectedEnd(uint256 dealId, address keeper, IStorageEscrow.KeeperView memory k)
        internal
        view
        returns (uint256 end)
    {
        IStorageEscrow.DealView memory d = escrow.deal(dealId);
        if (block.timestamp >= d.start) {
            uint256 current = (block.timestamp - d.start) / d.periodSeconds;
            if (current >= k.endPeriod) {
                end = k.endPeriod;
            } else {
                bool proven = ghostProofs[dealId][keeper][current] != 0;
                bool requested = k.seedBlock != 0 && k.challengePeriod == current;
                end = proven || requested ? current + 1 : current;
            }
        }
        if (end < k.firstPeriod) end = k.firstPeriod;
    }

    /// @dev What closing a tenure at `end` credits back: the stake less the slash for its uncounted misses.
    function _returnedAtClose(
        uint256 dealId,
        address keeper,
        IStorageEscrow.DealView memory d,
        IStorageEscrow.KeeperView memory k,
        uint256 end
    ) internal returns (uint256) {
        uint256 counted = _minus(end, k.firstPeriod + ghostProven[dealId][keeper] + k.misses);
        uint256 slashed = counted * d.slashPerMiss < k.stake ? counted * d.slashPerMiss : k.stake;
        ghostKept[dealId] += slashed; // undone by nothing: the close is expected to succeed
        return k.stake - slashed;
    }

    /// @dev Makes sure `payer` can pay `amount` of ETH. The actors get 1e30 each in the constructor, far more than any
    /// run spends, yet EDR's invariant runs now and then start an actor at a balance of 0 (seen: a join and a
    /// createDeal of valid terms reverting with empty data, the payer's balance 0, while a unit test replaying the same
    /// calls passes with every actor near 1e30): a payment must not fail for a balance the escrow never touched. The
    /// escrow's own balance, which the invariants check, is never dealt.
    function _fundEth(address payer, uint256 amount) internal {
        if (payer.balance < amount) vm.deal(payer, payer.balance + 1e30);
    }

    function _lowestFreeSlot(uint256 dealId, uint8 replicas) internal view returns (bool, uint8) {
        for (uint8 slot; slot < replicas; ++slot) {
            if (ghostSlotKeeper[dealId][slot] == address(0)) return (true, slot);
        }
        return (false, 0);
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

    /// @dev The first keeper, from random ones on, with Missed periods, and those periods.
    function _findMissed(uint256 dealSeed, uint256 keeperSeed)
        internal
        view
        returns (uint256 dealId, address keeper, uint32[] memory periods)
    {
        uint256 count = escrow.dealCount();
        for (uint256 i; i < count; ++i) {
            dealId = (dealSeed + i) % count + 1;
            uint32 total = escrow.deal(dealId).periods;
            for (uint256 a; a < ACTORS; ++a) {
                keeper = actor(keeperSeed + a);
                periods = new uint32[](total);
                uint256 found;
                for (uint32 p; p < total; ++p) {
                    uint32 period = uint32((keeperSeed + p) % total);
                    if (escrow.periodStatus(dealId, keeper, period) == IStorageEscrow.PeriodStatus.Missed) {
                        periods[found++] = period;
                    }
                }
                if (found != 0) {
                    assembly ("memory-safe") {
                        mstore(periods, found)
                    }
                    return (dealId, keeper, periods);
                }
            }
        }
        return (0, address(0), periods);
    }

    /// @dev `a - b`, or zero with an unexpected outcome recorded: the handler must never revert, or the fuzzer would
    /// silently drop the call and a bug with it.
    function _minus(uint256 a, uint256 b) internal returns (uint256) {
        if (a >= b) return a - b;
        _unexpected("the model went negative");
        return 0;
    }

    function _ok(bytes32 action) internal {
        calls[action]++;
        successes++;
    }

    function _unexpected(string memory what) internal {
        if (unexpected == 0) firstUnexpected = what;
        unexpected++;
    }
}

/// @dev The invariants of test/invariant/README.md ("StorageEscrow"), asserted after every call of a random sequence
/// of handler calls, and the end state after each sequence ({afterInvariant}). Abstract, with the handler from
/// `_newHandler`: test/contracts/StorageEscrowInvariant.t.sol makes both concrete, because Hardhat fuzzes only
/// contracts declared in test files under test/contracts.
abstract contract StorageEscrowInvariants is StdInvariant, Test {
    StorageEscrow internal escrow;
    StorageEscrowTestToken internal token;
    StorageEscrowHandler internal handler;

    /// @dev Sums over every deal and every keeper of one token.
    struct Sums {
        uint256 deposits;
        uint256 paid;
        uint256 slashed;
        uint256 rewarded;
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
        // Every run starts with one deal, so that no run is empty.
        handler.createDeal(0, uint256(keccak256("first deal")), false);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](9);
        selectors[0] = StorageEscrowHandler.createDeal.selector;
        selectors[1] = StorageEscrowHandler.topUp.selector;
        selectors[2] = StorageEscrowHandler.join.selector;
        selectors[3] = StorageEscrowHandler.serve.selector;
        selectors[4] = StorageEscrowHandler.reportMissed.selector;
        selectors[5] = StorageEscrowHandler.exit.selector;
        selectors[6] = StorageEscrowHandler.settle.selector;
        selectors[7] = StorageEscrowHandler.warp.selector;
        selectors[8] = StorageEscrowHandler.handOverAtPeriodOpen.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev 0. Every call did what the model says: no call that must succeed reverted, none that must fail succeeded,
    /// and every success credited what the model computes.
    function invariant_CallsDoWhatTheModelSays() public view {
        assertEq(handler.unexpected(), 0, handler.firstUnexpected());
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
            assertEq(totals.deposited, handler.ghostDeposited(tokens[t]), "deposited = what funders paid in");
            assertEq(totals.staked, handler.ghostStaked(tokens[t]), "staked = what keepers paid in");
        }
    }

    /// @dev 2. Deposits: every unit deposited (plus every unit slashed into a deal) is paid to a keeper, refunded to a
    /// funder, or still in its deal; each deal's money is what the model computes.
    function invariant_DepositsArePaidRefundedOrHeld() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            Sums memory s = _sums(tokens[t]);
            IStorageEscrow.Totals memory totals = escrow.totals(tokens[t]);
            assertEq(totals.deposited, s.deposits, "deposited = sum of deposits");
            assertEq(totals.paid, s.paid, "paid = sum over deals");
            assertEq(totals.slashed, s.slashed, "slashed = sum over deals");
            assertEq(totals.rewarded, s.rewarded, "rewarded = sum over deals");
            assertEq(totals.refunded, s.refunded, "refunded = sum over deals");
            assertEq(
                totals.deposited + totals.slashed, totals.paid + totals.refunded + s.remainders, "deposits balance"
            );
        }
        uint256 count = escrow.dealCount();
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            assertEq(d.deposit, uint256(d.replicas) * d.periods * d.pricePerPeriod, "deposit is the full cost");
            assertEq(d.deposit, handler.ghostDeposit(dealId), "deposit = model");
            assertEq(d.paid, handler.ghostPaid(dealId), "paid = model");
            assertEq(d.slashed, handler.ghostKept(dealId), "slashed into the deal = model");
            assertEq(d.rewarded, handler.ghostRewardedInDeal(dealId), "rewarded = model");
            assertEq(d.refunded, handler.ghostRefunded(dealId), "refunded = model");
            assertEq(d.funder, handler.ghostFunder(dealId), "funder = who created it");
            assertLe(d.paid, d.deposit, "never pays more than was deposited");
        }
    }

    /// @dev 3. Stakes: every unit staked is locked with an active keeper, slashed into a deal, paid to a reporter,
    /// or released to its keeper; and what was staked is stakePerReplica for every keeper who ever joined.
    function invariant_StakesAreLockedSlashedOrReleased() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            Sums memory s = _sums(tokens[t]);
            IStorageEscrow.Totals memory totals = escrow.totals(tokens[t]);
            assertEq(
                totals.staked,
                s.locked + totals.slashed + totals.rewarded + totals.released,
                "staked = locked+slashed+rewarded+released"
            );
            assertEq(totals.staked, s.joinedStakes, "staked = one stake per keeper ever joined");
        }
    }

    /// @dev 4. A keeper is paid only for periods it proved, at most once each: every period has at most one accepted
    /// proof, a period is Proven exactly when a proof was accepted for it, each keeper's proven count is its accepted
    /// proofs, and each deal paid price x proofs.
    function invariant_PaidOnlyForProvenPeriodsNeverTwice() public view {
        uint256 count = escrow.dealCount();
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            uint256 proofs;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address keeper = handler.actor(a);
                uint256 accepted;
                for (uint32 p; p < d.periods; ++p) {
                    uint256 n = handler.ghostProofs(dealId, keeper, p);
                    assertLe(n, 1, "at most one accepted proof per period");
                    bool proven = escrow.periodStatus(dealId, keeper, p) == IStorageEscrow.PeriodStatus.Proven;
                    assertEq(proven, n == 1, "proven iff a proof was accepted");
                    accepted += n;
                }
                assertEq(escrow.keeper(dealId, keeper).proven, accepted, "proven count = accepted proofs");
                proofs += accepted;
            }
            assertEq(d.paid, proofs * d.pricePerPeriod, "deal paid price x proofs");
        }
    }

    /// @dev 5. Slashing never exceeds the stake: for each keeper of each deal, its stake still locked plus what closing
    /// its tenure credited back is at most its stake, and what it lost is min(misses x slashPerMiss, stake); per deal,
    /// the slashes (into the deal and to reporters) add up to the keepers' losses.
    function invariant_SlashingNeverExceedsStake() public view {
        uint256 count = escrow.dealCount();
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            uint256 lostInDeal;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address keeper = handler.actor(a);
                IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
                if (k.status == IStorageEscrow.KeeperStatus.None) continue;
                uint256 kept = k.stake + handler.ghostReturned(dealId, keeper);
                assertLe(kept, d.stakePerReplica, "never more back than was staked");
                uint256 lost = d.stakePerReplica - kept;
                uint256 expected = uint256(k.misses) * d.slashPerMiss;
                assertEq(lost, expected < d.stakePerReplica ? expected : d.stakePerReplica, "lost = capped slashes");
                lostInDeal += lost;
                if (k.status == IStorageEscrow.KeeperStatus.Active) {
                    assertLt(k.misses, d.maxMisses, "an active keeper has fewer misses than evict");
                }
            }
            assertEq(d.slashed + d.rewarded, lostInDeal, "deal slashed + rewarded = keepers' losses");
        }
    }

    /// @dev 6. Refunds never exceed what is unspent, and nothing is refunded before the deal ends.
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
                assertEq(handler.ghostSlotKeeper(dealId, k.slot), keeper, "the model agrees");
            }
            assertEq(d.keepers, active, "held slots = active keepers");
            assertLe(d.keepers, d.replicas, "no more keepers than replicas");
        }
    }

    /// @dev 8. Occupancy: for every deal and period, at most `replicas` tenures cover it, and the tenures of one slot
    /// never overlap. An active tenure covers up to the end it committed to, a closed one up to where it closed.
    function invariant_TenuresOfASlotNeverOverlap() public view {
        uint256 count = escrow.dealCount();
        uint256 actors = handler.ACTORS();
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            IStorageEscrow.KeeperView[] memory ks = new IStorageEscrow.KeeperView[](actors);
            for (uint256 a; a < actors; ++a) {
                ks[a] = escrow.keeper(dealId, handler.actor(a));
            }
            for (uint32 p; p < d.periods; ++p) {
                uint256 covering;
                for (uint256 a; a < actors; ++a) {
                    if (_covers(ks[a], p)) ++covering;
                }
                assertLe(covering, d.replicas, "at most replicas tenures cover a period");
            }
            for (uint256 a; a < actors; ++a) {
                for (uint256 b = a + 1; b < actors; ++b) {
                    if (ks[a].status == IStorageEscrow.KeeperStatus.None) continue;
                    if (ks[b].status == IStorageEscrow.KeeperStatus.None || ks[a].slot != ks[b].slot) continue;
                    bool disjoint = ks[a].endPeriod <= ks[b].firstPeriod || ks[b].endPeriod <= ks[a].firstPeriod
                        || ks[a].endPeriod <= ks[a].firstPeriod || ks[b].endPeriod <= ks[b].firstPeriod;
                    assertTrue(disjoint, "tenures of one slot never overlap");
                }
            }
        }
    }

    /// @dev 9. Balances are the model's: what each account can withdraw is exactly what proofs, reports, closes and
    /// refunds credited it, less what it withdrew; and the totals agree.
    function invariant_BalancesAreCredits() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            Sums memory s = _sums(tokens[t]);
            IStorageEscrow.Totals memory totals = escrow.totals(tokens[t]);
            assertEq(
                s.balances,
                totals.paid + totals.refunded + totals.released + totals.rewarded - totals.withdrawn,
                "balances"
            );
            uint256 withdrawn;
            uint256 earned;
            uint256 rewarded;
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address account = handler.actor(a);
                assertEq(escrow.balanceOf(account, tokens[t]), handler.ghostBalance(account, tokens[t]), "balance");
                withdrawn += handler.ghostWithdrawn(account, tokens[t]);
                earned += handler.ghostEarned(account, tokens[t]);
                rewarded += handler.ghostRewarded(account, tokens[t]);
            }
            assertEq(totals.withdrawn, withdrawn, "withdrawn = what accounts received");
            assertEq(totals.paid, earned, "paid = what keepers earned");
            assertEq(totals.rewarded, rewarded, "rewarded = what reporters earned");
        }
    }

    /// @dev 10. The end state, after each run: past every deal's end, with every keeper released, every deal refunded
    /// and every balance withdrawn (each call as the model says), the escrow holds exactly nothing of any token, and
    /// everything that came in went out. And the run did something.
    function afterInvariant() public {
        // Runs can be short (the fuzzer also replays and mutates short sequences from its corpus): only a run of some
        // length must have done something.
        if (handler.actions() >= 10) {
            assertGt(handler.successes(), 1, "a run of ten actions or more made successful calls beyond its first deal");
        }
        handler.settleEverything();
        assertEq(handler.unexpected(), 0, handler.firstUnexpected());
        assertEq(address(escrow).balance, 0, "no ETH left");
        assertEq(token.balanceOf(address(escrow)), 0, "no token left");
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            IStorageEscrow.Totals memory totals = escrow.totals(tokens[t]);
            assertEq(totals.deposited + totals.staked, totals.withdrawn, "everything that came in went out");
            for (uint256 a; a < handler.ACTORS(); ++a) {
                assertEq(escrow.balanceOf(handler.actor(a), tokens[t]), 0, "every balance withdrawn");
            }
        }
        uint256 count = escrow.dealCount();
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            assertEq(d.keepers, 0, "every keeper released");
            assertEq(d.deposit + d.slashed, d.paid + d.refunded, "every deal refunded");
        }
    }

    function _covers(IStorageEscrow.KeeperView memory k, uint32 p) internal pure returns (bool) {
        return k.status != IStorageEscrow.KeeperStatus.None && p >= k.firstPeriod && p < k.endPeriod;
    }

    function _sums(address token_) internal view returns (Sums memory s) {
        uint256 count = escrow.dealCount();
        for (uint256 dealId = 1; dealId <= count; ++dealId) {
            IStorageEscrow.DealView memory d = escrow.deal(dealId);
            if (d.token != token_) continue;
            s.deposits += d.deposit;
            s.paid += d.paid;
            s.slashed += d.slashed;
            s.rewarded += d.rewarded;
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

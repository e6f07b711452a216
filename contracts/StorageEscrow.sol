// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IStorageEscrow} from "./interfaces/IStorageEscrow.sol";
import {CidV1} from "./libraries/CidV1.sol";
import {StorageMerkle} from "./libraries/StorageMerkle.sol";

/// @title StorageEscrow
/// @notice Escrow for storage deals: funders pay keepers per proven period to hold replicas of a video's content;
/// keepers stake, and are slashed for the periods they miss. No owner, no admin, no fee, no pause, no upgrade.
/// @dev Layout for the hot paths ({requestChallenge}, {prove}): a proof reads four slots of its deal (times and sizes,
/// root, token, price with the running total paid), and writes the keeper's tenure slot, one word of its proven-periods
/// bitmap, its balance and the token's total paid. Only {withdraw} and {withdrawTo} send value out, and only
/// {createDeal}, {topUp} and {join} pull tokens in; those five are `nonReentrant`, and every other function makes no
/// external call. Proofs only
/// ever happen in the current period, so a keeper's proven periods go up; misses are closed periods, so a proof and a
/// miss report can never race for the same period.
contract StorageEscrow is IStorageEscrow, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc IStorageEscrow
    uint256 public constant SEGMENT_SIZE = StorageMerkle.SEGMENT_SIZE;
    /// @inheritdoc IStorageEscrow
    uint8 public constant MAX_REPLICAS = 16;
    /// @inheritdoc IStorageEscrow
    uint32 public constant MIN_PERIOD_SECONDS = 1 minutes;
    /// @inheritdoc IStorageEscrow
    uint256 public constant CHALLENGE_WINDOW = 256;

    struct Deal {
        // Slot 0, read by every call on the deal. `periodSeconds == 0` means the deal does not exist.
        uint48 start;
        uint32 periodSeconds;
        uint32 periods;
        uint64 size;
        uint8 depth;
        uint8 replicas;
        uint32 maxMisses;
        // Bit `s` set: slot `s` is held. MAX_REPLICAS is 16.
        uint16 occupied;
        bytes1 cidCodec;
        // Slot 1.
        bytes32 root;
        // Slot 2.
        address token;
        // Slot 3, read and written by every proof. `paid <= deposit < 2^128` (see {prove}).
        uint128 pricePerPeriod;
        uint128 paid;
        // Slot 4.
        uint128 stakePerReplica;
        uint128 slashPerMiss;
        // Slots 5 and 6 (an address and a uint128 do not share a slot).
        address funder;
        uint128 deposit;
        // Slots 7 to 10. `slashed` is the funder's share of the slashes; `rewarded` went to reporters.
        uint256 slashed;
        uint256 refunded;
        bytes32 cidDigest;
        uint256 rewarded;
    }

    /// @dev A keeper's tenure in one deal: a keeper joins a deal at most once.
    struct Tenure {
        // Slot 0, read and written by every request and proof.
        KeeperStatus status;
        uint8 slot;
        uint32 firstPeriod;
        // While active: the end it committed to (the deal's periods when it joined or last extended); once closed:
        // the period after its last one.
        uint32 endPeriod;
        uint32 proven;
        uint32 misses;
        uint32 challengePeriod;
        uint64 seedBlock;
        // Slot 1.
        uint128 stake;
    }

    /// @dev A slot's keeper now (zero if free), and the first period a new keeper of it may serve (see `_slots`).
    struct SlotHolder {
        address keeper;
        uint32 freeFrom;
    }

    /// @dev What closing a tenure did; in memory only, on its way to {KeeperLeft}, {KeeperEvicted} or
    /// {KeeperReleased}.
    struct Closure {
        uint8 slot;
        uint32 endPeriod;
        uint32 proven;
        uint32 misses;
        uint32 missesCounted;
        uint256 slashed;
        uint256 stakeReturned;
    }

    uint256 private _dealCount;
    mapping(uint256 dealId => Deal) private _deals;
    mapping(uint256 dealId => mapping(address keeper => Tenure)) private _tenures;
    /// @dev A slot's keeper now (zero if free), and the first period a new keeper of it may serve: the end of its
    /// previous tenure. So tenures of one slot never overlap, even when a keeper proves and leaves in the same second
    /// another joins (several blocks may share a timestamp).
    mapping(uint256 dealId => mapping(uint256 slot => SlotHolder)) private _slots;
    /// @dev Bit `p % 256` of word `p / 256` set: the keeper proved period `p`.
    mapping(uint256 dealId => mapping(address keeper => mapping(uint256 word => uint256 bits))) private _proven;
    /// @dev Bit `p % 256` of word `p / 256` set: period `p` was reported missed.
    mapping(uint256 dealId => mapping(address keeper => mapping(uint256 word => uint256 bits))) private _reported;
    mapping(address account => mapping(address token => uint256 amount)) private _balances;
    mapping(address token => Totals) private _totals;

    // ─── Deals ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IStorageEscrow
    function createDeal(DealTerms calldata terms) external payable nonReentrant returns (uint256 dealId) {
        // Checks
        _checkTerms(terms);
        uint256 deposit = uint256(terms.replicas) * terms.periods * terms.pricePerPeriod;
        if (deposit > type(uint128).max) revert StorageEscrowDepositTooLarge(deposit);
        address token = terms.token;
        _checkValue(token, deposit);

        // Effects
        dealId = ++_dealCount;
        uint256 segmentCount = StorageMerkle.segmentCount(terms.size);
        _storeDeal(_deals[dealId], terms, segmentCount, deposit);
        _totals[token].deposited += deposit;
        // Cannot truncate: segmentCount <= size < 2^64.
        emit DealCreated(dealId, msg.sender, token, terms, uint64(segmentCount), deposit);

        // Interactions
        _pull(token, deposit);
    }

    /// @inheritdoc IStorageEscrow
    function topUp(uint256 dealId, uint32 addedPeriods) external payable nonReentrant {
        // Checks
        Deal storage d = _deal(dealId);
        if (msg.sender != d.funder) revert StorageEscrowNotFunder(dealId, msg.sender);
        if (addedPeriods == 0) revert StorageEscrowZeroPeriods();
        uint256 end = _end(d);
        if (block.timestamp >= end) revert StorageEscrowDealEnded(dealId, end);
        uint256 periods = uint256(d.periods) + addedPeriods;
        if (periods > type(uint32).max) revert StorageEscrowTooManyPeriods(periods);
        uint256 amount = uint256(d.replicas) * addedPeriods * d.pricePerPeriod;
        uint256 deposit = d.deposit + amount;
        if (deposit > type(uint128).max) revert StorageEscrowDepositTooLarge(deposit);
        address token = d.token;
        _checkValue(token, amount);

        // Effects. The casts cannot truncate: both were checked just above.
        d.periods = uint32(periods);
        d.deposit = uint128(deposit);
        _totals[token].deposited += amount;
        emit DealToppedUp(dealId, msg.sender, addedPeriods, uint32(periods), amount, _end(d));

        // Interactions
        _pull(token, amount);
    }

    /// @inheritdoc IStorageEscrow
    function refund(uint256 dealId) external {
        Deal storage d = _deal(dealId);
        uint256 end = _end(d);
        if (block.timestamp < end) revert StorageEscrowDealNotEnded(dealId, end);
        // Cannot underflow: paid <= deposit, and refunded was the whole remainder at the last refund, since when
        // nothing was paid (no proof after the end) and slashed only grew.
        uint256 amount = d.deposit - d.paid + d.slashed - d.refunded;
        if (amount == 0) revert StorageEscrowNothingToRefund(dealId);

        d.refunded += amount;
        address funder = d.funder;
        address token = d.token;
        _balances[funder][token] += amount;
        _totals[token].refunded += amount;
        emit Refunded(dealId, funder, token, amount);
    }

    // ─── Keepers ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IStorageEscrow
    function join(uint256 dealId) external payable nonReentrant returns (uint8 slot) {
        // Checks
        Deal storage d = _deal(dealId);
        Tenure storage t = _tenures[dealId][msg.sender];
        if (t.status != KeeperStatus.None) revert StorageEscrowAlreadyJoined(dealId, msg.sender);
        uint32 periods = d.periods;
        uint16 occupied = d.occupied;
        uint8 replicas = d.replicas;
        uint256 free = ~uint256(occupied) & ((uint256(1) << replicas) - 1);
        if (free == 0) revert StorageEscrowDealFull(dealId, replicas);
        slot = _lowestBit(free);
        SlotHolder storage holder = _slots[dealId][slot];
        uint256 firstPeriod = _firstPeriod(d, holder.freeFrom);
        if (firstPeriod >= periods) revert StorageEscrowNoPeriodLeft(dealId, periods);
        uint128 stake = d.stakePerReplica;
        address token = d.token;
        _checkValue(token, stake);

        // Effects
        d.occupied = occupied | uint16(uint256(1) << slot);
        t.status = KeeperStatus.Active;
        t.slot = slot;
        // Cannot truncate: firstPeriod < periods < 2^32.
        t.firstPeriod = uint32(firstPeriod);
        t.endPeriod = periods;
        t.stake = stake;
        holder.keeper = msg.sender;
        _totals[token].staked += stake;
        emit KeeperJoined(dealId, msg.sender, slot, uint32(firstPeriod), periods, stake);

        // Interactions
        _pull(token, stake);
    }

    /// @inheritdoc IStorageEscrow
    function extendTenure(uint256 dealId) external {
        Deal storage d = _deal(dealId);
        Tenure storage t = _activeTenure(dealId, msg.sender);
        uint32 endPeriod = t.endPeriod;
        uint256 endsAt = _periodStart(d, endPeriod);
        if (block.timestamp >= endsAt) revert StorageEscrowTenureEnded(dealId, msg.sender, endsAt);
        uint32 periods = d.periods;
        if (endPeriod == periods) revert StorageEscrowNothingToExtend(dealId, msg.sender, periods);
        t.endPeriod = periods;
        emit TenureExtended(dealId, msg.sender, periods);
    }

    /// @inheritdoc IStorageEscrow
    function requestChallenge(uint256 dealId) external returns (uint32 period) {
        Deal storage d = _deal(dealId);
        period = _currentPeriod(dealId, d);
        Tenure storage t = _activeTenure(dealId, msg.sender);
        uint32 firstPeriod = t.firstPeriod;
        if (period < firstPeriod) revert StorageEscrowNotDue(dealId, msg.sender, period, firstPeriod);
        if (period >= t.endPeriod) revert StorageEscrowBeyondTenure(dealId, msg.sender, period, t.endPeriod);
        uint64 previous = t.seedBlock;
        // A second request would let the keeper choose between challenges; the one exception is a chain that served
        // no hash for the seed block while it should have (inside the window), where no challenge could be drawn.
        if (previous != 0 && t.challengePeriod == period && !_hashWithheld(previous)) {
            revert StorageEscrowChallengeAlreadyRequested(dealId, msg.sender, period);
        }

        // Cannot truncate: block numbers stay below 2^64.
        uint64 seedBlock = uint64(block.number);
        t.challengePeriod = period;
        t.seedBlock = seedBlock;
        emit ChallengeRequested(dealId, msg.sender, period, seedBlock);
    }

    /// @inheritdoc IStorageEscrow
    function prove(uint256 dealId, uint32 period, bytes calldata segment, bytes32[] calldata proof) external {
        Deal storage d = _deal(dealId);
        _checkOpen(dealId, d, period);
        Tenure storage t = _activeTenure(dealId, msg.sender);
        if (period < t.firstPeriod) revert StorageEscrowNotDue(dealId, msg.sender, period, t.firstPeriod);
        if (period >= t.endPeriod) revert StorageEscrowBeyondTenure(dealId, msg.sender, period, t.endPeriod);
        // Marked first, checked after: any failure below reverts the mark with it.
        _markProven(dealId, period);
        uint64 segmentIndex = _challengeIndex(dealId, msg.sender, period, t, d.size);
        _verify(dealId, d, period, segmentIndex, segment, proof);

        // Cannot overflow: a keeper proves each period at most once, and periods < 2^32.
        t.proven += 1;
        // A slot is held by one keeper per period (a keeper that joins during period c serves from c + 1, and one that
        // leaves or is evicted during c serves at most up to c), and each period is paid at most once: so paid never
        // exceeds replicas * periods * pricePerPeriod = deposit < 2^128. Checked all the same.
        uint128 price = d.pricePerPeriod;
        d.paid += price;
        address token = d.token;
        _balances[msg.sender][token] += price;
        _totals[token].paid += price;
        emit ProofAccepted(dealId, msg.sender, period, segmentIndex, price);
    }

    /// @inheritdoc IStorageEscrow
    function reportMissed(uint256 dealId, address account, uint32 period) external {
        _reportMissed(dealId, _deal(dealId), account, period);
    }

    /// @inheritdoc IStorageEscrow
    function reportMissedBatch(uint256 dealId, address[] calldata accounts, uint32[] calldata periods) external {
        Deal storage d = _deal(dealId);
        uint256 count = accounts.length;
        if (count == 0 || periods.length != count) revert StorageEscrowBatchMismatch(count, periods.length);
        for (uint256 i; i < count; ++i) {
            _reportMissed(dealId, d, accounts[i], periods[i]);
        }
    }

    /// @inheritdoc IStorageEscrow
    function leaveDeal(uint256 dealId) external {
        Deal storage d = _deal(dealId);
        Tenure storage t = _activeTenure(dealId, msg.sender);
        uint256 endsAt = _periodStart(d, t.endPeriod);
        if (block.timestamp >= endsAt) revert StorageEscrowTenureEnded(dealId, msg.sender, endsAt);

        uint256 endPeriod = _endPeriodNow(dealId, d, msg.sender, t, true);
        Closure memory c = _close(dealId, d, msg.sender, t, endPeriod, KeeperStatus.Left);
        emit KeeperLeft(
            dealId, msg.sender, c.slot, c.endPeriod, c.proven, c.misses, c.missesCounted, c.slashed, c.stakeReturned
        );
    }

    /// @inheritdoc IStorageEscrow
    function release(uint256 dealId, address account) external {
        Deal storage d = _deal(dealId);
        Tenure storage t = _activeTenure(dealId, account);
        uint32 endPeriod = t.endPeriod;
        uint256 endsAt = _periodStart(d, endPeriod);
        if (block.timestamp < endsAt) revert StorageEscrowTenureNotEnded(dealId, account, endsAt);

        Closure memory c = _close(dealId, d, account, t, endPeriod, KeeperStatus.Released);
        emit KeeperReleased(
            dealId, account, c.slot, c.endPeriod, c.proven, c.misses, c.missesCounted, c.slashed, c.stakeReturned
        );
    }

    // ─── Balances ────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IStorageEscrow
    function withdraw(address token) external nonReentrant {
        _withdraw(token, msg.sender);
    }

    /// @inheritdoc IStorageEscrow
    function withdrawTo(address token, address to) external nonReentrant {
        if (to == address(0)) revert StorageEscrowZeroRecipient();
        _withdraw(token, to);
    }

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IStorageEscrow
    function dealCount() external view returns (uint256) {
        return _dealCount;
    }

    /// @inheritdoc IStorageEscrow
    function deal(uint256 dealId) external view returns (DealView memory info) {
        Deal storage d = _deal(dealId);
        info.funder = d.funder;
        info.token = d.token;
        info.cid = abi.encodePacked(bytes1(0x01), d.cidCodec, bytes2(0x1220), d.cidDigest);
        info.root = d.root;
        info.size = d.size;
        // Cannot truncate: segmentCount <= size < 2^64.
        info.segmentCount = uint64(StorageMerkle.segmentCount(d.size));
        info.depth = d.depth;
        info.replicas = d.replicas;
        info.keepers = _popCount(d.occupied);
        info.start = d.start;
        info.periodSeconds = d.periodSeconds;
        info.periods = d.periods;
        info.end = _end(d);
        info.pricePerPeriod = d.pricePerPeriod;
        info.stakePerReplica = d.stakePerReplica;
        info.slashPerMiss = d.slashPerMiss;
        info.maxMisses = d.maxMisses;
        info.deposit = d.deposit;
        info.paid = d.paid;
        info.slashed = d.slashed;
        info.refunded = d.refunded;
        info.rewarded = d.rewarded;
    }

    /// @inheritdoc IStorageEscrow
    function keeper(uint256 dealId, address account) external view returns (KeeperView memory info) {
        _deal(dealId);
        Tenure storage t = _tenures[dealId][account];
        info.status = t.status;
        info.slot = t.slot;
        info.firstPeriod = t.firstPeriod;
        info.endPeriod = t.endPeriod;
        info.proven = t.proven;
        info.misses = t.misses;
        info.stake = t.stake;
        info.challengePeriod = t.challengePeriod;
        info.seedBlock = t.seedBlock;
    }

    /// @inheritdoc IStorageEscrow
    function keeperAt(uint256 dealId, uint8 slot) external view returns (address) {
        _deal(dealId);
        return _slots[dealId][slot].keeper;
    }

    /// @inheritdoc IStorageEscrow
    function periodStatus(uint256 dealId, address account, uint32 period) external view returns (PeriodStatus) {
        Deal storage d = _deal(dealId);
        Tenure storage t = _tenures[dealId][account];
        KeeperStatus status = t.status;
        bool active = status == KeeperStatus.Active;
        if (status == KeeperStatus.None || period < t.firstPeriod || period >= d.periods) return PeriodStatus.NotDue;
        if (period >= t.endPeriod) return PeriodStatus.NotDue;
        uint256 word = period >> 8;
        uint256 mask = uint256(1) << (period & 0xff);
        if (_proven[dealId][account][word] & mask != 0) return PeriodStatus.Proven;
        // A closed tenure counted all its unproven periods as misses.
        if (!active) return PeriodStatus.MissCounted;
        if (block.timestamp < _periodStart(d, uint256(period) + 1)) return PeriodStatus.Due;
        return _reported[dealId][account][word] & mask != 0 ? PeriodStatus.MissCounted : PeriodStatus.Missed;
    }

    /// @inheritdoc IStorageEscrow
    function challenge(uint256 dealId, address account, uint32 period) external view returns (uint64 segmentIndex) {
        Deal storage d = _deal(dealId);
        return _challengeIndex(dealId, account, period, _tenures[dealId][account], d.size);
    }

    /// @inheritdoc IStorageEscrow
    function balanceOf(address account, address token) external view returns (uint256) {
        return _balances[account][token];
    }

    /// @inheritdoc IStorageEscrow
    function totals(address token) external view returns (Totals memory) {
        return _totals[token];
    }

    // ─── Internals ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Reverts unless `terms` describe a valid deal (all but its cost).
    function _checkTerms(DealTerms calldata terms) private view {
        bytes calldata cid = terms.cid;
        if (cid.length == 0) revert StorageEscrowEmptyCid();
        if (!CidV1.isValid(cid)) revert StorageEscrowMalformedCid(cid);
        if (terms.size == 0) revert StorageEscrowZeroSize();
        if (terms.root == 0) revert StorageEscrowZeroRoot();
        uint8 replicas = terms.replicas;
        if (replicas == 0 || replicas > MAX_REPLICAS) revert StorageEscrowReplicasOutOfRange(replicas, MAX_REPLICAS);
        uint32 periodSeconds = terms.periodSeconds;
        if (periodSeconds < MIN_PERIOD_SECONDS) revert StorageEscrowPeriodTooShort(periodSeconds, MIN_PERIOD_SECONDS);
        if (terms.periods == 0) revert StorageEscrowZeroPeriods();
        if (terms.pricePerPeriod == 0) revert StorageEscrowZeroPrice();
        if (terms.maxMisses == 0) revert StorageEscrowZeroMaxMisses();
        uint128 stake = terms.stakePerReplica;
        uint128 slash = terms.slashPerMiss;
        // A miss must cost at least what a period pays: squatting a slot then costs money, and half a slash pays a
        // reporter for evicting a squatter (see docs/storage-proofs.md, "Threat model").
        if (slash < terms.pricePerPeriod) revert StorageEscrowSlashBelowPrice(slash, terms.pricePerPeriod);
        if (slash > stake) revert StorageEscrowSlashAboveStake(slash, stake);
        if (terms.start < block.timestamp) revert StorageEscrowStartInPast(terms.start, block.timestamp);
    }

    function _storeDeal(Deal storage d, DealTerms calldata terms, uint256 segmentCount, uint256 deposit) private {
        d.start = terms.start;
        d.periodSeconds = terms.periodSeconds;
        d.periods = terms.periods;
        d.size = terms.size;
        // Cannot truncate: the depth of at most 2^64 segments is at most 64.
        d.depth = uint8(StorageMerkle.depth(segmentCount));
        d.replicas = terms.replicas;
        d.maxMisses = terms.maxMisses;
        d.cidCodec = terms.cid[1];
        d.root = terms.root;
        d.token = terms.token;
        d.pricePerPeriod = terms.pricePerPeriod;
        d.stakePerReplica = terms.stakePerReplica;
        d.slashPerMiss = terms.slashPerMiss;
        d.funder = msg.sender;
        // Cannot truncate: the caller checked deposit <= type(uint128).max.
        d.deposit = uint128(deposit);
        d.cidDigest = bytes32(terms.cid[4:]);
    }

    /// @dev Reverts unless `msg.value` pays `amount` of `token`: all of it in ETH, or none for an ERC-20.
    function _checkValue(address token, uint256 amount) private view {
        uint256 expected = token == address(0) ? amount : 0;
        if (msg.value != expected) revert StorageEscrowValueMismatch(expected, msg.value);
    }

    /// @dev Takes `amount` of an ERC-20 from the caller, and reverts unless the balance grew by exactly that much.
    function _pull(address token, uint256 amount) private {
        if (token == address(0) || amount == 0) return;
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert StorageEscrowTransferMismatch(token, amount, received);
    }

    /// @dev Reverts unless `period` is the deal's current period.
    function _checkOpen(uint256 dealId, Deal storage d, uint32 period) private view {
        uint32 periods = d.periods;
        if (period >= periods) revert StorageEscrowPeriodOutOfRange(dealId, period, periods);
        uint256 opensAt = _periodStart(d, period);
        if (block.timestamp < opensAt) revert StorageEscrowPeriodNotOpen(dealId, period, opensAt);
        uint256 closesAt = opensAt + d.periodSeconds;
        if (block.timestamp >= closesAt) revert StorageEscrowPeriodClosed(dealId, period, closesAt);
    }

    /// @dev The current period; reverts before the start and after the end.
    function _currentPeriod(uint256 dealId, Deal storage d) private view returns (uint32) {
        uint256 start = d.start;
        if (block.timestamp < start) revert StorageEscrowDealNotStarted(dealId, start);
        uint256 period = (block.timestamp - start) / d.periodSeconds;
        if (period >= d.periods) revert StorageEscrowDealEnded(dealId, _end(d));
        // Cannot truncate: period < periods < 2^32.
        return uint32(period);
    }

    /// @dev The segment `account`'s request for `period` challenges; reverts if there is no such request or its seed
    /// block's hash is not readable now.
    function _challengeIndex(uint256 dealId, address account, uint32 period, Tenure storage t, uint64 size)
        private
        view
        returns (uint64)
    {
        uint64 seedBlock = t.seedBlock;
        if (seedBlock == 0 || t.challengePeriod != period) revert StorageEscrowNoChallenge(dealId, account, period);
        if (block.number <= seedBlock) revert StorageEscrowChallengeNotReady(dealId, account, seedBlock);
        if (block.number > seedBlock + CHALLENGE_WINDOW) {
            revert StorageEscrowChallengeExpired(dealId, account, seedBlock);
        }
        bytes32 hash = blockhash(seedBlock);
        // Inside the window every sound chain serves the hash; a zero would make the challenge known to all in
        // advance. Refuse it: the keeper may request again ({requestChallenge}).
        if (hash == 0) revert StorageEscrowNoBlockhash(dealId, account, seedBlock);
        uint256 seed = uint256(keccak256(abi.encode(hash, dealId, account, period)));
        // Cannot truncate: the remainder is below segmentCount <= size < 2^64.
        return uint64(seed % StorageMerkle.segmentCount(size));
    }

    /// @dev Reverts unless `segment` and `proof` show segment `segmentIndex` under the deal's root.
    function _verify(
        uint256 dealId,
        Deal storage d,
        uint32 period,
        uint64 segmentIndex,
        bytes calldata segment,
        bytes32[] calldata proof
    ) private view {
        uint256 expectedLength = StorageMerkle.segmentLength(d.size, segmentIndex);
        if (segment.length != expectedLength) {
            revert StorageEscrowSegmentLength(segmentIndex, expectedLength, segment.length);
        }
        uint256 depth = d.depth;
        if (proof.length != depth) revert StorageEscrowProofLength(depth, proof.length);
        bytes32 root = StorageMerkle.processProof(StorageMerkle.leaf(segmentIndex, segment), segmentIndex, proof);
        if (root != d.root) revert StorageEscrowInvalidProof(dealId, msg.sender, period, segmentIndex);
    }

    /// @dev Takes the slash for `misses` missed periods (at most the remaining stake) from the keeper: half of it to
    /// `reporter`'s balance if there is one (a reward that pays for the report), the rest into the deal.
    function _slash(Deal storage d, Tenure storage t, uint256 misses, address reporter)
        private
        returns (uint256 amount, uint256 reward)
    {
        uint256 stake = t.stake;
        amount = misses * d.slashPerMiss;
        if (amount > stake) amount = stake;
        if (amount == 0) return (0, 0);
        // Cannot underflow: amount <= stake.
        unchecked {
            t.stake = uint128(stake - amount);
        }
        address token = d.token;
        if (reporter != address(0)) {
            reward = amount / 2;
            d.rewarded += reward;
            _balances[reporter][token] += reward;
            _totals[token].rewarded += reward;
        }
        // Cannot underflow: reward <= amount.
        uint256 kept = amount - reward;
        d.slashed += kept;
        _totals[token].slashed += kept;
    }

    /// @dev The period after the last one of a tenure closing now: the current period if it was proven (or, when
    /// `countRequested`, if its challenge was requested), else the one before; the tenure's committed end if it has
    /// passed.
    function _endPeriodNow(uint256 dealId, Deal storage d, address account, Tenure storage t, bool countRequested)
        private
        view
        returns (uint256)
    {
        uint256 start = d.start;
        if (block.timestamp < start) return 0;
        uint256 current = (block.timestamp - start) / d.periodSeconds;
        uint256 committed = t.endPeriod;
        if (current >= committed) return committed;
        bool proven = _proven[dealId][account][current >> 8] & (uint256(1) << (current & 0xff)) != 0;
        bool requested = countRequested && t.seedBlock != 0 && t.challengePeriod == current;
        return proven || requested ? current + 1 : current;
    }

    /// @dev Closes an active tenure at `endPeriod`: counts its unproven, unreported periods as misses and slashes for
    /// them, frees its slot, and credits the rest of its stake back to the keeper.
    function _close(
        uint256 dealId,
        Deal storage d,
        address account,
        Tenure storage t,
        uint256 endPeriod,
        KeeperStatus status
    ) private returns (Closure memory c) {
        uint256 firstPeriod = t.firstPeriod;
        if (endPeriod < firstPeriod) endPeriod = firstPeriod;
        c.slot = t.slot;
        // Cannot truncate: endPeriod <= periods < 2^32.
        c.endPeriod = uint32(endPeriod);
        c.proven = t.proven;
        // Cannot underflow: proven and reported periods are distinct periods of [firstPeriod, endPeriod) (a proof is
        // in the current period, which belongs to the tenure once proven; a report is of a closed one). Checked all
        // the same.
        uint256 counted = endPeriod - firstPeriod - c.proven - t.misses;
        // Cannot truncate: counted <= endPeriod < 2^32, and misses + counted <= endPeriod - firstPeriod.
        c.missesCounted = uint32(counted);
        c.misses = t.misses + uint32(counted);
        (c.slashed,) = _slash(d, t, counted, address(0));
        c.stakeReturned = t.stake;

        t.status = status;
        t.endPeriod = c.endPeriod;
        t.misses = c.misses;
        t.stake = 0;
        d.occupied &= ~uint16(uint256(1) << c.slot);
        SlotHolder storage holder = _slots[dealId][c.slot];
        holder.keeper = address(0);
        holder.freeFrom = c.endPeriod;
        if (c.stakeReturned != 0) {
            address token = d.token;
            _balances[account][token] += c.stakeReturned;
            _totals[token].released += c.stakeReturned;
        }
    }

    /// @dev Marks `period` proven by the caller; reverts if it already was.
    function _markProven(uint256 dealId, uint32 period) private {
        mapping(uint256 word => uint256 bits) storage proven = _proven[dealId][msg.sender];
        uint256 word = period >> 8;
        uint256 mask = uint256(1) << (period & 0xff);
        uint256 bits = proven[word];
        if (bits & mask != 0) revert StorageEscrowAlreadyProven(dealId, msg.sender, period);
        proven[word] = bits | mask;
    }

    /// @dev Marks `period` reported missed; reverts if it was proven or already reported.
    function _markReported(uint256 dealId, address account, uint32 period) private {
        uint256 word = period >> 8;
        uint256 mask = uint256(1) << (period & 0xff);
        if (_proven[dealId][account][word] & mask != 0) revert StorageEscrowAlreadyProven(dealId, account, period);
        mapping(uint256 word => uint256 bits) storage reported = _reported[dealId][account];
        uint256 bits = reported[word];
        if (bits & mask != 0) revert StorageEscrowAlreadyReported(dealId, account, period);
        reported[word] = bits | mask;
    }

    /// @dev Closes the tenure of a keeper whose misses reached the deal's `maxMisses`. The current period stays in
    /// its tenure if it was proven (and paid), or if its challenge was requested (then unanswered, it counts as a
    /// miss: as for {leaveDeal}, being evicted, even on one's own report, does not dodge a challenge).
    function _evict(uint256 dealId, Deal storage d, address account, Tenure storage t) private {
        uint256 endPeriod = _endPeriodNow(dealId, d, account, t, true);
        Closure memory c = _close(dealId, d, account, t, endPeriod, KeeperStatus.Evicted);
        emit KeeperEvicted(
            dealId, account, c.slot, c.endPeriod, c.proven, c.misses, c.missesCounted, c.slashed, c.stakeReturned
        );
    }

    /// @dev Counts a closed, unproven period of an active keeper's tenure as a miss, pays the reporter half its slash,
    /// and evicts the keeper at its `maxMisses`-th miss.
    function _reportMissed(uint256 dealId, Deal storage d, address account, uint32 period) private {
        uint32 periods = d.periods;
        if (period >= periods) revert StorageEscrowPeriodOutOfRange(dealId, period, periods);
        uint256 closesAt = _periodStart(d, uint256(period) + 1);
        if (block.timestamp < closesAt) revert StorageEscrowPeriodNotClosed(dealId, period, closesAt);
        Tenure storage t = _activeTenure(dealId, account);
        uint32 firstPeriod = t.firstPeriod;
        if (period < firstPeriod) revert StorageEscrowNotDue(dealId, account, period, firstPeriod);
        if (period >= t.endPeriod) revert StorageEscrowBeyondTenure(dealId, account, period, t.endPeriod);
        _markReported(dealId, account, period);

        // Cannot overflow: each miss is a distinct period of the tenure, and periods < 2^32.
        uint32 misses = t.misses + 1;
        t.misses = misses;
        (uint256 slashed, uint256 reward) = _slash(d, t, 1, msg.sender);
        emit PeriodMissed(dealId, account, period, msg.sender, slashed, reward, misses);

        if (misses >= d.maxMisses) _evict(dealId, d, account, t);
    }

    /// @dev Sends the caller's whole balance of `token` to `to`.
    function _withdraw(address token, address to) private {
        // Checks
        uint256 amount = _balances[msg.sender][token];
        if (amount == 0) revert StorageEscrowNothingToWithdraw(msg.sender, token);

        // Effects
        _balances[msg.sender][token] = 0;
        _totals[token].withdrawn += amount;
        emit Withdrawn(msg.sender, token, to, amount);

        // Interactions
        if (token == address(0)) {
            (bool sent,) = to.call{value: amount}("");
            if (!sent) revert StorageEscrowEthTransferFailed(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }

    /// @dev The first period a keeper joining now serves: the first that opens at or after now (a keeper joining at
    /// the very second a period opens, the deal's start included, serves it whole; otherwise from the next one), and
    /// never one before `freeFrom`, the end of its slot's previous tenure.
    function _firstPeriod(Deal storage d, uint256 freeFrom) private view returns (uint256 first) {
        uint256 start = d.start;
        if (block.timestamp > start) {
            uint256 periodSeconds = d.periodSeconds;
            first = (block.timestamp - start + periodSeconds - 1) / periodSeconds;
        }
        if (first < freeFrom) first = freeFrom;
    }

    /// @dev Whether the chain serves no hash for `seedBlock` although it is readable (after it, within the window).
    function _hashWithheld(uint64 seedBlock) private view returns (bool) {
        return block.number > seedBlock && block.number <= seedBlock + CHALLENGE_WINDOW && blockhash(seedBlock) == 0;
    }

    function _deal(uint256 dealId) private view returns (Deal storage d) {
        d = _deals[dealId];
        if (d.periodSeconds == 0) revert StorageEscrowUnknownDeal(dealId);
    }

    function _activeTenure(uint256 dealId, address account) private view returns (Tenure storage t) {
        t = _tenures[dealId][account];
        if (t.status != KeeperStatus.Active) revert StorageEscrowNotKeeper(dealId, account);
    }

    function _periodStart(Deal storage d, uint256 period) private view returns (uint256) {
        return d.start + period * d.periodSeconds;
    }

    function _end(Deal storage d) private view returns (uint256) {
        return _periodStart(d, d.periods);
    }

    /// @dev The index of the lowest set bit of `bits` (not zero, at most 16 bits).
    function _lowestBit(uint256 bits) private pure returns (uint8 index) {
        while (bits & 1 == 0) {
            bits >>= 1;
            ++index;
        }
    }

    function _popCount(uint16 bits) private pure returns (uint8 count) {
        while (bits != 0) {
            bits &= bits - 1;
            ++count;
        }
    }
}

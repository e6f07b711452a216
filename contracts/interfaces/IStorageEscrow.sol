// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title IStorageEscrow
/// @notice Storage deals: a funder (the creator, or any fan) pays keepers to hold replicas of a video's content for a
/// number of proving periods. Keepers stake, prove each period that they still hold the bytes, are paid per proven
/// period, and are slashed for each period they miss. No owner, no admin, no fee, no upgrade.
/// @dev The full scheme, what it guarantees and what it does not, is in docs/storage-proofs.md. In short:
///
/// Content and root. A deal names the content by its binary CIDv1 (see {CidV1}; checked for shape only) and commits to
/// a Merkle root over the same bytes, computed off-chain by whoever publishes: the content is cut into
/// {SEGMENT_SIZE}-byte segments (the last one shorter if the size is not a multiple), leaf `i` is
/// `keccak256(abi.encodePacked(uint256(i), segment_i))`, the leaves are padded with `bytes32(0)` to a power of two and
/// hashed in index order (`keccak256(abi.encodePacked(left, right))`). A 256 KiB IPFS raw leaf (Kubo's
/// `--cid-version=1` chunker) is an aligned subtree of 1024 segments. The CID and the root are independent hashes: the
/// contract cannot check one against the other, so a keeper should recompute the root from the content before joining.
/// A wrong root makes every proof fail: a keeper that finds out may leave, and is slashed only for the periods it has
/// already missed.
///
/// Periods. Period `p` of a deal runs from `start + p * periodSeconds` (inclusive) to `start + (p + 1) * periodSeconds`
/// (exclusive), for `p` in `[0, periods)`; the deal ends when the last one closes. A keeper serves from the first period
/// that opens at or after it joins (period 0 if it joins before or at the start), and never before its slot's previous
/// tenure ended; it commits to serve until the deal's end as it is when it joins: a {topUp} extends its tenure only
/// if it agrees ({extendTenure}).
///
/// Challenges. In each period it serves, a keeper calls {requestChallenge}, which records the current block number as
/// the seed block. From the next block on, and for {CHALLENGE_WINDOW} blocks, the challenged segment is
/// `uint256(keccak256(abi.encode(blockhash(seedBlock), dealId, keeper, period))) % segmentCount`; the keeper answers it
/// with {prove} before the period closes and before the window passes. One request per keeper and period: the keeper
/// cannot see a block's hash before the block exists, so it cannot choose its challenge (only a block producer could).
///
/// Money. Payments and stakes are in the deal's token: ETH (`address(0)`) or an ERC-20 that transfers exact amounts (a
/// token that takes a fee or rebases is refused or unsupported). The funder deposits `replicas * periods *
/// pricePerPeriod` up front; a proof credits `pricePerPeriod` to the keeper; a miss takes `slashPerMiss` of the
/// keeper's stake (at most what remains; at least the price per period): half to whoever reported it, the rest into the
/// deal (a miss counted when the tenure closes goes wholly into the deal); when the deal has ended, everything left in it (unearned
/// periods and slashed stake) is refundable to the funder. Every credit lands in a balance that its owner takes out
/// with {withdraw}: no function but {withdraw} sends anything out.
interface IStorageEscrow {
    /// @notice Where a keeper stands in a deal.
    enum KeeperStatus {
        /// Never joined.
        None,
        /// Holds a slot: must prove each period from its first on.
        Active,
        /// Left of its own accord ({leaveDeal}).
        Left,
        /// Removed after `maxMisses` missed periods ({reportMissed}).
        Evicted,
        /// Served until the deal ended; its stake was released ({release}).
        Released
    }

    /// @notice What a period is for a keeper (see {periodStatus}).
    enum PeriodStatus {
        /// Outside the keeper's tenure: before its first period, after it left or was evicted, or past the deal.
        NotDue,
        /// In its tenure, not closed yet, not proven yet.
        Due,
        /// Proven: the keeper was paid for it.
        Proven,
        /// Closed without a proof and not counted yet: {reportMissed} may count it.
        Missed,
        /// Closed without a proof and counted as a miss (reported, or when the tenure closed), with its slash.
        MissCounted
    }

    /// @notice A deal's terms, as given to {createDeal}.
    /// @param cid The content's binary CIDv1 (36 bytes).
    /// @param size The content's size in bytes.
    /// @param root The Merkle root over the content's segments (see the contract's description).
    /// @param replicas How many keepers the deal pays at once: 1 to {MAX_REPLICAS}.
    /// @param start When period 0 opens (a Unix timestamp, not in the past).
    /// @param periodSeconds The length of a proving period: at least {MIN_PERIOD_SECONDS}.
    /// @param periods How many periods the deal lasts (more with {topUp}).
    /// @param token The payment and stake token: `address(0)` for ETH, else an ERC-20.
    /// @param pricePerPeriod What a keeper earns for each proven period.
    /// @param stakePerReplica What a keeper locks to join: at least `slashPerMiss`.
    /// @param slashPerMiss What a missed period costs a keeper: at least `pricePerPeriod`, at most `stakePerReplica`.
    /// @param maxMisses After how many missed periods a keeper is evicted: at least 1.
    struct DealTerms {
        bytes cid;
        uint64 size;
        bytes32 root;
        uint8 replicas;
        uint48 start;
        uint32 periodSeconds;
        uint32 periods;
        address token;
        uint128 pricePerPeriod;
        uint128 stakePerReplica;
        uint128 slashPerMiss;
        uint32 maxMisses;
    }

    /// @notice A deal as {deal} returns it.
    /// @param funder Who created it, and is refunded when it ends.
    /// @param token The payment and stake token (`address(0)` for ETH).
    /// @param cid The content's binary CIDv1.
    /// @param root The Merkle root over the content's segments.
    /// @param size The content's size in bytes.
    /// @param segmentCount The number of segments: `ceil(size / SEGMENT_SIZE)`.
    /// @param depth The Merkle tree's depth: `ceil(log2(segmentCount))`, the length of every proof.
    /// @param replicas The number of slots.
    /// @param keepers The number of slots held now.
    /// @param start When period 0 opens.
    /// @param periodSeconds The length of a period.
    /// @param periods The number of periods, top-ups included.
    /// @param end When the last period closes: `start + periods * periodSeconds`.
    /// @param pricePerPeriod What a keeper earns per proven period.
    /// @param stakePerReplica What a keeper locks to join.
    /// @param slashPerMiss What a missed period costs a keeper.
    /// @param maxMisses The missed periods that evict a keeper.
    /// @param deposit What was paid in: `replicas * periods * pricePerPeriod`.
    /// @param paid What keepers have earned from it.
    /// @param slashed The stake slashed into it (the funder's share of the slashes).
    /// @param refunded What was credited back to the funder.
    /// @param rewarded The reporters' share of the slashes of its keepers' reported misses.
    struct DealView {
        address funder;
        address token;
        bytes cid;
        bytes32 root;
        uint64 size;
        uint64 segmentCount;
        uint8 depth;
        uint8 replicas;
        uint8 keepers;
        uint48 start;
        uint32 periodSeconds;
        uint32 periods;
        uint256 end;
        uint256 pricePerPeriod;
        uint256 stakePerReplica;
        uint256 slashPerMiss;
        uint32 maxMisses;
        uint256 deposit;
        uint256 paid;
        uint256 slashed;
        uint256 refunded;
        uint256 rewarded;
    }

    /// @notice A keeper's tenure in a deal, as {keeper} returns it.
    /// @param status Where it stands.
    /// @param slot Its slot, 0 to `replicas - 1` (kept after it leaves).
    /// @param firstPeriod The first period it serves.
    /// @param endPeriod While active, the end it committed to serve until (the deal's periods when it joined or last
    /// called {extendTenure}); once its tenure closed, the period after its last one (its tenure was `[firstPeriod,
    /// endPeriod)`).
    /// @param proven The periods it proved.
    /// @param misses The misses counted against it.
    /// @param stake Its stake still locked (0 once its tenure closed).
    /// @param challengePeriod The period of its latest challenge request.
    /// @param seedBlock The block of its latest challenge request (0 if none).
    struct KeeperView {
        KeeperStatus status;
        uint8 slot;
        uint32 firstPeriod;
        uint32 endPeriod;
        uint32 proven;
        uint32 misses;
        uint256 stake;
        uint32 challengePeriod;
        uint64 seedBlock;
    }

    /// @notice The running totals for one token, all only ever going up. They balance at every moment:
    /// - `deposited + slashed == paid + refunded + Σ deals' remainder` (a deal's remainder, `deposit - paid + slashed -
    ///   refunded`, is escrowed while the deal runs and refundable once it has ended);
    /// - `staked == Σ locked stakes + slashed + rewarded + released`;
    /// - `paid + refunded + released + rewarded - withdrawn == Σ balances`;
    /// - so what the contract owes is `deposited + staked - withdrawn`, and its balance of the token is at least that.
    /// @param deposited Paid in by funders ({createDeal}, {topUp}).
    /// @param paid Credited to keepers for proven periods.
    /// @param refunded Credited to funders after their deals ended.
    /// @param staked Locked by keepers ({join}).
    /// @param slashed Moved from keepers' stakes into deals.
    /// @param released Stake credited back to keepers when their tenure closed.
    /// @param withdrawn Sent out by {withdraw} and {withdrawTo}.
    /// @param rewarded Moved from keepers' stakes to the reporters of their misses.
    struct Totals {
        uint256 deposited;
        uint256 paid;
        uint256 refunded;
        uint256 staked;
        uint256 slashed;
        uint256 released;
        uint256 withdrawn;
        uint256 rewarded;
    }

    // ─── Events ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Emitted when a deal is created and its deposit taken.
    /// @param dealId The new deal's id: 1 for the first deal, then consecutive.
    /// @param funder Who created and paid for it.
    /// @param token The payment and stake token (`address(0)` for ETH), also in `terms`.
    /// @param terms The deal's terms as given (the CID, size, root, replicas, start, period length, periods, token,
    /// price, stake, slash and misses allowed).
    /// @param segmentCount The number of segments challenges are drawn from.
    /// @param deposit What the funder paid in: `replicas * periods * pricePerPeriod`.
    event DealCreated(
        uint256 indexed dealId,
        address indexed funder,
        address indexed token,
        DealTerms terms,
        uint64 segmentCount,
        uint256 deposit
    );

    /// @notice Emitted when a deal is extended by more periods, paid up front.
    /// @param dealId The deal.
    /// @param payer Who paid: the funder (only the funder may top up).
    /// @param addedPeriods The periods added.
    /// @param periods The deal's periods after the top-up.
    /// @param amount What was paid in: `replicas * addedPeriods * pricePerPeriod`.
    /// @param end When the deal's last period now closes.
    event DealToppedUp(
        uint256 indexed dealId, address indexed payer, uint32 addedPeriods, uint32 periods, uint256 amount, uint256 end
    );

    /// @notice Emitted when a keeper takes a slot and locks its stake.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param slot The slot it took (the lowest free one).
    /// @param firstPeriod The first period it must prove.
    /// @param endPeriod The period after the last one it commits to: the deal's periods now.
    /// @param stake The stake it locked: the deal's `stakePerReplica`.
    event KeeperJoined(
        uint256 indexed dealId, address indexed keeper, uint8 slot, uint32 firstPeriod, uint32 endPeriod, uint256 stake
    );

    /// @notice Emitted when a keeper agrees to serve a topped-up deal's added periods ({extendTenure}).
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param endPeriod The period after the last one it now commits to: the deal's periods.
    event TenureExtended(uint256 indexed dealId, address indexed keeper, uint32 endPeriod);

    /// @notice Emitted when a keeper asks for its challenge for the current period.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param period The period.
    /// @param seedBlock The block whose hash seeds the challenge: readable from the next block, for
    /// {CHALLENGE_WINDOW} blocks.
    event ChallengeRequested(uint256 indexed dealId, address indexed keeper, uint32 indexed period, uint64 seedBlock);

    /// @notice Emitted when a keeper proves a period, and is credited for it.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param period The period proven.
    /// @param segmentIndex The segment that was challenged and shown.
    /// @param amount What the keeper was credited: the deal's `pricePerPeriod`.
    event ProofAccepted(
        uint256 indexed dealId, address indexed keeper, uint32 indexed period, uint64 segmentIndex, uint256 amount
    );

    /// @notice Emitted when a closed, unproven period is reported and counted as a miss. If it is the keeper's
    /// `maxMisses`-th, {KeeperEvicted} follows.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param period The period missed.
    /// @param reporter Who reported it (anyone), credited `reward`.
    /// @param slashed The stake taken from the keeper: `slashPerMiss`, or what remained of the stake.
    /// @param reward The reporter's half of it (rounded down); the rest went into the deal.
    /// @param misses The misses counted against the keeper, this one included.
    event PeriodMissed(
        uint256 indexed dealId,
        address indexed keeper,
        uint32 indexed period,
        address reporter,
        uint256 slashed,
        uint256 reward,
        uint32 misses
    );

    /// @notice Emitted when a keeper leaves a deal before its end ({leaveDeal}); its slot reopens.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param slot The slot it frees.
    /// @param endPeriod The period after its last one: its tenure was `[firstPeriod, endPeriod)`.
    /// @param proven The periods it proved.
    /// @param misses All misses counted against it, `missesCounted` included.
    /// @param missesCounted The unreported missed periods of its tenure, counted now.
    /// @param slashed The stake slashed now for `missesCounted`.
    /// @param stakeReturned The stake credited back to it.
    event KeeperLeft(
        uint256 indexed dealId,
        address indexed keeper,
        uint8 slot,
        uint32 endPeriod,
        uint32 proven,
        uint32 misses,
        uint32 missesCounted,
        uint256 slashed,
        uint256 stakeReturned
    );

    /// @notice Emitted, after its {PeriodMissed}, when a keeper's misses reach `maxMisses`; its slot reopens.
    /// @dev Same fields as {KeeperLeft}.
    event KeeperEvicted(
        uint256 indexed dealId,
        address indexed keeper,
        uint8 slot,
        uint32 endPeriod,
        uint32 proven,
        uint32 misses,
        uint32 missesCounted,
        uint256 slashed,
        uint256 stakeReturned
    );

    /// @notice Emitted when a keeper that served until the deal's end has its stake released ({release}).
    /// @dev Same fields as {KeeperLeft}; `endPeriod` is the deal's `periods`.
    event KeeperReleased(
        uint256 indexed dealId,
        address indexed keeper,
        uint8 slot,
        uint32 endPeriod,
        uint32 proven,
        uint32 misses,
        uint32 missesCounted,
        uint256 slashed,
        uint256 stakeReturned
    );

    /// @notice Emitted when what is left in an ended deal is credited to its funder.
    /// @param dealId The deal.
    /// @param funder The funder credited.
    /// @param token The token.
    /// @param amount The amount credited: `deposit - paid + slashed - refunded` before this refund.
    event Refunded(uint256 indexed dealId, address indexed funder, address indexed token, uint256 amount);

    /// @notice Emitted when an account takes out its balance of a token.
    /// @param account The account whose balance it was.
    /// @param token The token (`address(0)` for ETH).
    /// @param to Who received it: the account itself ({withdraw}) or the address it named ({withdrawTo}).
    /// @param amount The amount sent.
    event Withdrawn(address indexed account, address indexed token, address to, uint256 amount);

    // ─── Errors ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Thrown when a deal's CID is empty.
    error StorageEscrowEmptyCid();

    /// @notice Thrown when a deal's CID is not a binary CIDv1 with a raw or dag-pb codec and a sha2-256 multihash.
    /// @param cid The rejected bytes.
    error StorageEscrowMalformedCid(bytes cid);

    /// @notice Thrown when a deal's content size is zero.
    error StorageEscrowZeroSize();

    /// @notice Thrown when a deal's Merkle root is zero.
    error StorageEscrowZeroRoot();

    /// @notice Thrown when a deal asks for no replicas or more than {MAX_REPLICAS}.
    /// @param replicas The requested number.
    /// @param max The most allowed.
    error StorageEscrowReplicasOutOfRange(uint8 replicas, uint8 max);

    /// @notice Thrown when a deal's period is shorter than {MIN_PERIOD_SECONDS} (zero included).
    /// @param periodSeconds The requested length.
    /// @param min The shortest allowed.
    error StorageEscrowPeriodTooShort(uint32 periodSeconds, uint32 min);

    /// @notice Thrown when a deal or a top-up has zero periods.
    error StorageEscrowZeroPeriods();

    /// @notice Thrown when a top-up would take a deal past `type(uint32).max` periods.
    /// @param periods The periods the deal would have.
    error StorageEscrowTooManyPeriods(uint256 periods);

    /// @notice Thrown when a deal's price per period is zero.
    error StorageEscrowZeroPrice();

    /// @notice Thrown when a deal's deposit (with its top-ups) would exceed `type(uint128).max`.
    /// @param deposit The deposit it would have.
    error StorageEscrowDepositTooLarge(uint256 deposit);

    /// @notice Thrown when a deal evicts after zero misses.
    error StorageEscrowZeroMaxMisses();

    /// @notice Thrown when a deal's slash per miss exceeds its stake per replica.
    /// @param slashPerMiss The requested slash.
    /// @param stakePerReplica The stake.
    error StorageEscrowSlashAboveStake(uint256 slashPerMiss, uint256 stakePerReplica);

    /// @notice Thrown when a deal's slash per miss is below its price per period: a miss must cost a keeper at least
    /// what a period pays, so that holding a slot without serving it costs money.
    /// @param slashPerMiss The requested slash.
    /// @param pricePerPeriod The price per period.
    error StorageEscrowSlashBelowPrice(uint256 slashPerMiss, uint256 pricePerPeriod);

    /// @notice Thrown when someone other than a deal's funder tops it up.
    /// @param dealId The deal.
    /// @param account The caller.
    error StorageEscrowNotFunder(uint256 dealId, address account);

    /// @notice Thrown when a period is at or after the end a keeper committed to (a top-up's added periods, until it
    /// calls {extendTenure}).
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param period The period.
    /// @param endPeriod The period after the last one it committed to.
    error StorageEscrowBeyondTenure(uint256 dealId, address keeper, uint32 period, uint32 endPeriod);

    /// @notice Thrown when leaving or extending a tenure whose committed end has passed (use {release}).
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param endedAt When its committed end passed.
    error StorageEscrowTenureEnded(uint256 dealId, address keeper, uint256 endedAt);

    /// @notice Thrown when releasing a keeper before the end it committed to has passed.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param endsAt When it passes.
    error StorageEscrowTenureNotEnded(uint256 dealId, address keeper, uint256 endsAt);

    /// @notice Thrown when extending a tenure that already runs to the deal's end.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param periods The deal's periods, its committed end already.
    error StorageEscrowNothingToExtend(uint256 dealId, address keeper, uint32 periods);

    /// @notice Thrown when a batch report is empty or its lists differ in length.
    /// @param keepers The keepers listed.
    /// @param periods The periods listed.
    error StorageEscrowBatchMismatch(uint256 keepers, uint256 periods);

    /// @notice Thrown when the chain serves a zero hash for a challenge's seed block inside the window: no challenge
    /// can be drawn from it. The keeper may request a new challenge for the period.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param seedBlock The seed block.
    error StorageEscrowNoBlockhash(uint256 dealId, address keeper, uint64 seedBlock);

    /// @notice Thrown when withdrawing to the zero address.
    error StorageEscrowZeroRecipient();

    /// @notice Thrown when a deal would start before the current block.
    /// @param start The requested start.
    /// @param timestamp The current block's timestamp.
    error StorageEscrowStartInPast(uint48 start, uint256 timestamp);

    /// @notice Thrown when the ETH sent is not what the call costs: the exact amount for an ETH deal, zero for a token
    /// deal.
    /// @param expected The ETH the call needs.
    /// @param sent The ETH sent.
    error StorageEscrowValueMismatch(uint256 expected, uint256 sent);

    /// @notice Thrown when an ERC-20 transfer in did not add exactly the amount to the contract's balance (a token
    /// that takes a fee, for instance).
    /// @param token The token.
    /// @param expected The amount transferred.
    /// @param received The increase of the contract's balance.
    error StorageEscrowTransferMismatch(address token, uint256 expected, uint256 received);

    /// @notice Thrown when a deal id has never been created.
    /// @param dealId The unknown id.
    error StorageEscrowUnknownDeal(uint256 dealId);

    /// @notice Thrown when joining a deal whose slots are all held.
    /// @param dealId The deal.
    /// @param replicas Its number of slots.
    error StorageEscrowDealFull(uint256 dealId, uint8 replicas);

    /// @notice Thrown when joining a deal one has joined before (a keeper that left or was evicted cannot come back).
    /// @param dealId The deal.
    /// @param keeper The keeper.
    error StorageEscrowAlreadyJoined(uint256 dealId, address keeper);

    /// @notice Thrown when joining a deal in or after its last period: there is no full period left to serve.
    /// @param dealId The deal.
    /// @param periods Its number of periods.
    error StorageEscrowNoPeriodLeft(uint256 dealId, uint32 periods);

    /// @notice Thrown when `account` must be an active keeper of the deal and is not.
    /// @param dealId The deal.
    /// @param account The account.
    error StorageEscrowNotKeeper(uint256 dealId, address account);

    /// @notice Thrown when a deal has not started (its period 0 has not opened).
    /// @param dealId The deal.
    /// @param start When it starts.
    error StorageEscrowDealNotStarted(uint256 dealId, uint256 start);

    /// @notice Thrown when a call needs a running deal and the deal has ended.
    /// @param dealId The deal.
    /// @param end When it ended.
    error StorageEscrowDealEnded(uint256 dealId, uint256 end);

    /// @notice Thrown when a call needs an ended deal and the deal is still running.
    /// @param dealId The deal.
    /// @param end When it ends.
    error StorageEscrowDealNotEnded(uint256 dealId, uint256 end);

    /// @notice Thrown when a period is not one of the deal's: `period >= periods`.
    /// @param dealId The deal.
    /// @param period The period.
    /// @param periods The deal's number of periods.
    error StorageEscrowPeriodOutOfRange(uint256 dealId, uint32 period, uint32 periods);

    /// @notice Thrown when proving a period that has not opened yet.
    /// @param dealId The deal.
    /// @param period The period.
    /// @param opensAt When it opens.
    error StorageEscrowPeriodNotOpen(uint256 dealId, uint32 period, uint256 opensAt);

    /// @notice Thrown when proving a period that has closed.
    /// @param dealId The deal.
    /// @param period The period.
    /// @param closedAt When it closed.
    error StorageEscrowPeriodClosed(uint256 dealId, uint32 period, uint256 closedAt);

    /// @notice Thrown when reporting a period as missed before it has closed.
    /// @param dealId The deal.
    /// @param period The period.
    /// @param closesAt When it closes.
    error StorageEscrowPeriodNotClosed(uint256 dealId, uint32 period, uint256 closesAt);

    /// @notice Thrown when a period is before the keeper's first (it joined later).
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param period The period.
    /// @param firstPeriod The keeper's first period.
    error StorageEscrowNotDue(uint256 dealId, address keeper, uint32 period, uint32 firstPeriod);

    /// @notice Thrown when a keeper requests a second challenge for the same period.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param period The period.
    error StorageEscrowChallengeAlreadyRequested(uint256 dealId, address keeper, uint32 period);

    /// @notice Thrown when there is no challenge request by the keeper for the period.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param period The period.
    error StorageEscrowNoChallenge(uint256 dealId, address keeper, uint32 period);

    /// @notice Thrown when a challenge is read in its seed block: its hash is not known until the next block.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param seedBlock The seed block (the current one).
    error StorageEscrowChallengeNotReady(uint256 dealId, address keeper, uint64 seedBlock);

    /// @notice Thrown when a challenge is read more than {CHALLENGE_WINDOW} blocks after its seed block, whose hash
    /// the chain no longer serves. The period can then no longer be proven.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param seedBlock The seed block.
    error StorageEscrowChallengeExpired(uint256 dealId, address keeper, uint64 seedBlock);

    /// @notice Thrown when proving a period already proven, or reporting a proven period as missed.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param period The period.
    error StorageEscrowAlreadyProven(uint256 dealId, address keeper, uint32 period);

    /// @notice Thrown when reporting a miss that was already counted.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param period The period.
    error StorageEscrowAlreadyReported(uint256 dealId, address keeper, uint32 period);

    /// @notice Thrown when the segment shown is not as long as the challenged segment: {SEGMENT_SIZE} bytes, or what
    /// remains of the content for the last one.
    /// @param segmentIndex The challenged segment.
    /// @param expected Its length.
    /// @param actual The length shown.
    error StorageEscrowSegmentLength(uint64 segmentIndex, uint256 expected, uint256 actual);

    /// @notice Thrown when a proof does not have one sibling per level of the deal's tree.
    /// @param expected The tree's depth.
    /// @param actual The proof's length.
    error StorageEscrowProofLength(uint256 expected, uint256 actual);

    /// @notice Thrown when the segment and proof do not lead to the deal's root.
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param period The period.
    /// @param segmentIndex The challenged segment.
    error StorageEscrowInvalidProof(uint256 dealId, address keeper, uint32 period, uint64 segmentIndex);

    /// @notice Thrown when refunding a deal that has nothing left to refund.
    /// @param dealId The deal.
    error StorageEscrowNothingToRefund(uint256 dealId);

    /// @notice Thrown when withdrawing a zero balance.
    /// @param account The account.
    /// @param token The token.
    error StorageEscrowNothingToWithdraw(address account, address token);

    /// @notice Thrown when sending ETH to an account fails (it rejects ETH, or runs out of gas).
    /// @param account The account.
    /// @param amount The amount.
    error StorageEscrowEthTransferFailed(address account, uint256 amount);

    // ─── Deals ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Creates a deal and takes its full cost, `replicas * periods * pricePerPeriod`, from the caller: as ETH
    /// sent with the call, or as an ERC-20 the caller has approved.
    /// @dev Emits {DealCreated}.
    /// Requirements:
    /// - `terms.cid` is a binary CIDv1 ({StorageEscrowEmptyCid}, {StorageEscrowMalformedCid}).
    /// - `size` and `root` are not zero ({StorageEscrowZeroSize}, {StorageEscrowZeroRoot}).
    /// - `replicas` is 1 to {MAX_REPLICAS} ({StorageEscrowReplicasOutOfRange}).
    /// - `periodSeconds` is at least {MIN_PERIOD_SECONDS} ({StorageEscrowPeriodTooShort}); `periods`,
    ///   `pricePerPeriod` and `maxMisses` are not zero ({StorageEscrowZeroPeriods}, {StorageEscrowZeroPrice},
    ///   {StorageEscrowZeroMaxMisses}); `pricePerPeriod <= slashPerMiss <= stakePerReplica`
    ///   ({StorageEscrowSlashBelowPrice}, {StorageEscrowSlashAboveStake}).
    /// - `start` is not before the current block ({StorageEscrowStartInPast}).
    /// - The cost fits in 128 bits ({StorageEscrowDepositTooLarge}).
    /// - `msg.value` is the cost for an ETH deal, zero for a token deal ({StorageEscrowValueMismatch}); a token deal's
    ///   transfer adds exactly the cost to the contract's balance ({StorageEscrowTransferMismatch}).
    /// @param terms The deal's terms.
    /// @return dealId The new deal's id.
    function createDeal(DealTerms calldata terms) external payable returns (uint256 dealId);

    /// @notice Extends a running deal by `addedPeriods` periods, paid up front by its funder: `replicas * addedPeriods
    /// * pricePerPeriod`. Only the funder may top up: a top-up postpones the refund, and nobody else may lock the
    /// funder's money. Active keepers are not bound by the added periods: each serves them only once it calls
    /// {extendTenure}; a keeper that does not is released at the end it committed to, and its slot reopens.
    /// @dev Emits {DealToppedUp}.
    /// Requirements:
    /// - The deal exists ({StorageEscrowUnknownDeal}) and has not ended ({StorageEscrowDealEnded}).
    /// - The caller is its funder ({StorageEscrowNotFunder}).
    /// - `addedPeriods` is not zero ({StorageEscrowZeroPeriods}); the deal's periods stay within `type(uint32).max`
    ///   ({StorageEscrowTooManyPeriods}) and its deposit within 128 bits ({StorageEscrowDepositTooLarge}).
    /// - Payment as for {createDeal} ({StorageEscrowValueMismatch}, {StorageEscrowTransferMismatch}).
    /// @param dealId The deal.
    /// @param addedPeriods The periods to add.
    function topUp(uint256 dealId, uint32 addedPeriods) external payable;

    /// @notice Ends what is left of a deal that has ended: credits its remainder (`deposit - paid + slashed -
    /// refunded`: the periods nobody earned, and the stake slashed into it) to its funder, who takes it out with
    /// {withdraw}. Anyone may call it; call it again after {release} slashes more stake into the deal.
    /// @dev Emits {Refunded}.
    /// Requirements:
    /// - The deal exists ({StorageEscrowUnknownDeal}) and has ended ({StorageEscrowDealNotEnded}).
    /// - Its remainder is not zero ({StorageEscrowNothingToRefund}).
    /// @param dealId The deal.
    function refund(uint256 dealId) external;

    // ─── Keepers ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Takes a slot in a deal and locks `stakePerReplica` of its token: as ETH sent with the call, or as an
    /// ERC-20 the caller has approved. The keeper serves from the first period that opens at or after now (period 0 if
    /// the deal starts now or later), and not before its slot's previous tenure ended; it commits to serve until the
    /// deal's current end.
    /// @dev Emits {KeeperJoined}.
    /// Requirements:
    /// - The deal exists ({StorageEscrowUnknownDeal}), a full period is left ({StorageEscrowNoPeriodLeft}) and a slot
    ///   is free ({StorageEscrowDealFull}).
    /// - The caller has never joined this deal ({StorageEscrowAlreadyJoined}).
    /// - Payment as for {createDeal}, of the stake ({StorageEscrowValueMismatch}, {StorageEscrowTransferMismatch}).
    /// @param dealId The deal.
    /// @return slot The slot taken.
    function join(uint256 dealId) external payable returns (uint8 slot);

    /// @notice Agrees to serve a topped-up deal until its new end: the caller's committed end becomes the deal's
    /// periods.
    /// @dev Emits {TenureExtended}.
    /// Requirements:
    /// - The deal exists ({StorageEscrowUnknownDeal}); the caller is an active keeper of it ({StorageEscrowNotKeeper})
    ///   whose committed end has not passed ({StorageEscrowTenureEnded}) and is before the deal's end
    ///   ({StorageEscrowNothingToExtend}).
    /// @param dealId The deal.
    function extendTenure(uint256 dealId) external;

    /// @notice Draws the caller's challenge for the current period: records the current block, whose hash (readable
    /// from the next block, for {CHALLENGE_WINDOW} blocks) picks the segment to show. Read it with {challenge}, answer
    /// it with {prove}. Once per period: a second request would let a keeper choose between challenges.
    /// @dev Emits {ChallengeRequested}.
    /// Requirements:
    /// - The deal exists ({StorageEscrowUnknownDeal}), has started ({StorageEscrowDealNotStarted}) and has not ended
    ///   ({StorageEscrowDealEnded}).
    /// - The caller is an active keeper of it ({StorageEscrowNotKeeper}) serving the current period
    ///   ({StorageEscrowNotDue}, {StorageEscrowBeyondTenure}) and has not requested this period's challenge
    ///   ({StorageEscrowChallengeAlreadyRequested}) — unless the chain served a zero hash for that request's seed block
    ///   inside the window ({StorageEscrowNoBlockhash}), when a new request replaces it.
    /// @param dealId The deal.
    /// @return period The current period.
    function requestChallenge(uint256 dealId) external returns (uint32 period);

    /// @notice Proves that the caller holds the content: shows the segment its challenge for `period` picked, with
    /// its Merkle proof, and is credited `pricePerPeriod`.
    /// @dev Emits {ProofAccepted}.
    /// Requirements:
    /// - The deal exists ({StorageEscrowUnknownDeal}); `period` is one of its periods ({StorageEscrowPeriodOutOfRange})
    ///   and the current one ({StorageEscrowPeriodNotOpen}, {StorageEscrowPeriodClosed}).
    /// - The caller is an active keeper of it ({StorageEscrowNotKeeper}) serving `period` ({StorageEscrowNotDue},
    ///   {StorageEscrowBeyondTenure}), which it has not proven ({StorageEscrowAlreadyProven}).
    /// - It requested `period`'s challenge ({StorageEscrowNoChallenge}) in an earlier block
    ///   ({StorageEscrowChallengeNotReady}) at most {CHALLENGE_WINDOW} blocks ago ({StorageEscrowChallengeExpired}),
    ///   whose hash the chain serves ({StorageEscrowNoBlockhash}).
    /// - `segment` is as long as the challenged segment ({StorageEscrowSegmentLength}), `proof` has one sibling per
    ///   level ({StorageEscrowProofLength}), and they lead to the deal's root ({StorageEscrowInvalidProof}).
    /// @param dealId The deal.
    /// @param period The current period (named so that a proof landing late fails instead of counting for another).
    /// @param segment The challenged segment's bytes.
    /// @param proof The siblings from the segment's leaf up to the root, leaf level first.
    function prove(uint256 dealId, uint32 period, bytes calldata segment, bytes32[] calldata proof) external;

    /// @notice Counts a closed, unproven period of an active keeper as a miss: takes `slashPerMiss` of its stake (at
    /// most what remains), credits half of it to the caller as a reward (so that evicting a keeper that holds a slot
    /// without serving it pays for its gas) and moves the rest into the deal, and evicts the keeper (crediting back
    /// what remains of its stake) once its misses reach `maxMisses`. Anyone may report.
    /// @dev Emits {PeriodMissed}, then {KeeperEvicted} on the `maxMisses`-th miss.
    /// Requirements:
    /// - The deal exists ({StorageEscrowUnknownDeal}); `period` is one of its periods
    ///   ({StorageEscrowPeriodOutOfRange}) and has closed ({StorageEscrowPeriodNotClosed}).
    /// - `keeper` is an active keeper of the deal ({StorageEscrowNotKeeper}) serving `period` ({StorageEscrowNotDue},
    ///   {StorageEscrowBeyondTenure}).
    /// - The period was not proven ({StorageEscrowAlreadyProven}) nor reported ({StorageEscrowAlreadyReported}).
    /// @param dealId The deal.
    /// @param keeper The keeper.
    /// @param period The period missed.
    function reportMissed(uint256 dealId, address keeper, uint32 period) external;

    /// @notice {reportMissed} for several (keeper, period) pairs of one deal in one transaction, in order: evicting a
    /// keeper after `maxMisses` misses costs one transaction. All or nothing: any pair that {reportMissed} would
    /// refuse (a keeper evicted by an earlier pair included) reverts the whole batch with its error.
    /// @dev Requirements: the lists are not empty and of the same length ({StorageEscrowBatchMismatch}); each pair as
    /// for {reportMissed}.
    /// @param dealId The deal.
    /// @param keepers The keepers, one per report.
    /// @param periods The periods missed, one per report.
    function reportMissedBatch(uint256 dealId, address[] calldata keepers, uint32[] calldata periods) external;

    /// @notice Leaves a deal before the end one committed to: the slot reopens and the stake is credited back, less the
    /// slash for the missed periods of the tenure not yet counted. The current period belongs to the tenure if it was
    /// proven, or if its challenge was requested (an unanswered one then counts as a miss: leaving does not dodge a
    /// challenge; neither does eviction).
    /// @dev Emits {KeeperLeft}.
    /// Requirements:
    /// - The deal exists ({StorageEscrowUnknownDeal}); the caller is an active keeper of it ({StorageEscrowNotKeeper})
    ///   whose committed end has not passed ({StorageEscrowTenureEnded}; use {release}).
    /// @param dealId The deal.
    function leaveDeal(uint256 dealId) external;

    /// @notice Closes the tenure of a keeper that served until the end it committed to (the deal's end, unless the deal
    /// was topped up and the keeper did not extend): counts its unreported missed periods, slashes for them, and
    /// credits the rest of its stake back to it; its slot reopens. Anyone may call it (a funder, to collect the slashes
    /// before {refund}, or to free the slot of a keeper that did not extend).
    /// @dev Emits {KeeperReleased}.
    /// Requirements:
    /// - The deal exists ({StorageEscrowUnknownDeal}); `keeper` is an active keeper of it ({StorageEscrowNotKeeper})
    ///   whose committed end has passed ({StorageEscrowTenureNotEnded}).
    /// @param dealId The deal.
    /// @param keeper The keeper.
    function release(uint256 dealId, address keeper) external;

    // ─── Balances ────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Sends the caller its whole balance of `token`: earnings, returned stake and refunds.
    /// @dev Emits {Withdrawn}.
    /// Requirements:
    /// - The balance is not zero ({StorageEscrowNothingToWithdraw}).
    /// - For ETH, the caller accepts it ({StorageEscrowEthTransferFailed}).
    /// @param token The token (`address(0)` for ETH).
    function withdraw(address token) external;

    /// @notice Sends the caller's whole balance of `token` to `to`: for an account that cannot receive ETH (a contract
    /// without a receive function), or to move earnings elsewhere.
    /// @dev Emits {Withdrawn}.
    /// Requirements:
    /// - `to` is not the zero address ({StorageEscrowZeroRecipient}); the balance is not zero
    ///   ({StorageEscrowNothingToWithdraw}); for ETH, `to` accepts it ({StorageEscrowEthTransferFailed}).
    /// @param token The token (`address(0)` for ETH).
    /// @param to The recipient.
    function withdrawTo(address token, address to) external;

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The size of a segment, the Merkle tree's leaf: 256 bytes (a 256 KiB IPFS block is 1024 of them).
    function SEGMENT_SIZE() external view returns (uint256);

    /// @notice The most replicas a deal may ask for: 16.
    function MAX_REPLICAS() external view returns (uint8);

    /// @notice The shortest proving period: one minute (a request and a proof need two blocks).
    function MIN_PERIOD_SECONDS() external view returns (uint32);

    /// @notice How many blocks after its seed block a challenge can be read: 256, the blocks whose hash the EVM serves.
    function CHALLENGE_WINDOW() external view returns (uint256);

    /// @notice The number of deals created so far; ids run from 1 to this number.
    function dealCount() external view returns (uint256);

    /// @notice A deal's terms, keepers and money.
    /// @dev Reverts with {StorageEscrowUnknownDeal} for an id never created.
    function deal(uint256 dealId) external view returns (DealView memory);

    /// @notice `account`'s tenure in a deal (all zero if it never joined).
    /// @dev Reverts with {StorageEscrowUnknownDeal} for an id never created.
    function keeper(uint256 dealId, address account) external view returns (KeeperView memory);

    /// @notice The keeper holding a slot now, or the zero address if it is free.
    /// @dev Reverts with {StorageEscrowUnknownDeal} for an id never created.
    function keeperAt(uint256 dealId, uint8 slot) external view returns (address);

    /// @notice What `period` is for `account` in a deal (see {PeriodStatus}).
    /// @dev Reverts with {StorageEscrowUnknownDeal} for an id never created.
    function periodStatus(uint256 dealId, address account, uint32 period) external view returns (PeriodStatus);

    /// @notice The segment `account` must show to prove `period`, once its challenge is readable.
    /// @dev Reverts with {StorageEscrowUnknownDeal}, {StorageEscrowNoChallenge}, {StorageEscrowChallengeNotReady} or
    /// {StorageEscrowChallengeExpired} as {prove} would.
    function challenge(uint256 dealId, address account, uint32 period) external view returns (uint64 segmentIndex);

    /// @notice What `account` can take out of `token` with {withdraw}.
    function balanceOf(address account, address token) external view returns (uint256);

    /// @notice The running totals for `token` (see {Totals}).
    function totals(address token) external view returns (Totals memory);
}

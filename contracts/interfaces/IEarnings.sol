// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IChannels} from "./IChannels.sol";
import {IComments} from "./IComments.sol";
import {IStreams} from "./IStreams.sol";
import {IVideos} from "./IVideos.sol";

/// @title IEarnings
/// @notice How creators earn: tips (to a post, a live stream, a community channel or a creator), revenue splits among a
/// post's rights holders, paid and members-only posts, creators' memberships, and community channels' pots. No owner,
/// no admin, no fee: every unit paid in is owed to the parties and taken out by them (pull payments).
/// @dev Money. A token is `address(0)` for ETH (`msg.value` must equal the amount) or an ERC-20 that transfers exact
/// amounts: the balance delta of every transfer in is checked and a token that takes a fee on transfer is refused
/// ({EarningsTransferMismatch}), so a price is always paid in full; a rebasing token is unsupported (its rebase would
/// be nobody's). For an ERC-20, `msg.value` must be 0.
///
/// Posts. A post is `(IComments.PostKind kind, uint256 postId)`, as in {IComments}: a {IVideos} video (its creator is
/// its publisher) or a community channel's release (a {IChannels} video proposal, named by its proposal id; its
/// creator is its submitter). Money is paid to a post only once it exists: a video once published, a release once
/// its proposal passed ({EarningsNotPayable}). Its split and price may be set earlier, while the proposal is pending,
/// so members vote on the video with its split.
///
/// Splits. A post's creator may set its split once, and only before the post received any money
/// ({EarningsSplitAlreadySet}, {EarningsSplitAfterIncome}): every unit paid to a post is divided by the same table.
/// A split is 1 to {MAX_HOLDERS} distinct non-zero holders with non-zero shares in basis points plus, for a release
/// only, `channelBps` for the releasing channel's pot; the shares and `channelBps` sum to 10 000. Without a split, a
/// post's income goes wholly to its creator's balance at once.
///
/// Rounding, exact and stated. Of each payment to a post, the channel's part is `floor(amount * channelBps / 10 000)`,
/// paid into the channel's pot at once; the rest goes to the post's holder pool (per token: {poolOf}). Holders are
/// paid lazily, so a payment costs the same whatever the number of holders: holder `i > 0` is entitled to
/// `floor(pool * bps_i / (10 000 - channelBps))`, and the first holder to the pool minus the others' entitlements (so
/// the first holder gets the rounding remainder, at most one unit per other holder, and the entitlements sum to the
/// pool exactly). A holder moves what they are entitled to and have not claimed into their balance with {claim} or
/// {withdraw}. An indexer reproduces each holder's income from each payment as the rise of their entitlement.
///
/// Channel pots. Money paid to a community channel (a channel tip, a release's channel share, {payChannel}) goes to
/// the pot of the channel's current membership epoch ({IChannels-channel}: a channel's membership is constant within
/// an epoch), and each member of that epoch ({IChannels-isMemberAt}, also if removed since) is entitled to
/// `floor(received / members)`. The remainder (`received % members`, fewer units than members) waits until the epoch is
/// over and then anyone moves it into the channel's current epoch's pot with {sweepPot}: nothing is lost, nothing loops
/// over members.
///
/// Access. {hasAccess} is what a key service asks before handing an encrypted post's content key to a wallet. A post
/// is {Access.Withheld} until its creator sets its access: only its creator and split holders get the key. Prices
/// may change, and a creator may withhold a post again (stop handing out its key); purchases stay valid for good,
/// except while the post is withheld.
///
/// Memberships. A creator sets a plan for their own channel (token, price per period, period of 1 to 366 days);
/// {join} buys whole periods, extending {memberUntil} from the later of now and its current end. The income goes to
/// the creator's balance. A community channel's plan is decided by its members' vote: it is the channel's setting
/// {MEMBERSHIP_PLAN_KEY} ({IChannels-proposeSetting}), whose value is `abi.encode(address token, uint256
/// pricePerPeriod, uint32 period)` (96 bytes). No value, or one that is not a valid plan as {setMembershipPlan} would
/// accept (another length, a word out of its type's range, a period out of range, a zero price), means no plan:
/// {joinChannel} refuses ({EarningsNoChannelPlan}) and nothing else is affected, so a bad vote never blocks the
/// channel; a new vote replaces it. {joinChannel} buys whole periods of {channelMemberUntil} as {join} does, and pays
/// the money into the channel's current epoch pot ({PotSource.Membership}), shared by its members like every pot.
/// A paying member sees the channel's {Access.MembersOnly} releases; they get no vote and no share of the pot.
interface IEarnings {
    /// @notice Who may see a post's content (its key). A post whose bytes are not encrypted is public whatever its
    /// access: access only governs who is handed a content key.
    enum Access {
        /// The default: nobody but its creator and its split holders is handed the key, until the creator chooses
        /// ({setPrice}). So an encrypted upload stays closed between its publish and its pricing, or for good if
        /// never priced.
        Withheld,
        /// Everyone.
        Free,
        /// Its creator, its split holders and those who bought it ({buy}).
        Paid,
        /// Its creator, its split holders and the creator's current members ({join}); for a release, also the
        /// releasing channel's current members and its paying members ({joinChannel}).
        MembersOnly
    }

    /// @notice What a tip is for. `Video` and `Release` have the values of {IComments-PostKind}.
    enum TipTarget {
        /// A video: id = its video id; the money goes to its split (or creator).
        Video,
        /// A channel release: id = its proposal id; the money goes to its split (or creator).
        Release,
        /// A live stream: id = its {IStreams} stream id; the money goes to its starter.
        Stream,
        /// A community channel: id = its {IChannels} channel id; the money goes to its current epoch's pot.
        Channel,
        /// A creator's own channel: id = the creator's address as a number (`uint256(uint160(creator))`).
        Creator
    }

    /// @notice Why money entered a channel's pot.
    enum PotSource {
        /// A tip to the channel ({tip} with {TipTarget.Channel}); `ref` = 0.
        Tip,
        /// A release's channel share of a tip or a sale; `ref` = the release's proposal id.
        Release,
        /// A payment through {payChannel} (e.g. a crowdfund's proceeds); `ref` = the payer's own tag.
        Payment,
        /// The rounding remainder of an earlier epoch's pot ({sweepPot}); `ref` = that epoch.
        Remainder,
        /// A channel membership bought or extended ({joinChannel}); `ref` = the paying member's address.
        Membership
    }

    /// @notice A post, in {claim} and {withdraw}.
    struct PostRef {
        IComments.PostKind kind;
        uint256 postId;
    }

    /// @notice A channel's pot of one epoch, in {claim} and {withdraw}.
    struct PotRef {
        uint256 channelId;
        uint48 epoch;
    }

    /// @notice A post's split as {splitOf} returns it.
    /// @param set Whether its creator set one (if not, everything goes to the creator).
    /// @param holders The holders, first one first (the first gets the rounding remainder).
    /// @param bps Their shares in basis points.
    /// @param channelBps The releasing channel's share in basis points (releases only).
    struct Split {
        bool set;
        address[] holders;
        uint16[] bps;
        uint16 channelBps;
    }

    /// @notice A post's sale terms as {priceOf} returns them.
    struct Price {
        Access access;
        address token;
        uint256 price;
    }

    /// @notice A creator's membership plan as {membershipPlan} returns it; `period` 0 means no plan.
    struct Plan {
        address token;
        uint256 pricePerPeriod;
        uint32 period;
    }

    // ─── Events ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Emitted when a post's creator sets its split (once).
    /// @param kind The kind of post.
    /// @param postId The post.
    /// @param creator Its creator.
    /// @param holders The holders, first one first.
    /// @param bps Their shares in basis points.
    /// @param channelBps The releasing channel's share (0 for a video).
    event SplitSet(
        IComments.PostKind kind,
        uint256 indexed postId,
        address indexed creator,
        address[] holders,
        uint16[] bps,
        uint16 channelBps
    );

    /// @notice Emitted when a post's creator sets who may see it and its price.
    /// @param kind The kind of post.
    /// @param postId The post.
    /// @param creator Its creator.
    /// @param access Who may see it.
    /// @param token The token of its price ({Access.Paid}; else `address(0)`).
    /// @param price Its price ({Access.Paid}; else 0).
    event PriceSet(
        IComments.PostKind kind,
        uint256 indexed postId,
        address indexed creator,
        Access access,
        address token,
        uint256 price
    );

    /// @notice Emitted for every tip.
    /// @param target What it is for.
    /// @param id The post, stream, channel or creator (see {TipTarget}).
    /// @param tipper Who paid.
    /// @param recipient The post's or stream's creator, the creator tipped, or `address(0)` for a channel (whose pot
    /// is in the {ChannelPaid} of the same transaction).
    /// @param token The token.
    /// @param amount The amount.
    /// @param message The tipper's message (0 to {MAX_MESSAGE_BYTES} bytes of UTF-8, as sent).
    event Tipped(
        TipTarget target,
        uint256 indexed id,
        address indexed tipper,
        address indexed recipient,
        address token,
        uint256 amount,
        string message
    );

    /// @notice Emitted when someone buys a paid post.
    /// @param kind The kind of post.
    /// @param postId The post.
    /// @param buyer The buyer, who has access from now on.
    /// @param creator The post's creator.
    /// @param token The token.
    /// @param price The price paid.
    event Purchased(
        IComments.PostKind kind,
        uint256 indexed postId,
        address indexed buyer,
        address indexed creator,
        address token,
        uint256 price
    );

    /// @notice Emitted when a creator sets (or, with `period` 0, removes) their membership plan.
    /// @param creator The creator.
    /// @param token The token.
    /// @param pricePerPeriod The price of one period.
    /// @param period The period in seconds.
    event MembershipPlanSet(address indexed creator, address token, uint256 pricePerPeriod, uint32 period);

    /// @notice Emitted when someone buys or extends a membership; the amount goes to the creator's balance.
    /// @param creator The creator.
    /// @param member The member.
    /// @param token The token.
    /// @param amount The amount paid.
    /// @param periods The periods bought.
    /// @param memberUntil The membership's new end (a timestamp).
    event Joined(
        address indexed creator,
        address indexed member,
        address token,
        uint256 amount,
        uint32 periods,
        uint48 memberUntil
    );

    /// @notice Emitted when someone buys or extends a community channel's membership; {ChannelPaid} with
    /// {PotSource.Membership} for the same amount comes right before it.
    /// @param channelId The channel.
    /// @param member The paying member.
    /// @param token The token.
    /// @param amount The amount paid.
    /// @param periods The periods bought.
    /// @param period The plan's period in seconds.
    /// @param memberUntil The membership's new end (a timestamp).
    event ChannelJoined(
        uint256 indexed channelId,
        address indexed member,
        address token,
        uint256 amount,
        uint32 periods,
        uint32 period,
        uint48 memberUntil
    );

    /// @notice Emitted when money enters a channel's pot.
    /// @param channelId The channel.
    /// @param epoch The pot's membership epoch.
    /// @param payer Who paid (the tipper, the release's tipper or buyer, the {payChannel} caller, the sweeper).
    /// @param token The token.
    /// @param amount The amount.
    /// @param members The epoch's member count: each is entitled to `floor(received / members)` of the pot.
    /// @param source Why.
    /// @param ref See {PotSource}.
    event ChannelPaid(
        uint256 indexed channelId,
        uint48 indexed epoch,
        address indexed payer,
        address token,
        uint256 amount,
        uint32 members,
        PotSource source,
        bytes32 ref
    );

    /// @notice Emitted when a holder's share of a post moves into their balance.
    /// @param kind The kind of post.
    /// @param postId The post.
    /// @param holder The holder.
    /// @param token The token.
    /// @param amount The amount credited.
    event PostShareClaimed(
        IComments.PostKind kind, uint256 indexed postId, address indexed holder, address indexed token, uint256 amount
    );

    /// @notice Emitted when a member's share of a channel's pot moves into their balance.
    /// @param channelId The channel.
    /// @param epoch The pot's epoch.
    /// @param member The member.
    /// @param token The token.
    /// @param amount The amount credited.
    event PotShareClaimed(
        uint256 indexed channelId, uint48 epoch, address indexed member, address indexed token, uint256 amount
    );

    /// @notice Emitted when an account takes out its balance of a token.
    /// @param account The account.
    /// @param token The token.
    /// @param to Where it was sent.
    /// @param amount The amount.
    event Withdrawn(address indexed account, address indexed token, address to, uint256 amount);

    // ─── Errors ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Thrown when an amount (a tip, a payment) is 0.
    error EarningsZeroAmount();

    /// @notice Thrown when `msg.value` is not the amount for ETH, or not 0 for an ERC-20.
    /// @param expected The value expected.
    /// @param sent The value sent.
    error EarningsValueMismatch(uint256 expected, uint256 sent);

    /// @notice Thrown when an ERC-20 transfer in delivered another amount than asked (a fee-on-transfer token).
    /// @param token The token.
    /// @param expected The amount asked.
    /// @param received The balance delta.
    error EarningsTransferMismatch(address token, uint256 expected, uint256 received);

    /// @notice Thrown when a post does not exist: a video id never published, or a proposal id that is not a video
    /// proposal (for a split or a price: pending or released; for a payment: released).
    /// @param kind The kind of post.
    /// @param postId The post.
    error EarningsUnknownPost(IComments.PostKind kind, uint256 postId);

    /// @notice Thrown when money is paid to a release whose proposal has not passed (yet).
    /// @param postId The proposal.
    /// @param status Its status.
    error EarningsNotPayable(uint256 postId, IChannels.ProposalStatus status);

    /// @notice Thrown when someone other than a post's creator sets its split or price.
    /// @param kind The kind of post.
    /// @param postId The post.
    /// @param caller The caller.
    /// @param creator Its creator.
    error EarningsNotCreator(IComments.PostKind kind, uint256 postId, address caller, address creator);

    /// @notice Thrown when a post's split is set a second time: it is fixed once set.
    error EarningsSplitAlreadySet(IComments.PostKind kind, uint256 postId);

    /// @notice Thrown when a split is set on a post that has received money: its income so far went to its creator.
    error EarningsSplitAfterIncome(IComments.PostKind kind, uint256 postId);

    /// @notice Thrown when a split's holders and shares differ in length.
    error EarningsSplitLengthMismatch(uint256 holders, uint256 shares);

    /// @notice Thrown when a split has no holder or more than {MAX_HOLDERS}.
    error EarningsSplitHolderCount(uint256 count, uint256 max);

    /// @notice Thrown when a split holder is the zero address.
    /// @param index Its position.
    error EarningsSplitZeroHolder(uint256 index);

    /// @notice Thrown when a split names a holder twice.
    error EarningsSplitDuplicateHolder(address holder);

    /// @notice Thrown when a split gives a holder a zero share.
    error EarningsSplitZeroShare(address holder);

    /// @notice Thrown when the shares and the channel's share do not sum to 10 000 basis points.
    error EarningsSplitSum(uint256 sum);

    /// @notice Thrown when a video's split gives a channel a share: only a release has a channel.
    error EarningsChannelShareOnVideo(uint256 postId);

    /// @notice Thrown when {setPrice} gets inconsistent terms: {Access.Paid} needs a non-zero price; {Access.Withheld},
    /// {Access.Free} and {Access.MembersOnly} take no token and no price.
    error EarningsBadPrice(Access access, address token, uint256 price);

    /// @notice Thrown by {buy} when the post is not for sale ({Access.Withheld}, {Access.Free} or {Access.MembersOnly}).
    error EarningsNotForSale(IComments.PostKind kind, uint256 postId, Access access);

    /// @notice Thrown by {buy} and {join} when the terms changed since the buyer saw them (a race with the creator).
    /// @param token The current token.
    /// @param price The current price (per period, for {join}).
    error EarningsPriceChanged(address token, uint256 price);

    /// @notice Thrown by {buy} when the account already bought the post.
    error EarningsAlreadyBought(IComments.PostKind kind, uint256 postId, address buyer);

    /// @notice Thrown when a tip's message is longer than {MAX_MESSAGE_BYTES}.
    error EarningsMessageTooLong(uint256 length, uint256 max);

    /// @notice Thrown when a stream id was never started.
    error EarningsUnknownStream(uint256 streamId);

    /// @notice Thrown when a channel id was never created.
    error EarningsUnknownChannel(uint256 channelId);

    /// @notice Thrown when a creator tipped is the zero address, or a {TipTarget.Creator} id is not an address.
    error EarningsZeroCreator();

    /// @notice Thrown when a membership period is outside {MIN_MEMBERSHIP_PERIOD} to {MAX_MEMBERSHIP_PERIOD}, or a
    /// plan with a period has a zero price.
    error EarningsBadPlan(uint256 pricePerPeriod, uint32 period);

    /// @notice Thrown by {join} when the creator has no membership plan.
    error EarningsNoPlan(address creator);

    /// @notice Thrown by {joinChannel} when the channel has no valid membership plan (its {MEMBERSHIP_PLAN_KEY}
    /// setting is empty or not a valid plan).
    error EarningsNoChannelPlan(uint256 channelId);

    /// @notice Thrown by {join} when `periods` is 0 or the membership would end past `type(uint48).max`.
    error EarningsBadPeriods(uint32 periods);

    /// @notice Thrown by {claim} when the account is not a holder of the post's split.
    error EarningsNotHolder(IComments.PostKind kind, uint256 postId, address account);

    /// @notice Thrown by {claim} when the account was not a member of the channel at the pot's epoch.
    error EarningsNotMemberAt(uint256 channelId, uint48 epoch, address account);

    /// @notice Thrown by {sweepPot} while the pot's epoch is the channel's current one (its remainder can still change).
    error EarningsEpochNotOver(uint256 channelId, uint48 epoch);

    /// @notice Thrown by {sweepPot} when the pot has no remainder.
    error EarningsNothingToSweep(uint256 channelId, uint48 epoch, address token);

    /// @notice Thrown by {withdraw} when there is nothing to take out.
    error EarningsNothingToWithdraw(address account, address token);

    /// @notice Thrown when {withdraw} sends to the zero address.
    error EarningsZeroRecipient();

    /// @notice Thrown when sending ETH out failed (the recipient refused it: withdraw to another address).
    error EarningsEthTransferFailed(address to, uint256 amount);

    // ─── Splits and prices ───────────────────────────────────────────────────────────────────────────────────────

    /// @notice Sets a post's split, once, before it received any money. Only its creator may.
    /// @dev Emits {SplitSet}. Requirements: the post is a published video or a pending or released video proposal
    /// ({EarningsUnknownPost}); the caller is its creator ({EarningsNotCreator}); no split yet
    /// ({EarningsSplitAlreadySet}); no money received yet ({EarningsSplitAfterIncome}); 1 to {MAX_HOLDERS} holders
    /// ({EarningsSplitHolderCount}) with as many shares ({EarningsSplitLengthMismatch}), none zero
    /// ({EarningsSplitZeroHolder}, {EarningsSplitZeroShare}) nor repeated ({EarningsSplitDuplicateHolder}); a channel
    /// share only for a release ({EarningsChannelShareOnVideo}); shares + `channelBps` = 10 000 ({EarningsSplitSum}).
    function setSplit(
        IComments.PostKind kind,
        uint256 postId,
        address[] calldata holders,
        uint16[] calldata bps,
        uint16 channelBps
    ) external;

    /// @notice Sets who may see a post and its price; may be changed at any time, purchases stay valid. Only its
    /// creator may. {Access.Withheld} is allowed too: it stops handing out the key to anyone but the creator and the
    /// split holders (buyers and members included) until the creator opens the post again.
    /// @dev Emits {PriceSet}. Requirements: as {setSplit} for the post and the caller; {Access.Paid} with a non-zero
    /// price, the others with token `address(0)` and price 0 ({EarningsBadPrice}).
    function setPrice(IComments.PostKind kind, uint256 postId, Access access, address token, uint256 price) external;

    // ─── Paying ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Tips a post, a stream, a community channel or a creator, with an optional message.
    /// @dev Emits {Tipped} (and, before it, {ChannelPaid} for a channel, or a release with a channel share). Requirements: a
    /// non-zero amount ({EarningsZeroAmount}) paid as {IEarnings} says ({EarningsValueMismatch},
    /// {EarningsTransferMismatch}); a message of at most {MAX_MESSAGE_BYTES} ({EarningsMessageTooLong}); a target that
    /// exists and is payable ({EarningsUnknownPost}, {EarningsNotPayable}, {EarningsUnknownStream},
    /// {EarningsUnknownChannel}, {EarningsZeroCreator}).
    function tip(TipTarget target, uint256 id, address token, uint256 amount, string calldata message)
        external
        payable;

    /// @notice Buys a paid post: the caller has access for good. `token` and `price` are the terms the buyer agreed
    /// to: if the creator changed them meanwhile, the purchase reverts ({EarningsPriceChanged}) rather than take more.
    /// @dev Emits {Purchased} (and {ChannelPaid} for a release with a channel share). Requirements: the post is
    /// {Access.Paid} ({EarningsNotForSale}) and payable ({EarningsUnknownPost}, {EarningsNotPayable}), not bought by
    /// the caller yet ({EarningsAlreadyBought}), the price paid as {IEarnings} says.
    function buy(IComments.PostKind kind, uint256 postId, address token, uint256 price) external payable;

    /// @notice Sets the caller's membership plan; `period` 0 (with token 0 and price 0) removes it. Current members
    /// keep their time.
    /// @dev Emits {MembershipPlanSet}. Requirements: `period` 0 with no token and price, or within
    /// {MIN_MEMBERSHIP_PERIOD} to {MAX_MEMBERSHIP_PERIOD} with a non-zero price ({EarningsBadPlan}).
    function setMembershipPlan(address token, uint256 pricePerPeriod, uint32 period) external;

    /// @notice Buys `periods` periods of `creator`'s membership for the caller, from the later of now and the end of
    /// their current membership. `token` and `pricePerPeriod` are the terms the caller agreed to
    /// ({EarningsPriceChanged}).
    /// @dev Emits {Joined}. Requirements: the creator has a plan ({EarningsNoPlan}), `periods` > 0 and the end fits
    /// ({EarningsBadPeriods}), `pricePerPeriod * periods` paid as {IEarnings} says.
    function join(address creator, uint32 periods, address token, uint256 pricePerPeriod) external payable;

    /// @notice Buys `periods` periods of community channel `channelId`'s membership for the caller, from the later of
    /// now and the end of their current one, at the plan the channel's members voted. `token` and `pricePerPeriod` are
    /// the terms the caller agreed to ({EarningsPriceChanged}). The money goes into the channel's current epoch pot.
    /// @dev Emits {ChannelPaid} with {PotSource.Membership}, then {ChannelJoined}. Requirements: the channel exists
    /// ({EarningsUnknownChannel}) and has a valid plan ({EarningsNoChannelPlan}), `periods` > 0 and the end fits
    /// ({EarningsBadPeriods}), `pricePerPeriod * periods` paid as {IEarnings} says.
    function joinChannel(uint256 channelId, uint32 periods, address token, uint256 pricePerPeriod) external payable;

    /// @notice Pays money into a community channel's current epoch pot, shared equally by its members of that epoch.
    /// Anyone may (a crowdfund pays its proceeds here); `source` is the payer's own tag, carried by {ChannelPaid}.
    /// @dev Emits {ChannelPaid} with {PotSource.Payment}. Requirements: the channel exists ({EarningsUnknownChannel});
    /// a non-zero amount paid as {IEarnings} says.
    function payChannel(uint256 channelId, address token, uint256 amount, bytes32 source) external payable;

    /// @notice Moves the rounding remainder of a past epoch's pot (`received % members`) into the channel's current
    /// epoch's pot. Anyone may.
    /// @dev Emits {ChannelPaid} with {PotSource.Remainder}. Requirements: `epoch` is before the channel's current one
    /// ({EarningsEpochNotOver}); a non-zero remainder ({EarningsNothingToSweep}).
    function sweepPot(uint256 channelId, uint48 epoch, address token) external;

    // ─── Taking out ──────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Moves `account`'s unclaimed shares of `token` from the given posts and pots into its balance. Anyone
    /// may call it for anyone: the money only ever goes to the account's balance.
    /// @dev Emits {PostShareClaimed} / {PotShareClaimed} for each non-zero share. Requirements: `account` is a holder
    /// of each post's split ({EarningsNotHolder}) and a member of each pot's channel at its epoch
    /// ({EarningsNotMemberAt}).
    /// @return credited The total moved into the balance.
    function claim(address account, address token, PostRef[] calldata posts, PotRef[] calldata pots)
        external
        returns (uint256 credited);

    /// @notice Claims the caller's shares of the given posts and pots (as {claim}; empty lists for none) and sends
    /// their whole balance of `token` to `to`.
    /// @dev Emits the claim events and {Withdrawn}. Requirements: as {claim}; `to` non-zero ({EarningsZeroRecipient});
    /// a non-zero balance ({EarningsNothingToWithdraw}); `to` accepts ETH ({EarningsEthTransferFailed}).
    /// @return amount The amount sent.
    function withdraw(address token, address to, PostRef[] calldata posts, PotRef[] calldata pots)
        external
        returns (uint256 amount);

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The most holders a split may have: 16.
    function MAX_HOLDERS() external view returns (uint256);

    /// @notice The longest tip message: 280 bytes of UTF-8.
    function MAX_MESSAGE_BYTES() external view returns (uint256);

    /// @notice The shortest membership period: 1 day.
    function MIN_MEMBERSHIP_PERIOD() external view returns (uint32);

    /// @notice The longest membership period: 366 days.
    function MAX_MEMBERSHIP_PERIOD() external view returns (uint32);

    /// @notice The {IChannels} setting key of a community channel's membership plan:
    /// `keccak256("chorus.earnings.membershipPlan")`; its value is `abi.encode(address token, uint256 pricePerPeriod,
    /// uint32 period)`.
    function MEMBERSHIP_PLAN_KEY() external view returns (bytes32);

    /// @notice The contracts whose videos, releases, channels and streams this contract pays.
    function videos() external view returns (IVideos);

    /// @notice See {videos}.
    function channels() external view returns (IChannels);

    /// @notice See {videos}.
    function streams() external view returns (IStreams);

    /// @notice Whether `account` may see the post's content: always for {Access.Free}; otherwise its creator, its split
    /// holders, and its buyers ({Access.Paid}) or the creator's current members ({Access.MembersOnly}; for a release
    /// also the releasing channel's current members and paying members); nobody else for {Access.Withheld}, the default. A key service
    /// asks this before handing out a content key.
    /// @dev Never reverts: a post that does not exist is {Access.Withheld} and nobody has access to it.
    function hasAccess(IComments.PostKind kind, uint256 postId, address account) external view returns (bool);

    /// @notice A post's split (`set` false: everything to its creator).
    function splitOf(IComments.PostKind kind, uint256 postId) external view returns (Split memory);

    /// @notice A post's access and price.
    function priceOf(IComments.PostKind kind, uint256 postId) external view returns (Price memory);

    /// @notice Whether `account` bought the post.
    function hasBought(IComments.PostKind kind, uint256 postId, address account) external view returns (bool);

    /// @notice Whether the post has received money (its split, set or not, is then fixed).
    function hasIncome(IComments.PostKind kind, uint256 postId) external view returns (bool);

    /// @notice The total of `token` paid into a split post's holder pool (after the channel's share).
    function poolOf(IComments.PostKind kind, uint256 postId, address token) external view returns (uint256);

    /// @notice `account`'s entitlement to a split post's pool of `token`, and how much of it was claimed.
    function postShare(IComments.PostKind kind, uint256 postId, address token, address account)
        external
        view
        returns (uint256 entitled, uint256 claimed);

    /// @notice A channel's pot of `token` for an epoch: what it received (after sweeps) and its member count (0 if
    /// nothing was ever paid in that epoch).
    function potOf(uint256 channelId, uint48 epoch, address token)
        external
        view
        returns (uint256 received, uint32 members);

    /// @notice `account`'s entitlement to a pot (0 if it was not a member at that epoch), and how much of it was
    /// claimed.
    function potShare(uint256 channelId, uint48 epoch, address token, address account)
        external
        view
        returns (uint256 entitled, uint256 claimed);

    /// @notice `account`'s balance of `token`: credited, not yet withdrawn (shares not yet claimed are not in it).
    function balanceOf(address account, address token) external view returns (uint256);

    /// @notice A creator's membership plan (`period` 0: none).
    function membershipPlan(address creator) external view returns (Plan memory);

    /// @notice A community channel's membership plan, decoded from its {MEMBERSHIP_PLAN_KEY} setting (`period` 0: none,
    /// also when the setting is not a valid plan or the channel does not exist). Never reverts.
    function channelMembershipPlan(uint256 channelId) external view returns (Plan memory);

    /// @notice When `account`'s paid membership of community channel `channelId` ends (a timestamp; 0 if never). A
    /// paying member while it is after now.
    function channelMemberUntil(uint256 channelId, address account) external view returns (uint48);

    /// @notice When `account`'s membership of `creator` ends (a timestamp; 0 if never a member). A member while it is
    /// after now.
    function memberUntil(address creator, address account) external view returns (uint48);
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title IHandles
/// @notice Who an address says it is. Anyone may set a **nickname**: any short text, not unique, carried by an event
/// only (readers show it with a fingerprint of the address, so two "alice"s stay distinguishable). An address may also
/// hold one **verified handle**: a unique name, claimed with a refundable bond of {BOND} wei, that nobody else can use
/// while it is live. No owner, no admin: nobody can take a live handle away, and the rules below are all there is.
/// @dev Form of a handle (checked, never normalised: the caller sends the normal form, which the web computes): 3 to
/// 24 characters of `a-z`, `0-9`, `-` and `_`; it starts with a letter (so no handle reads as a number or as an
/// address such as `0xab…`); a separator (`-` or `_`) is never last nor next to another separator. Upper case, spaces,
/// dots and every non-ASCII character are refused, so no two handles differ only by case or by a Unicode look-alike.
///
/// Life of a handle (docs/identity.md says why):
/// - **Claim**: the caller, holding no handle, pays exactly {BOND}. The handle is live for {TERM} seconds.
/// - **Renew**: free, by the holder, at any time while it is still theirs (even after it expired, until someone else
///   claims it): live for {TERM} seconds from now.
/// - **Release**: by the holder, at any time. Nobody (the releaser included) can claim the handle for
///   {RELEASE_COOLDOWN} seconds, so a released name cannot be taken at once to impersonate its former holder; the bond
///   is withdrawable after the same cooldown.
/// - **Expiry**: a handle not renewed for {TERM} seconds stops counting as verified. Anyone may then claim it; the
///   former holder's bond becomes withdrawable at that moment ({HandleLapsed}).
/// - **No transfer**: a handle vouches for a person, and selling it would sell their past words with it.
/// - Bonds are paid out only by {withdrawBond} and {withdrawBondTo} (pull): the contract's balance is always the bonds
///   of the handles held plus the bonds awaiting withdrawal.
///
/// Events rebuild everything: {HandleClaimed}, {HandleRenewed}, {HandleReleased} and {HandleLapsed} give each handle's
/// history and its holder at any block; {NicknameSet} gives nicknames; {BondWithdrawn} the payouts.
interface IHandles {
    /// @notice What {handleStatus} says about a handle now.
    enum HandleStatus {
        /// Not of the allowed form: it can never be claimed.
        Invalid,
        /// Nobody holds it and it is not cooling down: it can be claimed now.
        Free,
        /// Held and live: nobody else can claim it.
        Live,
        /// Held, but not renewed in time: anyone may claim it now (its holder may still renew it until then).
        Expired,
        /// Released recently: nobody can claim it until the cooldown ends.
        CoolingDown
    }

    // ─── Events ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Emitted when `account` sets its nickname; an empty nickname clears it.
    /// @param account The account.
    /// @param nickname The new nickname (UTF-8 as sent; not unique, not checked beyond its length).
    event NicknameSet(address indexed account, string nickname);

    /// @notice Emitted when `holder` claims `handle`. If the handle had expired in someone else's hands,
    /// {HandleLapsed} precedes this event.
    /// @param holder The new holder.
    /// @param handle The handle.
    /// @param expiresAt The timestamp from which it counts as expired unless renewed.
    /// @param bond The bond paid (held until the handle is released or lapses).
    event HandleClaimed(address indexed holder, string handle, uint48 expiresAt, uint256 bond);

    /// @notice Emitted when the holder renews its handle.
    /// @param holder The holder.
    /// @param handle The handle.
    /// @param expiresAt The new expiry timestamp.
    event HandleRenewed(address indexed holder, string handle, uint48 expiresAt);

    /// @notice Emitted when the holder releases its handle.
    /// @param holder The former holder.
    /// @param handle The handle.
    /// @param claimableAt From this timestamp on, anyone may claim it.
    /// @param bondAvailableAt From this timestamp on, the former holder may withdraw the bond.
    event HandleReleased(address indexed holder, string handle, uint48 claimableAt, uint48 bondAvailableAt);

    /// @notice Emitted when `claimant` claims a handle that expired in `holder`'s hands: `holder` loses it and its bond
    /// becomes withdrawable now. {HandleClaimed} for `claimant` follows.
    /// @param holder The former holder.
    /// @param handle The handle.
    /// @param claimant The new holder.
    event HandleLapsed(address indexed holder, string handle, address indexed claimant);

    /// @notice Emitted when `account` withdraws the bonds it is owed.
    /// @param account The account the bonds belonged to.
    /// @param to Where the ETH went.
    /// @param amount The amount in wei.
    event BondWithdrawn(address indexed account, address indexed to, uint256 amount);

    // ─── Errors ──────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Thrown when a nickname is longer than {MAX_NICKNAME_BYTES} bytes (UTF-8).
    /// @param length Its length in bytes.
    /// @param max The longest allowed.
    error HandlesNicknameTooLong(uint256 length, uint256 max);

    /// @notice Thrown when a handle is not of the allowed form (see the contract's documentation): send it in normal
    /// form, lower case, 3 to 24 characters of `a-z0-9-_`, starting with a letter, separators single and not last.
    /// @param handle The rejected handle.
    error HandlesInvalidHandle(string handle);

    /// @notice Thrown when a claim does not pay exactly the bond.
    /// @param sent The value sent.
    /// @param bond The bond ({BOND}).
    error HandlesWrongBond(uint256 sent, uint256 bond);

    /// @notice Thrown when an account that holds a handle claims another: release it first (one handle per address).
    /// @param account The account.
    /// @param handle The handle it holds.
    error HandlesAlreadyHolding(address account, string handle);

    /// @notice Thrown when a handle is held and live.
    /// @param handle The handle.
    /// @param holder Its holder.
    /// @param expiresAt When it expires unless renewed.
    error HandlesTaken(string handle, address holder, uint48 expiresAt);

    /// @notice Thrown when a handle was released and its cooldown has not ended.
    /// @param handle The handle.
    /// @param claimableAt When it can be claimed.
    error HandlesCoolingDown(string handle, uint48 claimableAt);

    /// @notice Thrown when an account that holds no handle renews or releases.
    /// @param account The account.
    error HandlesNoHandle(address account);

    /// @notice Thrown when an account with no bond to withdraw withdraws.
    /// @param account The account.
    error HandlesNothingToWithdraw(address account);

    /// @notice Thrown when an account withdraws a bond whose cooldown has not ended.
    /// @param account The account.
    /// @param availableAt When it can be withdrawn.
    error HandlesBondLocked(address account, uint48 availableAt);

    /// @notice Thrown when the recipient of a withdrawal refuses the ETH: use {withdrawBondTo} with another address.
    /// @param to The recipient.
    /// @param amount The amount.
    error HandlesTransferFailed(address to, uint256 amount);

    // ─── Nicknames ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Sets the caller's nickname (an empty one clears it). Not stored: {NicknameSet} carries it.
    /// @dev Requirements: at most {MAX_NICKNAME_BYTES} bytes ({HandlesNicknameTooLong}).
    /// @param nickname Any UTF-8 text.
    function setNickname(string calldata nickname) external;

    // ─── Handles ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice Claims a verified handle for the caller, paying the refundable bond.
    /// @dev Emits {HandleLapsed} if the handle had expired in someone else's hands, then {HandleClaimed}.
    /// Requirements:
    /// - `handle` is of the allowed form ({HandlesInvalidHandle}).
    /// - `msg.value` is exactly {BOND} ({HandlesWrongBond}).
    /// - The caller holds no handle, live or expired ({HandlesAlreadyHolding}).
    /// - Nobody holds `handle` live ({HandlesTaken}) and it is not cooling down after a release
    ///   ({HandlesCoolingDown}).
    /// @param handle The handle, in normal form.
    function claim(string calldata handle) external payable;

    /// @notice Renews the caller's handle: live for {TERM} seconds from now. Free. Works after expiry too, as long as
    /// nobody else has claimed the handle.
    /// @dev Emits {HandleRenewed}. Requirements: the caller holds a handle ({HandlesNoHandle}).
    function renew() external;

    /// @notice Releases the caller's handle. Nobody can claim it for {RELEASE_COOLDOWN} seconds; the bond is
    /// withdrawable after the same cooldown.
    /// @dev Emits {HandleReleased}. Requirements: the caller holds a handle ({HandlesNoHandle}).
    function release() external;

    /// @notice Sends the caller every bond it is owed.
    /// @dev Emits {BondWithdrawn}. Requirements: something is owed ({HandlesNothingToWithdraw}), its cooldown has ended
    /// ({HandlesBondLocked}), and the caller accepts ETH ({HandlesTransferFailed}).
    function withdrawBond() external;

    /// @notice As {withdrawBond}, sending the ETH to `to` (for an account that cannot receive ETH).
    /// @param to The recipient.
    function withdrawBondTo(address to) external;

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @notice The bond a claim pays, in wei: 0.01 ETH.
    function BOND() external view returns (uint256);

    /// @notice How long a handle stays live after its claim or latest renewal: 365 days.
    function TERM() external view returns (uint48);

    /// @notice How long a released handle cannot be claimed, and its bond cannot be withdrawn: 30 days.
    function RELEASE_COOLDOWN() external view returns (uint48);

    /// @notice The shortest handle: 3 characters.
    function MIN_HANDLE_LENGTH() external view returns (uint256);

    /// @notice The longest handle: 24 characters.
    function MAX_HANDLE_LENGTH() external view returns (uint256);

    /// @notice The longest nickname: 64 bytes of UTF-8.
    function MAX_NICKNAME_BYTES() external view returns (uint256);

    /// @notice Whether `handle` is of the allowed form.
    function isValidHandle(string calldata handle) external pure returns (bool);

    /// @notice `account`'s live handle, or "" if it holds none or its handle expired.
    function handleOf(address account) external view returns (string memory);

    /// @notice The account holding `handle` live, or the zero address.
    function holderOf(string calldata handle) external view returns (address);

    /// @notice Whether `account` holds a live handle. {Comments} asks this for posts open to verified handles only.
    function isVerified(address account) external view returns (bool);

    /// @notice `account`'s handle whether live or expired (until someone else claims it), and when it expires; ("", 0)
    /// if none.
    function holdingOf(address account) external view returns (string memory handle, uint48 expiresAt);

    /// @notice Where `handle` stands now, who holds it (live or expired) and until when: the expiry for
    /// {HandleStatus.Live} and {HandleStatus.Expired}, the end of the cooldown for {HandleStatus.CoolingDown}, else 0.
    function handleStatus(string calldata handle)
        external
        view
        returns (HandleStatus status, address holder, uint48 until);

    /// @notice The bonds `account` is owed and from when it may withdraw them.
    function bondOwed(address account) external view returns (uint256 amount, uint48 availableAt);
}

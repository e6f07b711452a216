// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IHandles} from "./interfaces/IHandles.sol";

/// @title Handles
/// @notice Nicknames and verified handles. No owner, no admin, no pause, no upgrade: nobody can take a live handle
/// away, and the bond is a constant.
/// @dev A handle is at most 24 ASCII bytes, so it is stored as a left-aligned `bytes24` (zero-padded; no allowed
/// character is zero, so the padding is unambiguous). An account's handle and its expiry share one slot, so
/// {isVerified}, which {Comments} asks on every comment to a verified-only post, is one storage read. The only call out
/// is the ETH transfer of a withdrawal, made after the amount owed is zeroed (checks-effects-interactions), so a
/// reentrant call finds nothing left to withdraw.
contract Handles is IHandles {
    /// @inheritdoc IHandles
    uint256 public constant BOND = 0.01 ether;
    /// @inheritdoc IHandles
    uint48 public constant TERM = 365 days;
    /// @inheritdoc IHandles
    uint48 public constant RELEASE_COOLDOWN = 30 days;
    /// @inheritdoc IHandles
    uint256 public constant MIN_HANDLE_LENGTH = 3;
    /// @inheritdoc IHandles
    uint256 public constant MAX_HANDLE_LENGTH = 24;
    /// @inheritdoc IHandles
    uint256 public constant MAX_NICKNAME_BYTES = 64;

    /// @dev One slot. `handle == 0` means the account holds none.
    struct Holding {
        bytes24 handle;
        uint48 expiresAt;
    }

    /// @dev One slot. `holder == address(0)` means nobody holds the handle; `claimableAt` is the end of the cooldown
    /// after its latest release.
    struct HandleRecord {
        address holder;
        uint48 claimableAt;
    }

    /// @dev One slot: bonds owed to a former holder, withdrawable from `availableAt`.
    struct Owed {
        uint208 amount;
        uint48 availableAt;
    }

    mapping(address account => Holding) private _holdings;
    mapping(bytes24 handle => HandleRecord) private _records;
    mapping(address account => Owed) private _owed;

    // ─── Nicknames ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IHandles
    function setNickname(string calldata nickname) external {
        uint256 length = bytes(nickname).length;
        if (length > MAX_NICKNAME_BYTES) revert HandlesNicknameTooLong(length, MAX_NICKNAME_BYTES);
        emit NicknameSet(msg.sender, nickname);
    }

    // ─── Handles ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IHandles
    function claim(string calldata handle) external payable {
        // Checks
        if (!_isValid(handle)) revert HandlesInvalidHandle(handle);
        if (msg.value != BOND) revert HandlesWrongBond(msg.value, BOND);
        bytes24 current = _holdings[msg.sender].handle;
        if (current != 0) revert HandlesAlreadyHolding(msg.sender, _toString(current));
        bytes24 key = bytes24(bytes(handle));
        HandleRecord storage record = _records[key];
        address holder = record.holder;
        if (holder != address(0)) {
            uint48 holderExpiresAt = _holdings[holder].expiresAt;
            if (block.timestamp < holderExpiresAt) revert HandlesTaken(handle, holder, holderExpiresAt);
            // Effects: the handle expired in `holder`'s hands; they lose it and their bond is theirs to withdraw now.
            delete _holdings[holder];
            _credit(holder, block.timestamp);
            emit HandleLapsed(holder, handle, msg.sender);
        } else {
            uint48 claimableAt = record.claimableAt;
            if (block.timestamp < claimableAt) revert HandlesCoolingDown(handle, claimableAt);
        }

        // Effects
        // Cannot truncate: block.timestamp + 365 days < 2^48 for the next eight million years.
        uint48 expiresAt = uint48(block.timestamp + TERM);
        _records[key] = HandleRecord({holder: msg.sender, claimableAt: 0});
        _holdings[msg.sender] = Holding({handle: key, expiresAt: expiresAt});
        emit HandleClaimed(msg.sender, handle, expiresAt, BOND);
    }

    /// @inheritdoc IHandles
    function renew() external {
        Holding storage holding = _holdings[msg.sender];
        bytes24 handle = holding.handle;
        if (handle == 0) revert HandlesNoHandle(msg.sender);
        uint48 expiresAt = uint48(block.timestamp + TERM);
        holding.expiresAt = expiresAt;
        emit HandleRenewed(msg.sender, _toString(handle), expiresAt);
    }

    /// @inheritdoc IHandles
    function release() external {
        bytes24 handle = _holdings[msg.sender].handle;
        if (handle == 0) revert HandlesNoHandle(msg.sender);
        uint48 claimableAt = uint48(block.timestamp + RELEASE_COOLDOWN);
        delete _holdings[msg.sender];
        _records[handle] = HandleRecord({holder: address(0), claimableAt: claimableAt});
        _credit(msg.sender, claimableAt);
        emit HandleReleased(msg.sender, _toString(handle), claimableAt, claimableAt);
    }

    /// @inheritdoc IHandles
    function withdrawBond() external {
        _withdraw(msg.sender);
    }

    /// @inheritdoc IHandles
    function withdrawBondTo(address to) external {
        _withdraw(to);
    }

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @inheritdoc IHandles
    function isValidHandle(string calldata handle) external pure returns (bool) {
        return _isValid(handle);
    }

    /// @inheritdoc IHandles
    function handleOf(address account) external view returns (string memory) {
        Holding storage holding = _holdings[account];
        return block.timestamp < holding.expiresAt ? _toString(holding.handle) : "";
    }

    /// @inheritdoc IHandles
    function holderOf(string calldata handle) external view returns (address) {
        if (!_isValid(handle)) return address(0);
        address holder = _records[bytes24(bytes(handle))].holder;
        return block.timestamp < _holdings[holder].expiresAt ? holder : address(0);
    }

    /// @inheritdoc IHandles
    function isVerified(address account) external view returns (bool) {
        // An account without a handle has `expiresAt == 0`.
        return block.timestamp < _holdings[account].expiresAt;
    }

    /// @inheritdoc IHandles
    function holdingOf(address account) external view returns (string memory handle, uint48 expiresAt) {
        Holding storage holding = _holdings[account];
        return (_toString(holding.handle), holding.expiresAt);
    }

    /// @inheritdoc IHandles
    function handleStatus(string calldata handle)
        external
        view
        returns (HandleStatus status, address holder, uint48 until)
    {
        if (!_isValid(handle)) return (HandleStatus.Invalid, address(0), 0);
        HandleRecord storage record = _records[bytes24(bytes(handle))];
        holder = record.holder;
        if (holder != address(0)) {
            until = _holdings[holder].expiresAt;
            status = block.timestamp < until ? HandleStatus.Live : HandleStatus.Expired;
        } else if (block.timestamp < record.claimableAt) {
            (status, until) = (HandleStatus.CoolingDown, record.claimableAt);
        } else {
            status = HandleStatus.Free;
        }
    }

    /// @inheritdoc IHandles
    function bondOwed(address account) external view returns (uint256 amount, uint48 availableAt) {
        Owed storage owed = _owed[account];
        return (owed.amount, owed.availableAt);
    }

    // ─── Internals ───────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev Owes `account` one more bond, withdrawable from `availableAt` or from its earlier bonds' date if later
    /// (bonds owed are withdrawn together). Today the new date is never the earlier one (a lapse comes a year after a
    /// claim, later than any cooldown the account started before it); the maximum keeps that true by construction.
    function _credit(address account, uint256 availableAt) private {
        Owed storage owed = _owed[account];
        uint48 previous = owed.availableAt;
        // Cannot overflow: the amount is at most the ETH ever paid in, far below 2^208 wei. Cannot truncate: callers
        // pass block.timestamp or block.timestamp + 30 days.
        owed.amount += uint208(BOND);
        owed.availableAt = previous > availableAt ? previous : uint48(availableAt);
    }

    function _withdraw(address to) private {
        // Checks
        Owed storage owed = _owed[msg.sender];
        uint256 amount = owed.amount;
        if (amount == 0) revert HandlesNothingToWithdraw(msg.sender);
        uint48 availableAt = owed.availableAt;
        if (block.timestamp < availableAt) revert HandlesBondLocked(msg.sender, availableAt);
        // Effects
        delete _owed[msg.sender];
        emit BondWithdrawn(msg.sender, to, amount);
        // Interactions
        (bool sent,) = to.call{value: amount}("");
        if (!sent) revert HandlesTransferFailed(to, amount);
    }

    /// @dev Whether `handle` is of the allowed form: 3 to 24 of `a-z0-9-_`, a letter first, no separator last or next
    /// to another.
    function _isValid(string calldata handle) private pure returns (bool) {
        bytes calldata b = bytes(handle);
        uint256 length = b.length;
        if (length < MIN_HANDLE_LENGTH || length > MAX_HANDLE_LENGTH) return false;
        // Starts true, so that a leading separator counts as one after a separator.
        bool afterSeparator = true;
        for (uint256 i; i < length; ++i) {
            bytes1 c = b[i];
            if (c >= "a" && c <= "z") {
                afterSeparator = false;
            } else if (c >= "0" && c <= "9") {
                if (i == 0) return false;
                afterSeparator = false;
            } else if (c == "-" || c == "_") {
                if (afterSeparator) return false;
                afterSeparator = true;
            } else {
                return false;
            }
        }
        return !afterSeparator;
    }

    /// @dev The text of a stored handle: its bytes up to the first zero byte.
    function _toString(bytes24 handle) private pure returns (string memory text) {
        uint256 length;
        while (length < 24 && handle[length] != 0) ++length;
        text = new string(length);
        bytes memory b = bytes(text);
        for (uint256 i; i < length; ++i) {
            b[i] = handle[i];
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title StorageEscrowTestReceiver
/// @notice TEST ONLY — never deploy. An account that is a contract: it forwards calls to a target (so it can fund,
/// join and withdraw), and on receiving ETH either rejects it or calls back into the target, as the test chooses.
contract StorageEscrowTestReceiver {
    enum OnReceive {
        Accept,
        Reject,
        Reenter
    }

    address public immutable target;
    OnReceive public onReceive;
    bytes public reentry;

    constructor(address target_) {
        target = target_;
    }

    function setOnReceive(OnReceive mode, bytes calldata data) external {
        onReceive = mode;
        reentry = data;
    }

    /// @dev Calls the target with `data` and `msg.value`, bubbling up a revert.
    function forward(bytes calldata data) external payable returns (bytes memory result) {
        result = _call(data, msg.value);
    }

    /// @dev Calls the target with each of `calls` in turn, in one transaction, bubbling up a revert.
    function forwardAll(bytes[] calldata calls) external {
        for (uint256 i; i < calls.length; ++i) {
            _call(calls[i], 0);
        }
    }

    receive() external payable {
        OnReceive mode = onReceive;
        if (mode == OnReceive.Reject) revert("StorageEscrowTestReceiver: rejects ETH");
        if (mode == OnReceive.Reenter) _call(reentry, 0);
    }

    function _call(bytes memory data, uint256 value) internal returns (bytes memory result) {
        bool ok;
        (ok, result) = target.call{value: value}(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }
}

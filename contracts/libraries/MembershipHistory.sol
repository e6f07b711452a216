// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title MembershipHistory
/// @notice Whether an account was a member at a given membership epoch: a history of membership changes, keyed by an
/// epoch that only goes up.
/// @dev Same semantics as OpenZeppelin `Checkpoints.Trace208.upperLookupRecent` with values 0/1 (the value of the
/// latest change at or before the epoch; not a member before any change), with one difference in layout: the latest
/// change and the number of earlier ones share one slot. The lookup a vote makes, at an epoch no older than the voter's
/// latest change, therefore costs one cold storage read instead of two (array length, then element). Earlier changes
/// are read newest first, which suits lookups for open proposals (at most 90 days old).
library MembershipHistory {
    /// @notice Thrown when a change is recorded at an epoch before the latest change.
    /// @param epoch The rejected epoch.
    /// @param latest The epoch of the latest change.
    error MembershipHistoryUnorderedEpoch(uint48 epoch, uint48 latest);

    /// @dev A change of membership from `epoch` on.
    struct Change {
        uint48 epoch;
        bool member;
    }

    struct History {
        // One slot (flat fields: a nested struct would start a slot of its own): the latest change and how many
        // precede it.
        uint48 latestEpoch;
        bool latestMember;
        uint32 pastCount;
        // The earlier changes, oldest first, at indices 0 to `pastCount - 1`.
        mapping(uint256 index => Change) past;
    }

    /// @notice Records that the account is (`member`) or is not a member from `epoch` on. A change at the epoch of the
    /// latest change replaces it.
    /// @dev Reverts with {MembershipHistoryUnorderedEpoch} if `epoch` is before the latest change.
    function record(History storage self, uint48 epoch, bool member) internal {
        uint48 latestEpoch = self.latestEpoch;
        bool latestMember = self.latestMember;
        uint32 pastCount = self.pastCount;
        if (epoch < latestEpoch) revert MembershipHistoryUnorderedEpoch(epoch, latestEpoch);
        // An empty history reads as "not a member since epoch 0": nothing worth keeping as the past.
        bool empty = pastCount == 0 && latestEpoch == 0 && !latestMember;
        if (epoch > latestEpoch && !empty) {
            self.past[pastCount] = Change({epoch: latestEpoch, member: latestMember});
            // Cannot overflow in practice: each change takes a passed proposal; 2^32 of them would cost more gas than
            // any chain will carry. Checked all the same.
            self.pastCount = pastCount + 1;
        }
        self.latestEpoch = epoch;
        self.latestMember = member;
    }

    /// @notice Whether the account is a member now (after its latest change).
    function isMember(History storage self) internal view returns (bool) {
        return self.latestMember;
    }

    /// @notice Whether the account's membership changed after `epoch` (a change recorded at a later epoch).
    function changedSince(History storage self, uint48 epoch) internal view returns (bool) {
        return self.latestEpoch > epoch;
    }

    /// @notice Whether the account was a member at `epoch`: the latest change at or before `epoch` says so.
    function isMemberAt(History storage self, uint48 epoch) internal view returns (bool) {
        if (self.latestEpoch <= epoch) return self.latestMember;
        for (uint256 i = self.pastCount; i > 0;) {
            // Cannot underflow: i > 0.
            unchecked {
                --i;
            }
            Change memory change = self.past[i];
            if (change.epoch <= epoch) return change.member;
        }
        return false;
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title StorageMerkleTestTree
/// @notice TEST ONLY — never deploy. A reference implementation, in memory, of the Merkle tree that storage deals
/// commit to (see {StorageMerkle} and docs/storage-proofs.md), written plainly rather than for gas: pseudo-random
/// contents, their trees, and proofs, for the StorageEscrow fuzz and invariant tests.
library StorageMerkleTestTree {
    uint256 internal constant SEGMENT_SIZE = 256;

    /// @notice `size` pseudo-random bytes derived from `salt`.
    function content(uint256 size, bytes32 salt) internal pure returns (bytes memory bytes_) {
        bytes_ = new bytes(size);
        for (uint256 i; i < size; ++i) {
            if (i % 32 == 0) salt = keccak256(abi.encode(salt, i));
            bytes_[i] = salt[i % 32];
        }
    }

    /// @notice Segment `index` of `bytes_`: up to SEGMENT_SIZE bytes from `index * SEGMENT_SIZE`.
    function segment(bytes memory bytes_, uint256 index) internal pure returns (bytes memory part) {
        uint256 from = index * SEGMENT_SIZE;
        uint256 to = from + SEGMENT_SIZE < bytes_.length ? from + SEGMENT_SIZE : bytes_.length;
        part = new bytes(to - from);
        for (uint256 i; i < part.length; ++i) {
            part[i] = bytes_[from + i];
        }
    }

    /// @notice Every level of the tree over `bytes_`, leaves first; a missing right node is an empty subtree.
    function levels(bytes memory bytes_) internal pure returns (bytes32[][] memory all) {
        uint256 count = (bytes_.length + SEGMENT_SIZE - 1) / SEGMENT_SIZE;
        uint256 depth;
        while ((1 << depth) < count) ++depth;
        all = new bytes32[][](depth + 1);
        all[0] = new bytes32[](count);
        for (uint256 i; i < count; ++i) {
            all[0][i] = keccak256(abi.encodePacked(i, segment(bytes_, i)));
        }
        bytes32 empty;
        for (uint256 h; h < depth; ++h) {
            bytes32[] memory below = all[h];
            bytes32[] memory level = new bytes32[]((below.length + 1) / 2);
            for (uint256 j; j < level.length; ++j) {
                bytes32 right = 2 * j + 1 < below.length ? below[2 * j + 1] : empty;
                level[j] = keccak256(abi.encodePacked(below[2 * j], right));
            }
            all[h + 1] = level;
            empty = keccak256(abi.encodePacked(empty, empty));
        }
    }

    function root(bytes32[][] memory all) internal pure returns (bytes32) {
        return all[all.length - 1][0];
    }

    /// @notice The siblings of leaf `index`, leaf level first.
    function proof(bytes32[][] memory all, uint256 index) internal pure returns (bytes32[] memory siblings) {
        siblings = new bytes32[](all.length - 1);
        bytes32 empty;
        for (uint256 h; h < siblings.length; ++h) {
            uint256 sibling = index ^ 1;
            siblings[h] = sibling < all[h].length ? all[h][sibling] : empty;
            index >>= 1;
            empty = keccak256(abi.encodePacked(empty, empty));
        }
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title StorageMerkle
/// @notice The Merkle tree that storage deals commit to, over a content's bytes cut into {SEGMENT_SIZE}-byte segments.
/// @dev The scheme (docs/storage-proofs.md has the reasons and a reference implementation):
/// - Segment `i` is bytes `[i * SEGMENT_SIZE, min((i + 1) * SEGMENT_SIZE, size))` of the content: every segment is
///   {SEGMENT_SIZE} bytes except perhaps the last, which is what remains (1 to {SEGMENT_SIZE} bytes, never padded).
/// - Leaf `i` is `keccak256(abi.encodePacked(uint256(i), segment_i))`: the index is bound into the leaf.
/// - The leaves are padded with `bytes32(0)` up to the next power of two, `2 ** depth` with
///   `depth = ceil(log2(segmentCount))` (a one-segment content has depth 0: its root is its leaf).
/// - A node is `keccak256(abi.encodePacked(left, right))`, children in index order (not sorted): the path is given by
///   the index bits, leaf level first.
/// A proof has exactly `depth` siblings, so no inner node can pass for a leaf, and only the real segment `i` (with its
/// exact length, which the size fixes) hashes to leaf `i`. With 256-byte segments and 256 KiB IPFS raw leaves, IPFS
/// block `b` is the aligned subtree of leaves `[1024 b, 1024 (b + 1))`.
library StorageMerkle {
    /// @notice The length of a segment, the tree's leaf.
    uint256 internal constant SEGMENT_SIZE = 256;

    /// @notice The number of segments of a content of `size` bytes: `ceil(size / SEGMENT_SIZE)`.
    function segmentCount(uint256 size) internal pure returns (uint256) {
        return Math.ceilDiv(size, SEGMENT_SIZE);
    }

    /// @notice The tree's depth for `count` segments (at least one): `ceil(log2(count))`.
    function depth(uint256 count) internal pure returns (uint256) {
        return Math.log2(count, Math.Rounding.Ceil);
    }

    /// @notice The length of segment `index` of a content of `size` bytes.
    /// @dev Requires `index < segmentCount(size)`; the caller ensures it.
    function segmentLength(uint256 size, uint256 index) internal pure returns (uint256) {
        // Cannot underflow: index < ceil(size / SEGMENT_SIZE), so index * SEGMENT_SIZE < size.
        unchecked {
            uint256 remaining = size - index * SEGMENT_SIZE;
            return remaining < SEGMENT_SIZE ? remaining : SEGMENT_SIZE;
        }
    }

    /// @notice Leaf `index`: `keccak256(abi.encodePacked(uint256(index), segment))`.
    /// @dev Hashes in memory past the free memory pointer, without allocating.
    function leaf(uint256 index, bytes calldata segment) internal pure returns (bytes32 hash) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, index)
            calldatacopy(add(ptr, 0x20), segment.offset, segment.length)
            hash := keccak256(ptr, add(0x20, segment.length))
        }
    }

    /// @notice The root that `leafHash`, at position `index`, and its siblings `proof` (leaf level first) lead to.
    /// @dev The caller checks `proof.length` against the tree's depth; `index` bit `k` says whether the node at level
    /// `k` is a right child.
    function processProof(bytes32 leafHash, uint256 index, bytes32[] calldata proof)
        internal
        pure
        returns (bytes32 node)
    {
        node = leafHash;
        uint256 length = proof.length;
        for (uint256 level; level < length; ++level) {
            bytes32 sibling = proof[level];
            node = index & 1 == 0 ? Hashes.efficientKeccak256(node, sibling) : Hashes.efficientKeccak256(sibling, node);
            index >>= 1;
        }
    }
}

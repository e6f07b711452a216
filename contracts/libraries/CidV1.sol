// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title CidV1
/// @notice Checks that bytes are a binary CIDv1 of the shape Chorus content has: version 1, codec raw (0x55) or
/// dag-pb (0x70), multihash sha2-256 (0x12) with a 32-byte digest. 36 bytes in all.
/// @dev What Kubo and Helia produce for `add --cid-version=1`. A different hash or codec is rejected rather than
/// stored, so every client can fetch and verify what the chain names.
library CidV1 {
    uint256 internal constant LENGTH = 36;
    /// @dev The codec of a UnixFS directory (and of files of more than one block); a raw (0x55) CID is one file.
    bytes1 internal constant DAG_PB = 0x70;

    function isValid(bytes calldata cid) internal pure returns (bool) {
        if (cid.length != LENGTH) return false;
        bytes1 codec = cid[1];
        return cid[0] == 0x01 && (codec == 0x55 || codec == DAG_PB) && cid[2] == 0x12 && cid[3] == 0x20;
    }

    /// @notice Whether a CID that {isValid} can name a directory: its codec is dag-pb. A raw CID is a single file, so
    /// it cannot hold a video's manifest directory (`manifest.json`, playlists, segments).
    function isDagPb(bytes calldata cid) internal pure returns (bool) {
        return cid[1] == DAG_PB;
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IPlaylists} from "./interfaces/IPlaylists.sol";
import {CidV1} from "./libraries/CidV1.sol";

/// @title Playlists
/// @notice Who owns which published playlist, and the CID of its current document on IPFS. No owner, no admin, no
/// pause, no upgrade.
contract Playlists is IPlaylists {
    /// @inheritdoc IPlaylists
    bytes32 public constant CHANNEL_PLAYLISTS_KEY = keccak256("chorus.playlists.channel");

    uint256 private _playlistCount;
    mapping(uint256 playlistId => PlaylistView) private _playlists;
    mapping(uint256 playlistId => bytes cid) private _cids;

    /// @inheritdoc IPlaylists
    function create(bytes calldata cid) external returns (uint256 playlistId) {
        // Checks
        if (!CidV1.isValid(cid)) revert PlaylistsMalformedCid(cid);

        // Effects
        playlistId = ++_playlistCount;
        uint40 now_ = uint40(block.timestamp);
        _playlists[playlistId] = PlaylistView({owner: msg.sender, createdAt: now_, updatedAt: now_, removed: false});
        _cids[playlistId] = cid;
        emit PlaylistCreated(playlistId, msg.sender, cid, now_);
    }

    /// @inheritdoc IPlaylists
    function update(uint256 playlistId, bytes calldata cid) external {
        // Checks
        PlaylistView storage p = _ownedLive(playlistId);
        if (!CidV1.isValid(cid)) revert PlaylistsMalformedCid(cid);

        // Effects
        uint40 now_ = uint40(block.timestamp);
        p.updatedAt = now_;
        _cids[playlistId] = cid;
        emit PlaylistUpdated(playlistId, msg.sender, cid, now_);
    }

    /// @inheritdoc IPlaylists
    function remove(uint256 playlistId) external {
        PlaylistView storage p = _ownedLive(playlistId);
        p.removed = true;
        emit PlaylistRemoved(playlistId, msg.sender, uint40(block.timestamp));
    }

    /// @inheritdoc IPlaylists
    function playlist(uint256 playlistId) external view returns (PlaylistView memory) {
        return _playlist(playlistId);
    }

    /// @inheritdoc IPlaylists
    function cidOf(uint256 playlistId) external view returns (bytes memory) {
        _playlist(playlistId);
        return _cids[playlistId];
    }

    /// @inheritdoc IPlaylists
    function playlistCount() external view returns (uint256) {
        return _playlistCount;
    }

    /// @dev The caller's own playlist, not removed; reverts otherwise (unknown, not theirs, removed: in that order).
    function _ownedLive(uint256 playlistId) private view returns (PlaylistView storage p) {
        p = _playlist(playlistId);
        if (p.owner != msg.sender) revert PlaylistsNotOwner(playlistId, msg.sender);
        if (p.removed) revert PlaylistsRemoved(playlistId);
    }

    function _playlist(uint256 playlistId) private view returns (PlaylistView storage p) {
        p = _playlists[playlistId];
        if (p.owner == address(0)) revert PlaylistsUnknownPlaylist(playlistId);
    }
}

// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title IPlaylists
/// @notice Published playlists: a creator publishes an ordered list of videos that anyone can open, and keeps it up to
/// date. The list itself (title, description, the videos in order) is a JSON document on IPFS (`chorus.playlist/1`,
/// `playlistDocumentSchema` in the protocol workspace); the chain records who owns each playlist and the CID of its
/// current document. Publishing, updating and removing are the owner's transactions, so the owner's signature on them
/// is what makes a document theirs: no separate signed document is needed.
/// @dev The CID is a 36-byte binary CIDv1 (sha2-256), codec raw (`0x55`: the JSON document as one block, which is what
/// a small document added with `--cid-version=1 --raw-leaves` is) or dag-pb (`0x70`: a larger one); see {CidV1}. An
/// owner is an account. Removing ends the playlist's record here; a node that kept the document still has its bytes.
///
/// A community channel's playlists are not recorded here: they are a Channels setting, voted like any other change
/// (`IChannels.proposeSetting(channelId, CHANNEL_PLAYLISTS_KEY, value)`, applied by `SettingChanged`, read with
/// `IChannels.setting`). The value is the binary CIDv1 of one JSON document listing all the channel's playlists in
/// order (`chorus.channel-playlists/1`, `channelPlaylistsDocumentSchema` in the protocol workspace; each playlist a
/// title, a description and its videos in order, as in `chorus.playlist/1`). A vote replaces the whole list; an empty
/// value removes it. The channel's vote is what makes the document the channel's, as an owner's transaction does here.
/// Nothing on chain reads the value, so nothing on chain checks it: readers treat a value that is not a CID as above
/// ({CidV1}), or a CID whose document is not a channel playlists document, as no playlists, never as an error.
interface IPlaylists {
    /// @notice A playlist as stored (its CID is in the events and in {cidOf}).
    struct PlaylistView {
        address owner;
        uint40 createdAt;
        uint40 updatedAt;
        bool removed;
    }

    /// @notice Emitted when `owner` publishes a playlist.
    /// @param playlistId The playlist's id: 1 for the first playlist, then consecutive.
    /// @param owner The account that published it, the only one that may update or remove it.
    /// @param cid The binary CIDv1 of its document.
    /// @param createdAt The block timestamp at publishing.
    event PlaylistCreated(uint256 indexed playlistId, address indexed owner, bytes cid, uint40 createdAt);

    /// @notice Emitted when the owner points a playlist at a new document (new order, new videos, new title).
    /// @param playlistId The playlist's id.
    /// @param owner Its owner, who sent the update.
    /// @param cid The binary CIDv1 of its new document.
    /// @param updatedAt The block timestamp of the update.
    event PlaylistUpdated(uint256 indexed playlistId, address indexed owner, bytes cid, uint40 updatedAt);

    /// @notice Emitted when the owner removes a playlist. Its id is never used again.
    /// @param playlistId The playlist's id.
    /// @param owner Its owner, who removed it.
    /// @param removedAt The block timestamp of the removal.
    event PlaylistRemoved(uint256 indexed playlistId, address indexed owner, uint40 removedAt);

    /// @notice Thrown when the CID is not a binary CIDv1 with a raw or dag-pb codec and a sha2-256 multihash.
    error PlaylistsMalformedCid(bytes cid);

    /// @notice Thrown when a playlist id has never been published.
    error PlaylistsUnknownPlaylist(uint256 playlistId);

    /// @notice Thrown when someone other than its owner updates or removes a playlist.
    error PlaylistsNotOwner(uint256 playlistId, address caller);

    /// @notice Thrown when updating or removing a playlist that has been removed.
    error PlaylistsRemoved(uint256 playlistId);

    /// @notice The Channels setting key of a community channel's playlists: `keccak256("chorus.playlists.channel")`.
    /// Its value is the binary CIDv1 of the channel's `chorus.channel-playlists/1` document, or empty for none.
    function CHANNEL_PLAYLISTS_KEY() external view returns (bytes32);

    /// @notice Publishes a playlist owned by the caller.
    /// @dev Requirements: `cid` is a well-formed CIDv1 ({PlaylistsMalformedCid}).
    /// @return playlistId The new playlist's id.
    function create(bytes calldata cid) external returns (uint256 playlistId);

    /// @notice Points the caller's playlist at a new document.
    /// @dev Requirements: the playlist exists ({PlaylistsUnknownPlaylist}), the caller owns it ({PlaylistsNotOwner}),
    /// it has not been removed ({PlaylistsRemoved}), and `cid` is a well-formed CIDv1 ({PlaylistsMalformedCid}).
    function update(uint256 playlistId, bytes calldata cid) external;

    /// @notice Removes the caller's playlist. The record stays, marked removed; it can no longer be updated.
    /// @dev Requirements: the playlist exists ({PlaylistsUnknownPlaylist}), the caller owns it ({PlaylistsNotOwner}),
    /// and it has not been removed already ({PlaylistsRemoved}).
    function remove(uint256 playlistId) external;

    /// @notice A playlist. Reverts with {PlaylistsUnknownPlaylist} for an id never published.
    function playlist(uint256 playlistId) external view returns (PlaylistView memory);

    /// @notice The CID of a playlist's current document (its last one, if removed). Reverts with
    /// {PlaylistsUnknownPlaylist} for an id never published.
    function cidOf(uint256 playlistId) external view returns (bytes memory);

    /// @notice The number of playlists published; ids run from 1 to this number.
    function playlistCount() external view returns (uint256);
}

// Seeded bugs in contracts/Playlists.sol for `npm run mutate`. Playlists holds no money and counts no votes, so none is
// guarded and it has no invariant suite; its unit tests (test/contracts/Playlists.t.sol) must kill them.
import type { Mutant } from "./types.ts";

const file = "contracts/Playlists.sol";

export const mutants: Mutant[] = [
  {
    id: "playlists/anyone-edits",
    file,
    find: "        if (p.owner != msg.sender) revert PlaylistsNotOwner(playlistId, msg.sender);\n",
    replace: "",
    kind: "line-dropped",
    guarded: false,
    why: "Anyone could rewrite or take down anyone's published playlist.",
  },
  {
    id: "playlists/removed-still-editable",
    file,
    find: "        if (p.removed) revert PlaylistsRemoved(playlistId);\n",
    replace: "",
    kind: "line-dropped",
    guarded: false,
    why: "A removed playlist could be updated again and point at a new document nobody lists.",
  },
  {
    id: "playlists/remove-not-recorded",
    file,
    find: "        p.removed = true;\n",
    replace: "",
    kind: "line-dropped",
    guarded: false,
    why: "Removing a playlist would emit the event but leave it live on-chain.",
  },
  {
    id: "playlists/update-keeps-the-old-cid",
    file,
    find: "        p.updatedAt = now_;\n        _cids[playlistId] = cid;\n",
    replace: "        p.updatedAt = now_;\n",
    kind: "line-dropped",
    guarded: false,
    why: "An update would be announced but readers of the contract would still get the old order.",
  },
  {
    id: "playlists/malformed-cid-accepted",
    file,
    find: "        // Checks\n        if (!CidV1.isValid(cid)) revert PlaylistsMalformedCid(cid);\n",
    replace: "        // Checks\n",
    kind: "line-dropped",
    guarded: false,
    why: "A playlist could be created pointing at bytes that are not a CID, and no reader could fetch it.",
  },
  {
    id: "playlists/ids-repeat",
    file,
    find: "        playlistId = ++_playlistCount;",
    replace: "        playlistId = _playlistCount + 1;",
    kind: "wrong-value",
    guarded: false,
    why: "Every new playlist would get id 1 and overwrite the first one.",
  },
  {
    id: "playlists/unknown-reads-as-empty",
    file,
    find: "        if (p.owner == address(0)) revert PlaylistsUnknownPlaylist(playlistId);\n",
    replace: "",
    kind: "line-dropped",
    guarded: false,
    why: "Reading a playlist that doesn't exist would answer an empty one instead of saying so.",
  },
];

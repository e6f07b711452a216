// Seeded bugs in contracts/Videos.sol for `npm run mutate`. Videos holds no money and counts no votes, so none is
// guarded: the unit and fuzz tests (test/contracts/Videos.ts, Videos.t.sol) kill them.
import type { Mutant } from "./types.ts";

const file = "contracts/Videos.sol";

export const mutants: Mutant[] = [
  {
    id: "videos/file-cid-accepted",
    file,
    find: "        if (!CidV1.isDagPb(manifestCid)) revert VideosNotADirectory(manifestCid);\n",
    replace: "",
    kind: "line-dropped",
    guarded: false,
    why: "A video named by a single file's CID would be recorded, and no player could find its manifest.",
  },
  {
    id: "videos/malformed-cid-accepted",
    file,
    find: "        if (!CidV1.isValid(manifestCid)) revert VideosMalformedCid(manifestCid);\n",
    replace: "",
    kind: "line-dropped",
    guarded: false,
    why: "Garbage would be recorded as a video forever, with no CID a client could fetch.",
  },
  {
    id: "videos/empty-cid-check-inverted",
    file,
    find: "        if (manifestCid.length == 0) revert VideosEmptyCid();",
    replace: "        if (manifestCid.length != 0) revert VideosEmptyCid();",
    kind: "branch-inverted",
    guarded: false,
    why: "Nobody could publish a video.",
  },
  {
    id: "videos/id-not-advanced",
    file,
    find: "        videoId = ++_videoCount;",
    replace: "        videoId = _videoCount + 1;",
    kind: "off-by-one",
    guarded: false,
    why: "Every video would get id 1 and overwrite the previous record.",
  },
  {
    id: "videos/creator-not-recorded",
    file,
    find: "Video({creator: msg.sender, manifestHash: keccak256(manifestCid)});",
    replace: "Video({creator: address(0), manifestHash: keccak256(manifestCid)});",
    kind: "wrong-value",
    guarded: false,
    why: "A video would belong to nobody and its record would read as unknown.",
  },
  {
    id: "videos/publish-reverts-after-the-first",
    file,
    find: "        emit VideoPublished(videoId, msg.sender, manifestCid);",
    replace:
      "        if (videoId > 1) revert VideosUnknownVideo(videoId);\n        emit VideoPublished(videoId, msg.sender, manifestCid);",
    kind: "revert-added",
    guarded: false,
    why: "Only the first video ever could be published.",
  },
  {
    id: "videos/unknown-video-reads-as-zero",
    file,
    find: "        if (video.creator == address(0)) revert VideosUnknownVideo(videoId);\n",
    replace: "",
    kind: "line-dropped",
    guarded: false,
    why: "Clients would read ids never published as videos by the zero address.",
  },
];

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { archivePath, findPeerTubeJson, matchPeerTube, parsePeerTubeVideos } from "../src/lib/peertube";
import type { PickedFile } from "../src/lib/takeout";

const exec = promisify(execFile);

/**
 * A PeerTube user export as PeerTube 6+ writes it (server/core/lib/user-import-export: `peertube/videos.json`, the
 * files under `files/videos/video-files/<uuid>.<ext>`, named in videos.json relative to it), unzipped into a folder
 * that the test builds, with a real clip made by ffmpeg; the folder is then read as a browser's folder picker gives it
 * (name, size, path from the picked folder).
 */
describe("a PeerTube export", () => {
  let tmp: string;
  let picked: PickedFile[];
  const uuids = {
    talk: "0b6b3c31-8f1c-4c6f-9c51-1a1f7f0b0a01",
    unlisted: "0b6b3c31-8f1c-4c6f-9c51-1a1f7f0b0a02",
    gone: "0b6b3c31-8f1c-4c6f-9c51-1a1f7f0b0a03",
    live: "0b6b3c31-8f1c-4c6f-9c51-1a1f7f0b0a04",
  };
  const video = (uuid: string, fields: Record<string, unknown>) => ({
    uuid,
    createdAt: "2024-03-01T10:00:00.000Z",
    updatedAt: "2024-03-02T10:00:00.000Z",
    publishedAt: "2024-03-01T12:00:00.000Z",
    category: 15,
    licence: 1,
    language: "en",
    tags: [],
    privacy: 1,
    passwords: [],
    duration: 2,
    description: null,
    support: null,
    isLive: false,
    url: `https://peertube.example/videos/watch/${uuid}`,
    views: 12,
    likes: 1,
    dislikes: 0,
    nsfw: false,
    channel: { name: "my_channel" },
    captions: [],
    chapters: [],
    files: [],
    streamingPlaylists: [],
    source: null,
    archiveFiles: { videoFile: `../files/videos/video-files/${uuid}.mp4`, thumbnail: null, captions: {} },
    ...fields,
  });

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-peertube-"));
    const root = path.join(tmp, "peertube-export-user-42");
    await mkdir(path.join(root, "peertube"), { recursive: true });
    await mkdir(path.join(root, "files", "videos", "video-files"), { recursive: true });
    await mkdir(path.join(root, "files", "videos", "thumbnails"), { recursive: true });
    const clip = path.join(root, "files", "videos", "video-files", `${uuids.talk}.mp4`);
    await exec("ffmpeg", [
      ...["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=160x90:rate=15:duration=1"],
      ...["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", clip],
    ]);
    await writeFile(path.join(root, "files", "videos", "video-files", `${uuids.unlisted}.mp4`), await readFile(clip));
    await writeFile(path.join(root, "files", "videos", "thumbnails", `${uuids.talk}.jpg`), "not a video");
    await writeFile(
      path.join(root, "peertube", "videos.json"),
      JSON.stringify({
        videos: [
          video(uuids.talk, {
            name: "Fediverse talk, part 1",
            description: "Slides: https://example.org/slides\r\nThanks!",
            tags: ["Fediverse", "talk", "x".repeat(200), 7],
            originallyPublishedAt: "2019-06-01T08:00:00.000Z",
          }),
          video(uuids.unlisted, { name: "Rough cut", privacy: 2 }),
          video(uuids.gone, { name: "Its file didn't make it" }),
          video(uuids.live, { name: "Permanent live", isLive: true, archiveFiles: { videoFile: null } }),
          video("no-name", { name: "" }),
        ],
      }),
    );
    picked = [];
    const walk = async (dir: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else
          picked.push({
            name: entry.name,
            size: (await stat(full)).size,
            type: entry.name.endsWith(".mp4") ? "video/mp4" : "",
            webkitRelativePath: path.relative(tmp, full).split(path.sep).join("/"),
          });
      }
    };
    await walk(root);
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it("finds videos.json and carries titles, descriptions, dates, tags and privacy over; skips what can't be published", async () => {
    const json = findPeerTubeJson(picked);
    assert.equal(json?.webkitRelativePath, "peertube-export-user-42/peertube/videos.json");
    const { rows, warnings } = parsePeerTubeVideos(await readFile(path.join(tmp, json!.webkitRelativePath), "utf8"));
    assert.deepEqual(
      rows.map((r) => [r.title, r.privacy, r.videoFile]),
      [
        ["Fediverse talk, part 1", "public", `files/videos/video-files/${uuids.talk}.mp4`],
        ["Rough cut", "unlisted", `files/videos/video-files/${uuids.unlisted}.mp4`],
        ["Its file didn't make it", "public", `files/videos/video-files/${uuids.gone}.mp4`],
      ],
    );
    const [talk] = rows;
    assert.equal(talk!.description, "Slides: https://example.org/slides\nThanks!");
    assert.equal(talk!.publishedAt, "2019-06-01T08:00:00.000Z", "originallyPublishedAt wins over publishedAt");
    assert.equal(rows[1]!.publishedAt, "2024-03-01T12:00:00.000Z", "else the PeerTube publication date");
    assert.deepEqual(talk!.tags, ["fediverse", "talk"], "normalised; too long and non-text tags dropped");
    assert.equal(talk!.videoId, uuids.talk);
    assert.deepEqual(warnings, [
      "1 entry of videos.json without a name was skipped.",
      "1 permanent live without a recording was skipped: there is no file to publish.",
    ]);

    const { items, missingFiles } = matchPeerTube(picked, rows);
    assert.deepEqual(
      items.map((i) => [i.file.webkitRelativePath, i.title, i.selected]),
      [
        [`peertube-export-user-42/files/videos/video-files/${uuids.talk}.mp4`, "Fediverse talk, part 1", true],
        [`peertube-export-user-42/files/videos/video-files/${uuids.unlisted}.mp4`, "Rough cut", false],
      ],
      "unlisted waits to be ticked",
    );
    assert.ok(items[0]!.file.size > 1000, "the real clip");
    assert.deepEqual(
      missingFiles.map((r) => r.title),
      ["Its file didn't make it"],
    );
  });

  it("matches files picked one by one by their names, and maps every privacy", () => {
    const rows = parsePeerTubeVideos(
      JSON.stringify({
        videos: [1, 2, 3, 4, 5, 99].map((privacy, i) =>
          video(`u${i}`, {
            name: `V${i}`,
            privacy,
            archiveFiles: { videoFile: `../files/videos/video-files/u${i}.webm` },
          }),
        ),
      }),
    ).rows;
    assert.deepEqual(
      rows.map((r) => r.privacy),
      ["public", "unlisted", "private", "private", "private", "private"],
      "internal and password-protected aren't public either",
    );
    const loose = [{ name: "u1.webm", size: 5, type: "video/webm", webkitRelativePath: "" }];
    const { items } = matchPeerTube(loose, rows);
    assert.deepEqual(
      items.map((i) => i.title),
      ["V1"],
    );
    const json = { name: "videos.json", size: 2, type: "application/json", webkitRelativePath: "" };
    assert.equal(findPeerTubeJson([...loose, json]), json);
  });

  it("resolves archive paths against peertube/ and refuses ones leaving the archive", () => {
    assert.equal(archivePath("../files/videos/video-files/a.mp4"), "files/videos/video-files/a.mp4");
    assert.equal(archivePath("./x/../y.mp4"), "peertube/y.mp4");
    assert.equal(archivePath("../../etc/passwd"), null);
  });

  it("says what is wrong with a file that isn't a PeerTube videos.json", () => {
    assert.throws(() => parsePeerTubeVideos("{nope"), /isn't JSON/);
    assert.throws(() => parsePeerTubeVideos('{"channels": []}'), /no "videos" list/);
    assert.deepEqual(parsePeerTubeVideos('{"videos": ["junk", null]}').warnings, [
      "2 entries of videos.json without a name were skipped.",
    ]);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { channelMetadataSchema, playlistDocumentSchema, videoManifestSchema } from "../src/index.ts";

/** As the worker writes it today. */
const current = {
  schema: "chorus.video/1",
  title: "Night walk",
  description: "Through the old town.",
  durationSeconds: 12.5,
  width: 1280,
  height: 720,
  master: "master.m3u8",
  thumbnail: "thumbnail.jpg",
  previews: { vtt: "previews.vtt", image: "previews.jpg" },
  segmentSeconds: 4,
  renditions: [
    {
      name: "720p",
      width: 1280,
      height: 720,
      bandwidth: 2_800_000,
      codecs: "avc1.64001f,mp4a.40.2",
      playlist: "720p/index.m3u8",
    },
  ],
  source: {
    filename: "walk.mov",
    bytes: 1234,
    container: "mov,mp4,m4a,3gp,3g2,mj2",
    videoCodec: "h264",
    audioCodec: null,
  },
  createdAt: "2026-12-01T10:00:00.000Z",
};

describe("video manifest (chorus.video/1)", () => {
  it("reads a current manifest as it is", () => {
    assert.deepEqual(videoManifestSchema.parse(current), current);
  });

  it("reads an early manifest that lacks the fields added since (codecs, segmentSeconds, source, previews, description)", () => {
    const { description: _d, previews: _p, segmentSeconds: _s, source: _src, thumbnail: _t, ...early } = current;
    const parsed = videoManifestSchema.parse({
      ...early,
      renditions: [{ name: "240p", width: 426, height: 240, bandwidth: 400_000, playlist: "240p/index.m3u8" }],
    });
    assert.equal(parsed.description, "");
    assert.equal(parsed.previews, undefined);
    assert.equal(parsed.renditions[0]?.codecs, undefined);
  });

  it("drops malformed seek previews instead of refusing the video", () => {
    const parsed = videoManifestSchema.parse({ ...current, previews: { vtt: 7 } });
    assert.equal(parsed.previews, undefined);
    assert.equal(parsed.title, current.title);
  });

  it("keeps an imported video's originallyPublishedAt and drops one that is no date", () => {
    const imported = { ...current, originallyPublishedAt: "2019-05-17T09:30:00.000Z" };
    assert.deepEqual(videoManifestSchema.parse(imported), imported);
    const parsed = videoManifestSchema.parse({ ...current, originallyPublishedAt: "last spring" });
    assert.equal(parsed.originallyPublishedAt, undefined);
    assert.equal(parsed.title, current.title);
    assert.equal(videoManifestSchema.parse({ ...current, originallyPublishedAt: 5 }).originallyPublishedAt, undefined);
  });

  it("refuses other schemas, missing playback fields and oversized titles", () => {
    assert.equal(videoManifestSchema.safeParse({ ...current, schema: "chorus.video/2" }).success, false);
    const { master: _m, ...noMaster } = current;
    assert.equal(videoManifestSchema.safeParse(noMaster).success, false);
    assert.equal(videoManifestSchema.safeParse({ ...current, title: "x".repeat(201) }).success, false);
    assert.equal(videoManifestSchema.safeParse({ ...current, width: 0 }).success, false);
  });
});

describe("channel metadata (chorus.channel/1)", () => {
  it("reads what the web app writes, and older documents without avatar or description", () => {
    const written = { schema: "chorus.channel/1", name: "Night owls", description: "Films after dark", avatar: null };
    assert.deepEqual(channelMetadataSchema.parse(written), written);
    assert.deepEqual(channelMetadataSchema.parse({ schema: "chorus.channel/1", name: "Owls" }), {
      schema: "chorus.channel/1",
      name: "Owls",
      description: "",
    });
  });

  it("counts characters as people see them: 100 emoji make a valid name, 101 do not", () => {
    assert.equal(channelMetadataSchema.safeParse({ schema: "chorus.channel/1", name: "🦉".repeat(100) }).success, true);
    assert.equal(
      channelMetadataSchema.safeParse({ schema: "chorus.channel/1", name: "🦉".repeat(101) }).success,
      false,
    );
    assert.equal(channelMetadataSchema.safeParse({ schema: "chorus.channel/1", name: "" }).success, false);
  });
});

describe("playlist document (chorus.playlist/1)", () => {
  const playlist = {
    schema: "chorus.playlist/1",
    title: "Old town walks",
    description: "",
    entries: [
      { videoId: "3", title: "Night walk", manifestCid: "bafy-dir", thumbnail: "thumbnail.jpg" },
      { videoId: "ch2-5", title: "Market day" },
    ],
  };

  it("reads a playlist as the web app writes it, in its order", () => {
    assert.deepEqual(playlistDocumentSchema.parse(playlist), playlist);
  });

  it("refuses a document without a title, with a video twice, or with an entry that isn't a video id", () => {
    assert.equal(playlistDocumentSchema.safeParse({ ...playlist, title: "" }).success, false);
    const twice = { ...playlist, entries: [...playlist.entries, { videoId: "3", title: "again" }] };
    assert.equal(playlistDocumentSchema.safeParse(twice).success, false);
    const bad = { ...playlist, entries: [{ videoId: "../etc", title: "x" }] };
    assert.equal(playlistDocumentSchema.safeParse(bad).success, false);
    assert.equal(playlistDocumentSchema.safeParse({ ...playlist, schema: "chorus.playlists/1" }).success, false);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findTakeoutFiles, matchTakeout, parseTimestamp, parseVideosCsv, type PickedFile } from "../src/lib/takeout";
import { batchProgress, importDetails, itemFraction, type ItemRun } from "../src/lib/takeout-batch";
import { jobSchema } from "../src/lib/worker";

const HEADER =
  "Video ID,Approx Duration (ms),Video Audio Language,Video Category,Video Description (Original),Channel ID,Video Title (Original),Privacy,Video State,Video Create Timestamp,Video Publish Timestamp";

const file = (path: string, size = 1000, type = ""): PickedFile => ({
  name: path.replace(/^.*\//, ""),
  size,
  type,
  webkitRelativePath: path,
});

describe("parseVideosCsv", () => {
  it("reads a current Takeout videos.csv: quoted commas, doubled quotes, multi-line descriptions, CRLF", () => {
    const csv = [
      HEADER,
      'abcDEF12345,61000,en,Education,"Line one, with a comma\r\nLine two says ""hi""\r\n\r\nLine four",UC1,"Noodles, the right way",Public,Processed,2021-03-04T12:34:56+00:00,2021-03-05T08:00:00+00:00',
      "zzzYYY98765,5000,,,,UC1,Second clip,Private,Processed,2022-01-02T03:04:05+00:00,",
    ].join("\r\n");
    const { rows, warnings } = parseVideosCsv(`\uFEFF${csv}\r\n`);
    assert.deepEqual(warnings, []);
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0], {
      videoId: "abcDEF12345",
      title: "Noodles, the right way",
      description: 'Line one, with a comma\nLine two says "hi"\n\nLine four',
      publishedAt: "2021-03-05T08:00:00.000Z",
      privacy: "public",
      tags: [],
    });
    assert.equal(rows[1]!.publishedAt, "2022-01-02T03:04:05.000Z", "no publish time: the create time");
    assert.equal(rows[1]!.privacy, "private");
    assert.equal(rows[1]!.description, "");
  });

  it("tolerates an older export: other column names, missing columns, tags, a UTC suffix", () => {
    const { rows, warnings } = parseVideosCsv(
      'video_id,title,tags,publish date\nid1,"Old one","Cooking; Lo Fi;#noodles",2015-06-01 10:00:00 UTC\n',
    );
    assert.deepEqual(rows, [
      {
        videoId: "id1",
        title: "Old one",
        description: "",
        publishedAt: "2015-06-01T10:00:00.000Z",
        privacy: null,
        tags: ["cooking", "lo-fi", "noodles"],
      },
    ]);
    assert.deepEqual(warnings, [
      "videos.csv has no description column: descriptions stay empty.",
      "videos.csv has no privacy column: every video is ticked.",
    ]);
  });

  it("skips rows without a title and says so; refuses a CSV with no title column", () => {
    const { rows, warnings } = parseVideosCsv("Video Title (Original),Privacy\n,Public\nKept,Public\n");
    assert.deepEqual(
      rows.map((r) => r.title),
      ["Kept"],
    );
    assert.ok(warnings.includes("1 row without a title was skipped."));
    assert.throws(() => parseVideosCsv("Playlist ID,Playlist Title\n1,x\n"), /no title column.*Playlist ID/);
  });

  it("keeps a title on one line within 100 characters", () => {
    const { rows } = parseVideosCsv(`title\n"a\nb${"x".repeat(200)}"\n`);
    assert.equal(rows[0]!.title.startsWith("a b"), true);
    assert.equal([...rows[0]!.title].length, 100);
  });
});

describe("parseTimestamp", () => {
  it("accepts ISO with a zone, a bare date and Takeout's older form; refuses the rest and the future", () => {
    assert.equal(parseTimestamp("2021-03-04T13:34:56+01:00"), "2021-03-04T12:34:56.000Z");
    assert.equal(parseTimestamp("2021-03-04"), "2021-03-04T00:00:00.000Z");
    assert.equal(parseTimestamp("2021-03-04 12:00:00 UTC"), "2021-03-04T12:00:00.000Z");
    assert.equal(parseTimestamp("yesterday"), null);
    assert.equal(parseTimestamp(""), null);
    assert.equal(parseTimestamp("2999-01-01T00:00:00Z"), null);
  });
});

describe("findTakeoutFiles", () => {
  it("picks video metadata/videos.csv over other CSVs and lists the videos by path", () => {
    const files = [
      file("Takeout/YouTube and YouTube Music/videos/b.mp4", 10, "video/mp4"),
      file("Takeout/YouTube and YouTube Music/playlists/playlists.csv"),
      file("Takeout/YouTube and YouTube Music/video metadata/videos.csv"),
      file("Takeout/YouTube and YouTube Music/videos/a.mov"),
      file("Takeout/archive_browser.html", 10, "text/html"),
    ];
    const { csv, videos } = findTakeoutFiles(files);
    assert.equal(csv?.webkitRelativePath, "Takeout/YouTube and YouTube Music/video metadata/videos.csv");
    assert.deepEqual(
      videos.map((v) => v.name),
      ["a.mov", "b.mp4"],
    );
    assert.equal(findTakeoutFiles([file("x.mp4")]).csv, null, "no CSV");
  });
});

describe("matchTakeout", () => {
  const { rows } = parseVideosCsv(
    [
      HEADER,
      'id000000001,1,,,"First desc",UC,"What? A ""quoted"": title/with slash",Public,,,2020-01-01T00:00:00Z',
      "id000000002,1,,,,UC,Same name,Unlisted,,,2020-01-02T00:00:00Z",
      "id000000003,1,,,,UC,Same name,Public,,,2020-01-03T00:00:00Z",
      "id000000004,1,,,,UC,A very long title that Takeout shortened in the file name,Public,,,2020-01-04T00:00:00Z",
      "id000000005,1,,,,UC,No file for me,Public,,,2020-01-05T00:00:00Z",
    ].join("\n"),
  );

  it("pairs files with rows by title despite the characters file names lose, in order for equal titles", () => {
    const { items, missingFiles } = matchTakeout(
      [
        file("videos/What A quoted title_with slash.mp4"),
        file("videos/Same name.mp4"),
        file("videos/Same name(1).mp4"),
        file("videos/A very long title that Takeout.mp4"),
        file("videos/holiday_clip.mp4"),
      ],
      rows,
    );
    assert.deepEqual(
      items.map((i) => [i.title, i.matched, i.selected, i.publishedAt]),
      [
        ['What? A "quoted": title/with slash', true, true, "2020-01-01T00:00:00.000Z"],
        ["Same name", true, false, "2020-01-02T00:00:00.000Z"],
        ["Same name", true, true, "2020-01-03T00:00:00.000Z"],
        ["A very long title that Takeout shortened in the file name", true, true, "2020-01-04T00:00:00.000Z"],
        ["holiday clip", false, true, null],
      ],
    );
    assert.equal(items[0]!.description, "First desc");
    assert.equal(items[1]!.privacy, "unlisted", "unlisted: unticked and labelled");
    assert.deepEqual(
      missingFiles.map((r) => r.title),
      ["No file for me"],
    );
  });

  it("matches by the video ID in a file name before the title", () => {
    const { items } = matchTakeout([file("videos/Same name [id000000003].mp4")], rows);
    assert.equal(items[0]!.publishedAt, "2020-01-03T00:00:00.000Z");
  });

  it("without a CSV every file is imported under its file name", () => {
    const { items, missingFiles } = matchTakeout([file("videos/My_trip.mp4")], []);
    assert.deepEqual(
      items.map((i) => [i.title, i.matched, i.selected]),
      [["My trip", false, true]],
    );
    assert.deepEqual(missingFiles, []);
  });
});

describe("batch progress", () => {
  const job = jobSchema.parse({
    id: "j",
    filename: "a.mp4",
    bytes: 10,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    status: "transcoding",
    stage: "Transcoding 240p",
    progress: 0.5,
  });

  it("counts finished and failed videos and moves the bar through upload, the worker and the transaction", () => {
    const runs: ItemRun[] = [
      { step: "done", job, tx: { step: "idle" }, videoId: "1" },
      { step: "failed", error: "The worker answered 413." },
      { step: "uploading", loaded: 50, total: 100 },
      { step: "waiting" },
    ];
    const progress = batchProgress(runs);
    assert.deepEqual({ ...progress, fraction: undefined }, { total: 4, done: 1, failed: 1, fraction: undefined });
    assert.equal(progress.fraction, (1 + 1 + 0.15) / 4);
    const processing = itemFraction({ step: "processing", job });
    assert.ok(processing > 0.3 && processing < 0.9, `processing at ${processing}`);
    assert.ok(Math.abs(itemFraction({ step: "publishing", job }) - 0.9) < 1e-9);
    assert.equal(batchProgress([]).fraction, 0);
  });

  it("sends the date and tags only when there are some", () => {
    assert.deepEqual(importDetails({ title: "t", description: "", tags: [], publishedAt: null }), {
      title: "t",
      description: "",
    });
    assert.deepEqual(
      importDetails({ title: "t", description: "d", tags: ["a"], publishedAt: "2020-01-01T00:00:00.000Z" }),
      {
        title: "t",
        description: "d",
        tags: ["a"],
        originallyPublishedAt: "2020-01-01T00:00:00.000Z",
      },
    );
  });
});

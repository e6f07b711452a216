"use client";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { useConfig } from "wagmi";
import {
  captionBytes,
  captionError,
  IMAGE_TYPES,
  imageProblem,
  LIFETIME_CHOICES,
  MAX_CAPTION_BYTES,
  sniffImage,
  DEFAULT_LIFETIME,
  MAX_VIDEO_SECONDS,
  storyVideoTitle,
  videoProblem,
} from "@/lib/stories";
import { cancelJob, getJob, rejectNonVideo, rejectTooBig, sendDetails, uploadFile, workerStatus } from "@/lib/worker";
import { useHydrated } from "@/lib/use-hydrated";
import { postStoryPlan, type Posted } from "@/tx/storyTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TxStatus, Waiting } from "../TxStatus";
import { useWallet, WalletGate } from "../WalletGate";
import { EXPIRY_NOTE } from "./StoryViewer";
import styles from "./Stories.module.css";

type Kind = "picture" | "video";
type Picked = { kind: Kind; file: File; preview: string; problem: string | null };
type Storing = { step: "idle" } | { step: "storing"; text: string } | { step: "failed"; message: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Post a story: a picture (checked by its first bytes and size here, and again by the server) or a short video (at
 * most MAX_VIDEO_SECONDS, transcoded by the worker as an upload is, its length checked from the worker's probe here
 * and again by the server), a caption (its byte
 * count shown as it is typed: the contract counts UTF-8 bytes), a lifetime (24 h by default, 1 h to 7 d). *Post*
 * stores the picture on IPFS through this app's server (/api/stories/media; never the IPFS RPC from the browser) — or
 * uploads the video to the worker, waits until it is published and has the server check it (/api/stories/video) —
 * then asks for one signature of `Stories.post(cid, caption, lifetime)`: signing → pending → confirmed → indexed.
 */
export function PostStory() {
  const hydrated = useHydrated();
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  const { address } = useWallet();
  const { tx, start, reset, busy } = useContractTx<Posted>();
  const [kind, setKind] = useState<Kind>("picture");
  const [picked, setPicked] = useState<Picked | null>(null);
  const [caption, setCaption] = useState("");
  const [lifetime, setLifetime] = useState<number>(DEFAULT_LIFETIME);
  const [storing, setStoring] = useState<Storing>({ step: "idle" });
  const ids = { file: useId(), caption: useId(), lifetime: useId(), kind: useId() };

  useEffect(() => () => (picked ? URL.revokeObjectURL(picked.preview) : undefined), [picked]);

  const pick = async (file: File | undefined) => {
    reset();
    setStoring({ step: "idle" });
    if (!file) return setPicked(null);
    if (kind === "video") {
      // A story video goes through the worker too: one bigger than it accepts is refused before a byte is sent.
      const problem =
        rejectNonVideo(file) ?? (await workerLimit(config.workerUrl).then((max) => rejectTooBig(file, max)));
      return setPicked({ kind, file, preview: URL.createObjectURL(file), problem });
    }
    const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
    setPicked({ kind, file, preview: URL.createObjectURL(file), problem: imageProblem(file, sniffImage(head)) });
  };

  const tooLong = captionError(caption);
  const posted = tx.step === "indexed" ? tx.result : null;
  const canPost = hydrated && picked !== null && !picked.problem && !tooLong && !busy && storing.step !== "storing";

  const post = async () => {
    if (!picked || !address) return;
    const what = picked.kind === "video" ? "video" : "picture";
    setStoring({ step: "storing", text: `Storing the ${what} on IPFS…` });
    let cid: string;
    try {
      cid =
        picked.kind === "video"
          ? await storeVideo(picked.file, address, config.workerUrl, caption, (text) =>
              setStoring({ step: "storing", text }),
            )
          : await storePicture(picked.file, address);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setStoring({
        step: "failed",
        message: /fetch|network/i.test(message)
          ? `Couldn't reach this web app's server to store the ${what}. Check your connection and try again.`
          : `The ${what} wasn't stored, so nothing was posted: ${message}`,
      });
      return;
    }
    setStoring({ step: "idle" });
    await start(postStoryPlan(wagmiConfig, config, { cid, caption, lifetime }));
  };

  return (
    <form
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        if (canPost) void post();
      }}
    >
      <fieldset className={styles.kinds} disabled={busy || posted !== null || storing.step === "storing"}>
        <legend>Post</legend>
        {(["picture", "video"] as const).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name={ids.kind}
              value={k}
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setPicked(null);
              }}
              data-testid={`story-kind-${k}`}
            />{" "}
            {k === "picture" ? "A picture" : `A short video (up to ${MAX_VIDEO_SECONDS} s)`}
          </label>
        ))}
      </fieldset>

      <div className="field">
        <label htmlFor={ids.file}>
          {kind === "picture"
            ? "Picture (PNG, JPEG, WebP or GIF, up to 5 MB)"
            : `Video (up to ${MAX_VIDEO_SECONDS} seconds; transcoded for streaming like an upload)`}
        </label>
        <input
          key={kind}
          id={ids.file}
          type="file"
          accept={kind === "picture" ? IMAGE_TYPES.join(",") : "video/*"}
          className="input"
          onChange={(event) => void pick(event.target.files?.[0])}
          disabled={busy || posted !== null}
          data-testid="story-file"
        />
        {picked?.problem ? (
          <span className="field-error" role="alert" data-testid="story-file-error">
            {picked.problem}
          </span>
        ) : null}
        {picked && !picked.problem ? (
          picked.kind === "video" ? (
            <video src={picked.preview} className={styles.preview} controls muted />
          ) : (
            // A plain <img> of the picked file (a blob: URL), before anything is stored.
            <img src={picked.preview} alt="Preview of your story" className={styles.preview} />
          )
        ) : null}
      </div>

      <div className="field">
        <label htmlFor={ids.caption}>Caption (optional)</label>
        <textarea
          id={ids.caption}
          className="input"
          rows={3}
          value={caption}
          onChange={(event) => setCaption(event.target.value)}
          readOnly={busy || posted !== null}
          aria-invalid={tooLong ? true : undefined}
          aria-describedby={`${ids.caption}-hint`}
          data-testid="story-caption-input"
        />
        <div className="field-hint" id={`${ids.caption}-hint`}>
          <span className={tooLong ? "field-error" : undefined} role={tooLong ? "alert" : undefined}>
            {tooLong ?? "Shown under the picture."}
          </span>
          <span className={tooLong ? "field-error" : undefined} data-testid="story-caption-count">
            {captionBytes(caption)}/{MAX_CAPTION_BYTES} bytes
          </span>
        </div>
      </div>

      <div className="field">
        <label htmlFor={ids.lifetime}>Expires after</label>
        <select
          id={ids.lifetime}
          className="input"
          value={lifetime}
          onChange={(event) => setLifetime(Number(event.target.value))}
          disabled={busy || posted !== null}
          data-testid="story-lifetime"
        >
          {LIFETIME_CHOICES.map((choice) => (
            <option key={choice.seconds} value={choice.seconds}>
              {choice.label}
            </option>
          ))}
        </select>
        <div className="field-hint">
          <span>
            After that the app stops showing it and the nodes that hold it for the story unpin it. {EXPIRY_NOTE}
          </span>
        </div>
      </div>

      <WalletGate purpose="post a story">
        <div className={styles.footer}>
          {posted ? (
            <Link href={`/creator/${posted.creator}`} className="btn btn-primary" data-testid="story-posted-link">
              See it on your page
            </Link>
          ) : (
            <button type="submit" className="btn btn-primary" disabled={!canPost} data-testid="post-story">
              Post story
            </button>
          )}
          {storing.step === "storing" ? (
            <div className="tx" data-tone="waiting" role="status" data-testid="story-storing">
              <Waiting>{storing.text}</Waiting>
            </div>
          ) : storing.step === "failed" ? (
            <div className="tx" data-tone="error" role="alert" data-testid="story-storing">
              {storing.message}
            </div>
          ) : null}
          <TxStatus
            tx={tx}
            testId="story-tx-status"
            confirmed={() => "waiting for the catalogue…"}
            indexed={() => (
              <>
                your story is up. <Link href="/">See it in the stories bar</Link>.
              </>
            )}
          />
        </div>
      </WalletGate>
    </form>
  );
}

/** The picture to IPFS through /api/stories/media; resolves with its CID. */
async function storePicture(file: File, creator: string): Promise<string> {
  const response = await fetch("/api/stories/media", {
    method: "POST",
    headers: { "content-type": file.type || "application/octet-stream", "x-story-creator": creator },
    body: file,
  });
  const body = (await response.json().catch(() => null)) as { cid?: string; error?: string } | null;
  if (!response.ok || !body?.cid) throw new Error(body?.error ?? `The server answered ${response.status}.`);
  return body.cid;
}

/**
 * The video through the worker, as an upload (its title is the caption's first line), checked for length as soon as
 * the worker has probed it (a longer one is cancelled there and then), then handed to /api/stories/video, which
 * checks the job again and has the node keep its directory for the story; resolves with the directory's CID.
 */
async function storeVideo(
  file: File,
  creator: string,
  workerUrl: string,
  caption: string,
  say: (text: string) => void,
): Promise<string> {
  const upload = uploadFile(workerUrl, file, (loaded, total) =>
    say(`Uploading the video… ${Math.floor((loaded / Math.max(1, total)) * 100)} %`),
  );
  let job = await upload.done;
  job = await sendDetails(workerUrl, job.id, { title: storyVideoTitle(caption), description: "" });
  for (;;) {
    const long = job.media ? videoProblem(job.media.durationSeconds) : null;
    if (long) {
      await cancelJob(workerUrl, job.id).catch(() => {});
      throw new Error(long);
    }
    if (job.status === "failed" || job.status === "cancelled")
      throw new Error(job.error?.message ?? `the worker ${job.status === "failed" ? "failed" : "cancelled"} it.`);
    if (job.status === "published" && job.manifestCid) break;
    say(`${job.stage}${job.progress > 0 ? ` — ${Math.floor(job.progress * 100)} %` : ""}`);
    await sleep(1000);
    job = await getJob(workerUrl, job.id);
  }
  say("Keeping the video for the story…");
  const response = await fetch("/api/stories/video", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jobId: job.id, creator }),
  });
  const body = (await response.json().catch(() => null)) as { cid?: string; error?: string } | null;
  if (!response.ok || !body?.cid) throw new Error(body?.error ?? `The server answered ${response.status}.`);
  return body.cid;
}

/** The largest upload the worker accepts, or null when it doesn't say or doesn't answer (then it refuses with 413). */
const workerLimit = (workerUrl: string) =>
  workerStatus(workerUrl).then((status) => (status.up ? status.maxUploadBytes : null));

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
} from "@/lib/stories";
import { useHydrated } from "@/lib/use-hydrated";
import { postStoryPlan, type Posted } from "@/tx/storyTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TxStatus, Waiting } from "../TxStatus";
import { useWallet, WalletGate } from "../WalletGate";
import { EXPIRY_NOTE } from "./StoryViewer";
import styles from "./Stories.module.css";

type Picked = { file: File; preview: string; problem: string | null };
type Storing = { step: "idle" } | { step: "storing" } | { step: "failed"; message: string };

/**
 * Post a story: a picture (checked by its first bytes and size here, and again by the server), a caption (its byte
 * count shown as it is typed: the contract counts UTF-8 bytes), a lifetime (24 h by default, 1 h to 7 d). *Post*
 * stores the picture on IPFS through this app's server (/api/stories/media; never the IPFS RPC from the browser),
 * then asks for one signature of `Stories.post(cid, caption, lifetime)`: signing → pending → confirmed → indexed.
 */
export function PostStory() {
  const hydrated = useHydrated();
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  const { address } = useWallet();
  const { tx, start, reset, busy } = useContractTx<Posted>();
  const [picked, setPicked] = useState<Picked | null>(null);
  const [caption, setCaption] = useState("");
  const [lifetime, setLifetime] = useState<number>(DEFAULT_LIFETIME);
  const [storing, setStoring] = useState<Storing>({ step: "idle" });
  const ids = { file: useId(), caption: useId(), lifetime: useId() };

  useEffect(() => () => (picked ? URL.revokeObjectURL(picked.preview) : undefined), [picked]);

  const pick = async (file: File | undefined) => {
    reset();
    setStoring({ step: "idle" });
    if (!file) return setPicked(null);
    const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
    setPicked({ file, preview: URL.createObjectURL(file), problem: imageProblem(file, sniffImage(head)) });
  };

  const tooLong = captionError(caption);
  const posted = tx.step === "indexed" ? tx.result : null;
  const canPost = hydrated && picked !== null && !picked.problem && !tooLong && !busy && storing.step !== "storing";

  const post = async () => {
    if (!picked || !address) return;
    setStoring({ step: "storing" });
    let cid: string;
    try {
      const response = await fetch("/api/stories/media", {
        method: "POST",
        headers: { "content-type": picked.file.type || "application/octet-stream", "x-story-creator": address },
        body: picked.file,
      });
      const body = (await response.json().catch(() => null)) as { cid?: string; error?: string } | null;
      if (!response.ok || !body?.cid) throw new Error(body?.error ?? `The server answered ${response.status}.`);
      cid = body.cid;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      setStoring({
        step: "failed",
        message: /fetch/i.test(message)
          ? "Couldn't reach this web app's server to store the picture. Check your connection and try again."
          : `The picture wasn't stored, so nothing was posted: ${message}`,
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
      <div className="field">
        <label htmlFor={ids.file}>Picture (PNG, JPEG, WebP or GIF, up to 5 MB)</label>
        <input
          id={ids.file}
          type="file"
          accept={IMAGE_TYPES.join(",")}
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
          // A plain <img> of the picked file (a blob: URL), before anything is stored.
          <img src={picked.preview} alt="Preview of your story" className={styles.preview} />
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
              <Waiting>Storing the picture on IPFS…</Waiting>
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

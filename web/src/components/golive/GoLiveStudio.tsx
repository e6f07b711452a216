"use client";
import { LIVE_RECONNECT_GRACE_SECONDS, LIVE_SILENCE_ENDED_SECONDS } from "@chorus/protocol";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import type { Address, Hex } from "viem";
import { useConfig } from "wagmi";
import { usePublicConfig } from "@/components/ConfigContext";
import { useSubmittableChannels } from "@/components/PostToPicker";
import { TxStatus } from "@/components/TxStatus";
import { useWallet, WalletGate } from "@/components/WalletGate";
import { callIndexer, channelName } from "@/lib/indexer";
import {
  createLiveSession,
  endLiveSession,
  getKeyProof,
  getLiveSession,
  type LiveSession,
  liveStatusText,
} from "@/lib/live-worker";
import { endStreamPlan, type Started, startStreamPlan } from "@/tx/streamTx";
import { useContractTx } from "@/tx/useContractTx";
import { CameraPanel } from "./CameraPanel";
import styles from "./GoLive.module.css";
import { ObsPanel } from "./ObsPanel";
import { RecordingPanel } from "./RecordingPanel";

/** The contract's limit on a title (MAX_TITLE_BYTES), counted in UTF-8 bytes as the contract does. */
const TITLE_MAX_BYTES = 200;
/** After this long with no encoder, the page says what to check. */
const NO_ENCODER_AFTER_MS = 30_000;

type Where = { kind: "own" } | { kind: "channel"; channelId: string; name: string };

/**
 * The stream this browser started, kept across a reload (localStorage, per wallet) so that the page comes back to its
 * status and End button instead of a new form while the stream is still live on chain. Nothing secret: the worker
 * session's id (the worker, on loopback, holds the key).
 */
const RESUME_KEY = "chorus.goLive";
interface Resume {
  creator: string;
  sessionId: string;
  streamId: string;
  title: string;
  where: Where;
}
function readResume(creator: string): Resume | null {
  try {
    const saved = JSON.parse(localStorage.getItem(RESUME_KEY) ?? "null") as Resume | null;
    return saved && saved.creator === creator ? saved : null;
  } catch {
    return null;
  }
}

/**
 * /go-live: title and where → Start (a worker session, the stream key's proof for this wallet, one `Streams.start`
 * transaction) → OBS or the browser camera, with the session's status from the worker → End stream (the worker ends
 * the announcements, then `Streams.end`).
 */
export function GoLiveStudio() {
  return (
    <WalletGate
      purpose="go live"
      connectText="Connect a wallet to go live: it signs the transaction that starts the stream."
    >
      <Studio />
    </WalletGate>
  );
}

function Studio() {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { address } = useWallet();
  const ids = useId();
  const [title, setTitle] = useState("");
  const [where, setWhere] = useState<Where>({ kind: "own" });
  const [session, setSession] = useState<LiveSession | null>(null);
  const [preparing, setPreparing] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [tab, setTab] = useState<"obs" | "camera">("obs");
  const [ending, setEnding] = useState<string | null>(null);
  const [cameraOn, setCameraOn] = useState(false);
  const stopCamera = useRef<(() => Promise<void>) | null>(null);
  const start = useContractTx<Started>();
  const end = useContractTx<Started>();
  const channels = useSubmittableChannels();
  const memberOf = channels.options.filter((o) => o.member).map((o) => o.channel);

  const titleBytes = new TextEncoder().encode(title.trim()).length;
  const titleError =
    titleBytes > TITLE_MAX_BYTES ? `The title is too long (${titleBytes} of ${TITLE_MAX_BYTES} bytes).` : null;
  const [resumed, setResumed] = useState<Started | null>(null);
  const started = start.tx.step === "confirmed" || start.tx.step === "indexed" ? start.tx.result : resumed;

  // After a reload: back to the stream this wallet started here, unless it has ended on chain since.
  useEffect(() => {
    if (!address) return;
    const saved = readResume(address);
    if (!saved) return;
    let cancelled = false;
    void (async () => {
      const [onChain, worker] = await Promise.all([
        callIndexer(config.indexerUrl, "getStream", { params: { id: saved.streamId } }),
        getLiveSession(config.workerUrl, saved.sessionId).catch(() => null),
      ]);
      if (cancelled) return;
      if (!onChain.ok || !onChain.data.live || !worker) {
        if (onChain.ok && !onChain.data.live) localStorage.removeItem(RESUME_KEY);
        return;
      }
      setSession(worker);
      setTitle(saved.title);
      setWhere(saved.where);
      setResumed({ streamId: saved.streamId });
    })();
    return () => {
      cancelled = true;
    };
  }, [address, config.indexerUrl, config.workerUrl]);

  // Remember the started stream; forget it once it has ended on chain.
  const startedId = start.tx.step === "confirmed" || start.tx.step === "indexed" ? start.tx.result.streamId : null;
  useEffect(() => {
    if (!startedId || !session || !address) return;
    const saved: Resume = { creator: address, sessionId: session.id, streamId: startedId, title: title.trim(), where };
    localStorage.setItem(RESUME_KEY, JSON.stringify(saved));
  }, [startedId, session, address, title, where]);
  useEffect(() => {
    if (end.tx.step === "indexed") localStorage.removeItem(RESUME_KEY);
  }, [end.tx.step]);

  const status = useQuery({
    queryKey: ["live-session", session?.id],
    enabled: Boolean(session),
    queryFn: ({ signal }) => getLiveSession(config.workerUrl, session!.id, signal),
    // After the end, until the worker has assembled the recording (or said why not).
    refetchInterval: (query) => {
      const data = query.state.data;
      return data?.status === "ended" && (data.vod || data.vodError) ? false : 1000;
    },
  });
  const live = status.data ?? session;

  // "Encoder never connected": say what to check once the stream is on chain and nothing came for a while.
  const [waitingLong, setWaitingLong] = useState(false);
  const waiting = Boolean(started) && live?.status === "waiting";
  useEffect(() => {
    if (!waiting) {
      setWaitingLong(false);
      return;
    }
    const timer = setTimeout(() => setWaitingLong(true), NO_ENCODER_AFTER_MS);
    return () => clearTimeout(timer);
  }, [waiting]);

  const goLive = async () => {
    if (!address || !title.trim() || titleError) return;
    setProblem(null);
    let s: LiveSession;
    let proof: Hex;
    try {
      setPreparing("Asking the worker for a stream key…");
      s = await createLiveSession(config.workerUrl, title.trim());
      setPreparing("Proving the stream key for your wallet…");
      proof = (await getKeyProof(config.workerUrl, s.id, address)).keyProof as Hex;
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
      setPreparing(null);
      return;
    }
    setPreparing(null);
    setSession(s);
    await start.start(
      startStreamPlan(wagmiConfig, config, {
        channelId: where.kind === "own" ? "0" : where.channelId,
        title: title.trim(),
        room: s.room,
        streamKey: s.streamKey as Address,
        keyProof: proof,
      }),
    );
  };

  const endStream = async () => {
    if (!session || !started) return;
    setProblem(null);
    try {
      if (cameraOn) {
        setEnding("Sending the camera's last seconds…");
        await stopCamera.current?.();
      }
      setEnding("Ending the announcements…");
      await endLiveSession(config.workerUrl, session.id);
      await status.refetch();
    } catch (e) {
      // The on-chain end matters most to viewers: say what failed and still offer it.
      setProblem(
        `${e instanceof Error ? e.message : String(e)} The stream can still be ended on chain; viewers then see it ended.`,
      );
    }
    setEnding(null);
    await end.start(endStreamPlan(wagmiConfig, config, started.streamId));
  };

  const restart = () => {
    setSession(null);
    setResumed(null);
    setTitle("");
    setProblem(null);
    start.reset();
    end.reset();
  };

  // ---- before Start: title and where ----
  if (!session || !started) {
    const busy = Boolean(preparing) || start.busy;
    return (
      <form
        className={styles.setup}
        onSubmit={(e) => {
          e.preventDefault();
          void goLive();
        }}
        data-testid="golive-setup"
      >
        <div className="field">
          <label htmlFor={`${ids}-title`}>Stream title (required)</label>
          <input
            id={`${ids}-title`}
            className="input"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            disabled={busy}
            aria-invalid={titleError ? true : undefined}
            aria-describedby={`${ids}-title-hint`}
            autoComplete="off"
            data-testid="golive-title"
          />
          <div className="field-hint" id={`${ids}-title-hint`}>
            {titleError ? (
              <span className="field-error" role="alert">
                {titleError}
              </span>
            ) : (
              "What viewers see in Live now and on the stream's page. It is recorded on chain."
            )}
          </div>
        </div>

        <fieldset className="post-to" disabled={busy} data-testid="golive-where">
          <legend>Where</legend>
          <label className="choice">
            <input
              type="radio"
              name={`${ids}-where`}
              checked={where.kind === "own"}
              onChange={() => setWhere({ kind: "own" })}
              data-testid="golive-own"
            />
            <span>
              <strong>My own channel</strong>
              <small>Under your address.</small>
            </span>
          </label>
          {memberOf.map((channel) => (
            <label className="choice" key={channel.id}>
              <input
                type="radio"
                name={`${ids}-where`}
                checked={where.kind === "channel" && where.channelId === channel.id}
                onChange={() => setWhere({ kind: "channel", channelId: channel.id, name: channelName(channel) })}
                data-testid={`golive-channel-${channel.id}`}
              />
              <span>
                <strong>{channelName(channel)}</strong>
                <small>Community channel · you&apos;re a member, so you may go live in it without a vote.</small>
              </span>
            </label>
          ))}
          {channels.loading ? <p className="field-hint">Looking for the channels you&apos;re a member of…</p> : null}
          {channels.error ? (
            <p className="field-error">
              Your community channels couldn&apos;t be loaded ({channels.error.message}). You can still go live in your
              own channel.
            </p>
          ) : null}
          {!channels.loading && !channels.error && memberOf.length === 0 ? (
            <p className="field-hint">
              You&apos;re not a member of any community channel; members of a channel may go live in it.{" "}
              <Link href="/channels">Browse channels</Link>
            </p>
          ) : null}
        </fieldset>

        <p className="publish-explain">
          <strong>Start</strong> asks the worker for a stream key made for this stream alone, then your wallet signs one
          transaction that marks the stream live on chain with the key viewers check its segments against.
        </p>
        <div className="tx-actions">
          <button
            type="submit"
            className="btn btn-primary btn-large"
            disabled={busy || !title.trim() || Boolean(titleError)}
            data-testid="golive-start"
          >
            {busy ? "Starting…" : "Start"}
          </button>
        </div>
        {preparing ? (
          <p className="field-hint" role="status">
            {preparing}
          </p>
        ) : null}
        {problem ? (
          <p className="notice notice-error" role="alert" data-testid="golive-error">
            {problem}
          </p>
        ) : null}
        <TxStatus
          tx={start.tx}
          testId="golive-tx"
          confirmed={() => "waiting for the catalogue…"}
          indexed={() => "the stream is live."}
        />
      </form>
    );
  }

  // ---- started: status, OBS or camera, End ----
  const current = live ?? session;
  const ended = end.tx.step === "confirmed" || end.tx.step === "indexed";
  return (
    <div className={styles.studio} data-testid="golive-studio">
      <div className={styles.statusRow}>
        <h2 className={styles.streamTitle}>{title.trim()}</h2>
        <span className={styles.status} data-status={current.status} data-testid="golive-status" role="status">
          {current.status === "live" ? <span className={styles.liveBadge}>LIVE</span> : null}
          {liveStatusText(current)} · {current.announced} segment{current.announced === 1 ? "" : "s"} announced
        </span>
      </div>
      {current.status === "reconnecting" ? (
        <p className="notice notice-warning">
          The encoder dropped. Reconnect within {LIVE_RECONNECT_GRACE_SECONDS} s (OBS retries by itself; for the camera,
          Start streaming again) and the stream goes on; otherwise it ends.
        </p>
      ) : null}
      {waitingLong ? (
        <p className="notice notice-warning" data-testid="golive-no-encoder">
          No encoder has connected for {NO_ENCODER_AFTER_MS / 1000} s. In OBS, check Settings → Stream (Server{" "}
          <span className="mono">{current.rtmpUrl}</span> and this stream&apos;s key), then Start Streaming — or open
          the camera tab.
        </p>
      ) : null}
      {current.error && current.status !== "ended" ? (
        <p className="notice notice-error" role="alert">
          {current.error}
        </p>
      ) : null}
      {started ? (
        <p className="muted" data-testid="golive-stream-link">
          Stream #{started.streamId} ·{" "}
          <Link href={`/live/${started.streamId}`} target="_blank">
            open the viewers&apos; page
          </Link>{" "}
          · {where.kind === "own" ? "in your own channel" : `in ${where.name}`}
        </p>
      ) : null}
      <TxStatus
        tx={start.tx}
        testId="golive-tx"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "the stream is on chain and in the catalogue."}
      />

      {!ended ? (
        <>
          <div className={styles.tabs} role="tablist" aria-label="How you stream">
            <button
              type="button"
              role="tab"
              id={`${ids}-tab-obs`}
              aria-selected={tab === "obs"}
              aria-controls={`${ids}-panel-obs`}
              className="tab"
              onClick={() => setTab("obs")}
              data-testid="golive-tab-obs"
            >
              OBS / RTMP encoder
            </button>
            <button
              type="button"
              role="tab"
              id={`${ids}-tab-camera`}
              aria-selected={tab === "camera"}
              aria-controls={`${ids}-panel-camera`}
              className="tab"
              onClick={() => setTab("camera")}
              data-testid="golive-tab-camera"
            >
              Browser camera + microphone
            </button>
          </div>
          {/* Both stay mounted, so switching tabs never stops a running camera. */}
          <div role="tabpanel" id={`${ids}-panel-obs`} aria-labelledby={`${ids}-tab-obs`} hidden={tab !== "obs"}>
            <ObsPanel session={current} />
          </div>
          <div
            role="tabpanel"
            id={`${ids}-panel-camera`}
            aria-labelledby={`${ids}-tab-camera`}
            hidden={tab !== "camera"}
          >
            <CameraPanel session={current} onStreamingChange={setCameraOn} stopRef={stopCamera} />
          </div>
        </>
      ) : null}

      <div className={styles.endRow}>
        {!ended ? (
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => void endStream()}
            disabled={!started || Boolean(ending) || end.busy}
            data-testid="golive-end"
          >
            {ending ?? (end.busy ? "Ending…" : "End stream")}
          </button>
        ) : (
          <button type="button" className="btn" onClick={restart} data-testid="golive-again">
            Go live again
          </button>
        )}
        <span className="field-hint">
          Ending stops the announcements, then your wallet signs the on-chain end. A stream left without it counts as
          ended once it has been silent for {LIVE_SILENCE_ENDED_SECONDS} s.
        </span>
      </div>
      {problem ? (
        <p className="notice notice-error" role="alert" data-testid="golive-error">
          {problem}
        </p>
      ) : null}
      <TxStatus
        tx={end.tx}
        testId="golive-end-tx"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => "the stream has ended."}
      />
      {ended && started ? <RecordingPanel session={current} streamId={started.streamId} where={where} /> : null}
    </div>
  );
}

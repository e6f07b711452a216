"use client";
import { type ChatDelegation, type ChatLine, MAX_CHAT_BODY_BYTES, type Stream, keyFingerprint } from "@chorus/protocol";
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from "react";
import type { Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { useSignMessage } from "wagmi";
import {
  EMPTY_CHAT,
  anonymousKey,
  byteLength,
  delegate,
  findStreamerSession,
  isMuted,
  moderate,
  reduceChat,
  sendChat,
  speakerName,
  storedDelegation,
} from "@/lib/chat-client";
import type { ChatFeedEvent } from "@/lib/chat-feed";
import { shortAddress } from "@/lib/format";
import { callIndexer } from "@/lib/indexer";
import { usePublicConfig } from "../ConfigContext";
import { GiftLine, isGift, useStreamGifts, withGifts } from "../earn/ChatGifts";
import { useWallet } from "../WalletGate";
import styles from "./LiveChat.module.css";

/** How long the streamer's *Mute* lasts (Twitch's default timeout). */
const MUTE_MS = 10 * 60_000;

type Connection = "connecting" | "open" | "reconnecting" | { failed: string };

/**
 * A stream's live chat: read without a wallet; write with an anonymous key made in this browser, or under the wallet's
 * address after one delegation signature. The feed comes from this site's server (`/api/live/{id}/chat`, server-sent
 * events), which verifies every message; muted speakers are hidden unless the reader chooses to see them; the
 * streamer (the creator's wallet, in a browser whose worker holds the stream key) gets pin and mute buttons. Text is
 * rendered as text, never as HTML.
 */
export function LiveChat({
  stream,
  fill = false,
}: {
  stream: Pick<Stream, "id" | "room" | "streamKey" | "creator">;
  /** Fill the container's height (the pop-out page) instead of a list capped at 60% of the window. */
  fill?: boolean;
}) {
  const config = usePublicConfig();
  const wallet = useWallet();
  const signMessage = useSignMessage();
  const [view, dispatch] = useReducer(reduceChat, EMPTY_CHAT);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [showMuted, setShowMuted] = useState(false);
  const [draft, setDraft] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [anonymous, setAnonymous] = useState<Hex | null>(null);
  const [walletIdentity, setWalletIdentity] = useState<{ key: Hex; delegation: ChatDelegation } | null>(null);
  const [asWallet, setAsWallet] = useState(true);
  const [workerSession, setWorkerSession] = useState<string | null>(null);
  const [handles, setHandles] = useState<Record<string, string | null>>({});
  const [now, setNow] = useState(() => Date.now());
  const listRef = useRef<HTMLOListElement>(null);
  const atBottom = useRef(true);
  const [unseen, setUnseen] = useState(0);

  // The feed. EventSource reconnects by itself; the server sends the scroll-back again and the reducer merges it.
  useEffect(() => {
    const url = `/api/live/${stream.id}/chat`;
    const source = new EventSource(url);
    source.onopen = () => setConnection("open");
    source.onmessage = (message) => dispatch(JSON.parse(message.data) as ChatFeedEvent);
    source.onerror = () => {
      if (source.readyState !== EventSource.CLOSED) {
        setConnection("reconnecting");
        return;
      }
      // Refused outright (no such stream, node down): the JSON answer says why.
      fetch(url)
        .then((response) => response.json())
        .then((body: { error?: string }) => setConnection({ failed: body.error ?? "The chat could not open." }))
        .catch(() => setConnection({ failed: "The chat could not open: this site's server did not answer. Reload." }));
    };
    return () => source.close();
  }, [stream.id]);

  // Mutes run out: look again now and then.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => setAnonymous(anonymousKey()), []);
  useEffect(() => {
    setWalletIdentity(wallet.address ? storedDelegation(wallet.address, stream.room) : null);
  }, [wallet.address, stream.room]);

  useEffect(() => {
    const controller = new AbortController();
    findStreamerSession(config.workerUrl, stream.streamKey, controller.signal).then((id) => {
      if (!controller.signal.aborted) setWorkerSession(id);
    });
    return () => controller.abort();
  }, [config.workerUrl, stream.streamKey]);

  // Handles of the wallets that speak (once each).
  useEffect(() => {
    const wanted = [...new Set(view.lines.map((l) => l.wallet).filter((w): w is `0x${string}` => w !== null))].filter(
      (w) => !(w in handles),
    );
    if (wanted.length === 0) return;
    setHandles((h) => ({ ...h, ...Object.fromEntries(wanted.map((w) => [w, null])) }));
    for (const address of wanted)
      callIndexer(config.indexerUrl, "getAccount", { params: { address } }).then((account) => {
        const handle = account.ok && account.data.handle?.status === "live" ? account.data.handle.handle : null;
        if (handle) setHandles((h) => ({ ...h, [address]: handle }));
      });
  }, [view.lines, handles, config.indexerUrl]);

  const visible = view.lines.filter((line) => showMuted || !isMuted(view, line.speaker, now));
  const hiddenCount = view.lines.length - view.lines.filter((line) => !isMuted(view, line.speaker, now)).length;
  // Tips to the stream show as gift lines among the messages, by time.
  const gifts = useStreamGifts(stream.id);
  const items = withGifts(visible, gifts);
  const lastId = items.at(-1)?.id;

  // Follow the newest line unless the reader scrolled up; then count what arrived below.
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list || !lastId) return;
    if (atBottom.current) list.scrollTop = list.scrollHeight;
    else setUnseen((n) => n + 1);
  }, [lastId]);

  const onScroll = () => {
    const list = listRef.current;
    if (!list) return;
    atBottom.current = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
    if (atBottom.current) setUnseen(0);
  };
  const jumpToNewest = () => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
    atBottom.current = true;
    setUnseen(0);
  };

  const identity =
    wallet.address && asWallet && walletIdentity ? walletIdentity : anonymous ? { key: anonymous } : null;
  const bytes = byteLength(draft);
  const over = bytes > MAX_CHAT_BODY_BYTES;
  // Who this browser speaks as, to tell a muted writer that others no longer see their lines.
  const me = identity
    ? "delegation" in identity && identity.delegation
      ? identity.delegation.wallet
      : privateKeyToAccount(identity.key).address
    : null;
  const mutedUntil = me && isMuted(view, me, now) ? (view.mutes[me.toLowerCase()] ?? 0) : 0;

  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!identity || !draft.trim() || over || sending) return;
    setSending(true);
    setError(null);
    try {
      await sendChat(stream.id, stream.room, identity, draft);
      setDraft("");
      jumpToNewest();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "Your message was not sent. Try again.");
    } finally {
      setSending(false);
    }
  };

  const startDelegation = async () => {
    if (!wallet.address) return;
    setError(null);
    try {
      const made = await delegate(wallet.address, stream.room, (message) => signMessage.mutateAsync({ message }));
      setWalletIdentity(made);
      setAsWallet(true);
    } catch {
      setError("Your wallet did not sign, so you still chat anonymously. Try again to chat under your address.");
    }
  };

  // The streamer's controls: the stream's creator, in a browser whose worker holds the stream key (it signs the
  // moderation). The worker's API has no authentication of its own; the wallet check keeps the buttons to the streamer.
  const streamerSession =
    workerSession && wallet.address?.toLowerCase() === stream.creator.toLowerCase() ? workerSession : null;

  const moderateLine = useCallback(
    async (request: Parameters<typeof moderate>[3]) => {
      if (!streamerSession) return;
      setError(null);
      try {
        await moderate(config.workerUrl, streamerSession, stream.id, request);
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : "That did not work. Try again.");
      }
    },
    [config.workerUrl, streamerSession, stream.id],
  );

  const name = (line: Pick<ChatLine, "wallet" | "key">) => speakerName(line, line.wallet ? handles[line.wallet] : null);
  const pinnedLine = view.pinned?.line ?? null;
  const droppedTotal = view.drops ? Object.values(view.drops).reduce((a, b) => a + b, 0) : 0;

  return (
    <section className={fill ? `${styles.chat} ${styles.fill}` : styles.chat} aria-label="Live chat">
      <header className={styles.header}>
        <h2 className={styles.title}>Live chat</h2>
        <span className={styles.status} role="status">
          {connection === "connecting"
            ? "Connecting…"
            : connection === "reconnecting"
              ? "Reconnecting…"
              : connection === "open"
                ? ""
                : connection.failed}
        </span>
      </header>

      {view.pinned ? (
        <div className={styles.pinned} data-testid="chat-pinned">
          <span className={styles.pinLabel}>Pinned</span>
          {pinnedLine ? (
            <>
              <bdi className={styles.name}>{name(pinnedLine)}</bdi>{" "}
              <span className={styles.body}>{pinnedLine.body}</span>
            </>
          ) : (
            <span className={styles.body}>a message from before you joined</span>
          )}
          {streamerSession ? (
            <button type="button" className={styles.tool} onClick={() => moderateLine({ kind: "pin", target: null })}>
              Unpin
            </button>
          ) : null}
        </div>
      ) : null}

      <div className={styles.listWrap}>
        <ol ref={listRef} className={styles.list} onScroll={onScroll} aria-live="polite" aria-relevant="additions">
          {items.length === 0 ? (
            <li className={styles.empty}>
              {connection === "open" ? "No messages yet. Say hello!" : "Messages will appear here."}
            </li>
          ) : null}
          {items.map((line) => {
            if (isGift(line)) return <GiftLine key={line.id} gift={line} />;
            const muted = isMuted(view, line.speaker, now);
            return (
              <li
                key={line.id}
                className={muted ? `${styles.line} ${styles.muted}` : styles.line}
                data-testid="chat-line"
                data-muted={muted ? "true" : undefined}
              >
                <time
                  className={styles.time}
                  dateTime={new Date(line.time).toISOString()}
                  title={new Date(line.time).toLocaleString()}
                >
                  {new Date(line.time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
                </time>{" "}
                <bdi
                  className={line.wallet ? styles.name : `${styles.name} ${styles.anon}`}
                  title={line.wallet ?? line.key}
                >
                  {name(line)}
                </bdi>
                {muted ? <span className={styles.mutedTag}> (muted)</span> : null}:{" "}
                <span className={styles.body}>{line.body}</span>
                {streamerSession ? (
                  <span className={styles.tools}>
                    <button
                      type="button"
                      className={styles.tool}
                      data-testid="chat-pin"
                      aria-label={`Pin the message from ${name(line)}`}
                      onClick={() => moderateLine({ kind: "pin", target: line.id })}
                    >
                      Pin
                    </button>
                    <button
                      type="button"
                      className={styles.tool}
                      data-testid="chat-mute"
                      aria-label={muted ? `Unmute ${name(line)}` : `Mute ${name(line)} for 10 minutes`}
                      onClick={() =>
                        moderateLine({ kind: "mute", target: line.speaker, until: muted ? 0 : Date.now() + MUTE_MS })
                      }
                    >
                      {muted ? "Unmute" : "Mute"}
                    </button>
                  </span>
                ) : null}
              </li>
            );
          })}
        </ol>
        {unseen > 0 ? (
          <button type="button" className={styles.newer} onClick={jumpToNewest}>
            New messages ↓
          </button>
        ) : null}
      </div>

      {hiddenCount > 0 || showMuted ? (
        <label className={styles.reveal}>
          <input
            type="checkbox"
            data-testid="chat-show-muted"
            checked={showMuted}
            onChange={(e) => setShowMuted(e.target.checked)}
          />{" "}
          Show muted messages ({hiddenCount} hidden by the streamer)
        </label>
      ) : null}

      <form className={styles.composer} onSubmit={send}>
        <label htmlFor={`chat-input-${stream.id}`} className="visually-hidden">
          Send a message
        </label>
        <input
          id={`chat-input-${stream.id}`}
          data-testid="chat-input"
          className={styles.input}
          value={draft}
          onChange={(e) => setDraft(e.target.value.replace(/[\r\n]+/g, " "))}
          placeholder="Send a message"
          autoComplete="off"
          aria-describedby={`chat-count-${stream.id}`}
          aria-invalid={over}
        />
        <button
          type="submit"
          data-testid="chat-send"
          className="btn btn-primary"
          disabled={!identity || !draft.trim() || over || sending}
        >
          {sending ? "Sending…" : "Chat"}
        </button>
        <span id={`chat-count-${stream.id}`} className={over ? `${styles.count} ${styles.over}` : styles.count}>
          {bytes}/{MAX_CHAT_BODY_BYTES}
          {over ? " — too long, shorten it" : ""}
        </span>
      </form>
      {error ? (
        <p className={styles.error} role="alert" data-testid="chat-error">
          {error}
        </p>
      ) : null}

      {mutedUntil ? (
        <p className={styles.error} role="status" data-testid="chat-muted-notice">
          The streamer muted you until{" "}
          {new Date(mutedUntil).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}: others don't see your
          messages unless they choose to show muted ones.
        </p>
      ) : null}
      <p className={styles.identity}>
        {identity && "delegation" in identity && identity.delegation ? (
          <>
            Chatting as{" "}
            <bdi>
              {handles[identity.delegation.wallet]
                ? `@${handles[identity.delegation.wallet]}`
                : shortAddress(identity.delegation.wallet)}
            </bdi>{" "}
            <button type="button" className={styles.link} onClick={() => setAsWallet(false)}>
              chat anonymously
            </button>
          </>
        ) : (
          <>
            Chatting as{" "}
            <bdi data-testid="chat-identity">
              anonymous · {anonymous ? keyFingerprint(privateKeyToAccount(anonymous).address) : "…"}
            </bdi>
            {wallet.address ? (
              walletIdentity ? (
                <>
                  {" "}
                  <button type="button" className={styles.link} onClick={() => setAsWallet(true)}>
                    chat as {shortAddress(wallet.address)}
                  </button>
                </>
              ) : (
                <>
                  {" "}
                  <button
                    type="button"
                    data-testid="chat-delegate"
                    className={styles.link}
                    onClick={startDelegation}
                    disabled={signMessage.isPending}
                  >
                    {signMessage.isPending
                      ? "sign in your wallet…"
                      : `chat as ${shortAddress(wallet.address)} (one signature)`}
                  </button>
                </>
              )
            ) : (
              <> — connect a wallet to chat under your address.</>
            )}
          </>
        )}
        {droppedTotal > 0 && view.drops ? (
          <span
            className={styles.drops}
            data-testid="chat-drops"
            title="Messages this server refused: they never reach your screen."
          >
            {" "}
            · dropped:{" "}
            {Object.entries(view.drops)
              .filter(([, count]) => count > 0)
              .map(([reason, count]) => `${count} ${reason}`)
              .join(", ")}
          </span>
        ) : null}
      </p>
    </section>
  );
}

"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { usePublicConfig } from "@/components/ConfigContext";
import { CopyButton } from "@/components/CopyButton";
import { TxStatus } from "@/components/TxStatus";
import { useWallet, WalletGate } from "@/components/WalletGate";
import { shortAddress } from "@/lib/format";
import { addToIpfs } from "@/lib/ipfs-client";
import { type Playlist, publishedDocument, publishedFingerprint, publishedHref, setPublished } from "@/lib/playlists";
import { usePlaylists } from "@/lib/use-playlists";
import { publishPlaylistPlan, type PublishedRef, removePlaylistPlan, updatePlaylistPlan } from "@/tx/playlistTx";
import { useContractTx } from "@/tx/useContractTx";
import styles from "./playlists.module.css";

type Storing = { state: "idle" | "storing" } | { state: "error"; message: string };

/**
 * "Publish" on a browser playlist's page: its name and videos, in order, become a chorus.playlist/1 document on IPFS
 * and the wallet signs `Playlists.create(cid)`; anyone can then open it at /playlists/p/<id> without a wallet. Once
 * published: its address, *Update* when this browser's copy has changed since (a new document, `update(id, cid)`), and
 * *Remove* (asks first). Each transaction shows signing → pending → confirmed → indexed.
 */
export function PublishPlaylist({ playlist }: { playlist: Playlist }) {
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const { update } = usePlaylists();
  const { address } = useWallet();
  const [storing, setStoring] = useState<Storing>({ state: "idle" });
  const [asking, setAsking] = useState(false);
  const send = useContractTx<PublishedRef>();
  const remove = useContractTx<{ playlistId: string }>();
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) keepRef.current?.focus();
  }, [asking]);

  const link = playlist.published?.chainId === config.chainId ? playlist.published : undefined;
  const fingerprint = publishedFingerprint(playlist);
  const changed = link !== undefined && link.fingerprint !== fingerprint;
  const isOwner = link !== undefined && address?.toLowerCase() === link.owner.toLowerCase();
  const working = storing.state === "storing" || send.busy || remove.busy;

  /** Stores the document as the playlist is now; null (with the reason shown) if it couldn't be. */
  const store = async (): Promise<string | null> => {
    setStoring({ state: "storing" });
    try {
      const cid = await addToIpfs({ kind: "playlist", ...publishedDocument(playlist) });
      setStoring({ state: "idle" });
      return cid;
    } catch (error) {
      setStoring({
        state: "error",
        message: `${error instanceof Error ? error.message : "The playlist's document couldn't be stored."} Nothing was published.`,
      });
      return null;
    }
  };

  const publish = async () => {
    if (working || playlist.items.length === 0) return;
    const cid = await store();
    if (!cid) return;
    await send.start({
      ...publishPlaylistPlan(wagmiConfig, config, cid),
      onIndexed: ({ playlistId, owner }) =>
        update((all) => setPublished(all, playlist.id, { playlistId, owner, chainId: config.chainId, fingerprint })),
    });
  };

  const sendUpdate = async () => {
    if (working || !link) return;
    const cid = await store();
    if (!cid) return;
    await send.start({
      ...updatePlaylistPlan(wagmiConfig, config, {
        playlistId: link.playlistId,
        owner: link.owner as Address,
        documentCid: cid,
      }),
      onIndexed: () => update((all) => setPublished(all, playlist.id, { ...link, fingerprint })),
    });
  };

  const sendRemove = async () => {
    if (working || !link) return;
    setAsking(false);
    await remove.start({
      ...removePlaylistPlan(wagmiConfig, config, { playlistId: link.playlistId, owner: link.owner as Address }),
      onIndexed: () => update((all) => setPublished(all, playlist.id, null)),
    });
  };

  return (
    <section className={styles.section} aria-labelledby="publish-heading" data-testid="publish-playlist">
      <h2 id="publish-heading" className="section-title">
        Publish
      </h2>
      {!link ? (
        <>
          <p className="muted">
            Publishing makes this playlist public: its name and videos, in this order, are stored on IPFS and your
            wallet signs one transaction that records them as yours. Anyone can then open it, without a wallet. You can
            update or remove it later; a removed playlist may still be kept by IPFS nodes that copied it.
          </p>
          <WalletGate purpose="publish this playlist">
            <div className="tx-actions">
              <button
                type="button"
                className="btn btn-primary"
                disabled={working || playlist.items.length === 0}
                onClick={() => void publish()}
                data-testid="publish-button"
              >
                {storing.state === "storing" ? "Storing the playlist…" : "Publish playlist"}
              </button>
              {playlist.items.length === 0 ? <span className="muted">Add a video first.</span> : null}
            </div>
          </WalletGate>
        </>
      ) : (
        <>
          <p data-testid="published-link">
            Published as <Link href={publishedHref(link.playlistId)}>playlist #{link.playlistId}</Link> by{" "}
            <span className="mono">{shortAddress(link.owner)}</span>{" "}
            <CopyButton
              value={`${typeof window === "undefined" ? "" : window.location.origin}${publishedHref(link.playlistId)}`}
              label="Copy the published playlist's address"
            />
          </p>
          <p className={changed ? "notice notice-warning" : "muted"} data-testid="published-state">
            {changed
              ? "This browser's copy has changed since you published it (order, videos or name). Update to publish it as it is now."
              : "The published playlist is up to date with this browser's copy."}
          </p>
          {isOwner ? (
            <div className="tx-actions">
              <button
                type="button"
                className="btn btn-primary"
                disabled={working || !changed || playlist.items.length === 0}
                onClick={() => void sendUpdate()}
                data-testid="update-published"
              >
                {storing.state === "storing" ? "Storing the playlist…" : "Update published playlist"}
              </button>
              <button
                type="button"
                className="btn btn-ghost"
                disabled={working}
                onClick={() => setAsking(true)}
                data-testid="remove-published"
              >
                Remove published playlist…
              </button>
            </div>
          ) : (
            <WalletGate purpose="update or remove it">
              <p className="muted">
                Only {shortAddress(link.owner)}, which published it, can update or remove it. Connect that wallet.
              </p>
            </WalletGate>
          )}
          {asking ? (
            <div className="notice notice-warning" role="alert" style={{ marginTop: 12 }}>
              <p>
                Remove playlist #{link.playlistId} for everyone? Its page will say it was removed; this browser keeps
                its copy. Your wallet signs one transaction.
              </p>
              <div className={styles.row}>
                <button
                  type="button"
                  className="btn btn-danger"
                  onClick={() => void sendRemove()}
                  data-testid="confirm-remove"
                >
                  Remove it
                </button>
                <button ref={keepRef} type="button" className="btn" onClick={() => setAsking(false)}>
                  Keep it published
                </button>
              </div>
            </div>
          ) : null}
        </>
      )}
      {storing.state === "error" ? (
        <p className="field-error" role="alert">
          {storing.message}
        </p>
      ) : null}
      <TxStatus
        tx={send.tx}
        testId="publish-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={({ playlistId }) => (
          <Link href={publishedHref(playlistId)} data-testid="published-indexed-link">
            playlist #{playlistId} is published.
          </Link>
        )}
      />
      <TxStatus
        tx={remove.tx}
        testId="remove-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={({ playlistId }) => `playlist #${playlistId} is removed.`}
      />
    </section>
  );
}

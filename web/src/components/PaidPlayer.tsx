"use client";
import { useState } from "react";
import { useSignTypedData } from "wagmi";
import type { ManifestAccess } from "@chorus/protocol";
import type { RenditionInfo } from "@/lib/player";
import { fetchContentKey, type PaidPost } from "@/lib/paid";
import { usePublicConfig } from "./ConfigContext";
import { Player } from "./Player";
import { useWallet } from "./WalletGate";
import type { MoneyPost } from "@/tx/paymentsTx";
import { BuyOrJoin, usePostMoney } from "./earn/BuyOrJoin";
import styles from "./PaidPlayer.module.css";

/** Keys fetched in this tab, per account and key: one wallet prompt per video (docs/paid-videos.md). */
const keys = new Map<string, Promise<ArrayBuffer>>();

/**
 * The player of a paid or members-only video: the clear preview plays for everyone; the rest needs the content key,
 * which the viewer's wallet asks for with one signature (EIP-712, no transaction) and this instance's key relay
 * fetches from a key service that checks `Earnings.hasAccess` on chain. Without the right, the preview plays and the
 * buy/join panel says what to do, with the post's Buy/Join (earn/BuyOrJoin.tsx), whose success asks for the key again
 * and leaves a line where the panel was ("You bought this video — playing the full video"). A video whose creator
 * hasn't chosen who may watch yet (withheld, how every post starts) has nothing to buy: the panel says so instead.
 */
export function PaidPlayer({
  access,
  post,
  money,
  ...player
}: {
  src: string;
  poster: string | null;
  title: string;
  renditions?: RenditionInfo[];
  previews?: string | null;
  access: ManifestAccess;
  post: PaidPost;
  /** The post as Earnings names it, for its Buy/Join buttons. */
  money: MoneyPost;
}) {
  const config = usePublicConfig();
  const wallet = useWallet();
  const signTypedData = useSignTypedData();
  const terms = usePostMoney(money);
  const withheld = terms.data?.withheld === true;
  // What a purchase or a membership just did, said where the panel was once the player unlocks.
  const [unlocked, setUnlocked] = useState<string | null>(null);

  const getKey = (keyId: string): Promise<ArrayBuffer> => {
    if (!wallet.address)
      return Promise.reject(
        new Error("Connect a wallet that bought this video (or is a member) to watch past the preview."),
      );
    if (wallet.wrongChain)
      return Promise.reject(new Error(`Switch your wallet to ${config.chainName} to watch past the preview.`));
    const cacheKey = `${wallet.address.toLowerCase()}:${keyId}`;
    let key = keys.get(cacheKey);
    if (!key) {
      key = fetchContentKey(keyId, post, wallet.address, config.chainId, (typed) => signTypedData.mutateAsync(typed));
      // A refusal is not cached: after buying, *Try again* asks again.
      key.catch(() => keys.delete(cacheKey));
      keys.set(cacheKey, key);
    }
    return key;
  };

  const preview = Math.round(access.previewSeconds);
  const previewText = preview > 0 ? `The first ${preview} s are a free preview. ` : "";
  return (
    <>
      <Player
        {...player}
        getKey={getKey}
        lockedPanel={(reason, retry) =>
          withheld ? (
            <section className={styles.panel} data-testid="buy-panel" data-state="withheld" aria-label="Not open yet">
              <h2 className={styles.heading}>Not open yet</h2>
              <p data-testid="withheld-note">
                Its creator hasn&apos;t opened this video yet. {previewText}The rest plays once they choose who may
                watch it (buyers, their members or everyone) — come back later.
              </p>
              <p className={styles.reason}>Its creator or a rights holder: connect that wallet, then try again.</p>
              <button type="button" className="btn btn-small" onClick={retry}>
                Try again
              </button>
            </section>
          ) : (
            <section className={styles.panel} data-testid="buy-panel" aria-label="Buy or join to watch">
              <h2 className={styles.heading}>Buy to watch · Join to watch</h2>
              <p>
                {previewText}The rest is for viewers who bought this video or are members of its creator
                {money.kind === "release" ? " or of its channel" : ""}.
              </p>
              <p className={styles.reason} role="status">
                {reason}
              </p>
              <BuyOrJoin post={money} onUnlocked={retry} onConfirmed={setUnlocked} />
              <button type="button" className="btn btn-small" onClick={retry}>
                I have access — try again
              </button>
            </section>
          )
        }
      />
      {unlocked ? (
        <p className={`notice ${styles.unlocked}`} role="status" data-testid="unlocked-note">
          {unlocked}
        </p>
      ) : null}
    </>
  );
}

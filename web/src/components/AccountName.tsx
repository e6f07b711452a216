"use client";
import { shortAddress } from "@/lib/format";
import { displayName } from "@/lib/social";
import { useAccountInfo } from "@/lib/use-account";
import styles from "./AccountName.module.css";

/**
 * How the web names an address (docs/identity.md): a live verified handle as `@handle ✓` in the monospace font; else
 * the nickname it chose with the address's short fingerprint beside it (two "alice"s stay distinguishable, and a
 * nickname never takes the handle's style); else the short address. Resolved through the indexer, cached per address
 * (lib/use-account.ts); until it answers, the short address. User text renders as React text (inert).
 */
export function AccountName({ address, compact = false }: { address: string; compact?: boolean }) {
  const { data } = useAccountInfo(address);
  const found = displayName(data);
  // Compact (the top bar's account button): a handle or the short address — a nickname needs its fingerprint beside it.
  const name = compact && found.kind === "nickname" ? { kind: "address" as const, text: null } : found;
  const fingerprint = shortAddress(address);
  if (name.kind === "handle")
    return (
      <span className={styles.name} data-testid="account-name" data-kind="handle">
        <span className={styles.handle}>@{name.text}</span>
        <span className={styles.verified} role="img" aria-label="verified handle" title="Verified handle">
          ✓
        </span>
      </span>
    );
  if (name.kind === "nickname")
    return (
      <span className={styles.name} data-testid="account-name" data-kind="nickname">
        <span className={styles.nickname}>{name.text}</span>
        <span className={styles.fingerprint}>{fingerprint}</span>
      </span>
    );
  return (
    <span className={`${styles.name} ${styles.fingerprint}`} data-testid="account-name" data-kind="address">
      {fingerprint}
    </span>
  );
}

import Link from "next/link";
import { AccountName } from "./AccountName";
import { CopyButton } from "./CopyButton";

/**
 * An account as people know it — its verified handle, or nickname with the short address, or the short address
 * (`AccountName`) — with the full address on hover, optionally linking to its channel, and a copy button.
 */
export function Address({ address, link = true, className }: { address: string; link?: boolean; className?: string }) {
  return (
    <span className={`address ${className ?? ""}`}>
      {link ? (
        <Link href={`/creator/${address}`} title={address} className="address-text">
          <AccountName address={address} />
        </Link>
      ) : (
        <span title={address} className="address-text">
          <AccountName address={address} />
        </span>
      )}
      <CopyButton value={address} label={`Copy address ${address}`} />
    </span>
  );
}

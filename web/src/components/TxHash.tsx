import { shortHash } from "@/lib/format";
import { explorerTxUrl } from "@/lib/media";
import { CopyButton } from "./CopyButton";

/** A transaction hash: a link to the explorer when there is one, else just the (copyable) shortened hash. */
export function TxHash({ hash, explorerUrl }: { hash: string; explorerUrl: string | null }) {
  const href = explorerTxUrl(explorerUrl, hash);
  return (
    <span className="address">
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" title={hash} className="address-text">
          tx {shortHash(hash)}
        </a>
      ) : (
        <span title={hash} className="address-text">
          tx {shortHash(hash)}
        </span>
      )}
      <CopyButton value={hash} label={`Copy transaction hash ${hash}`} />
    </span>
  );
}

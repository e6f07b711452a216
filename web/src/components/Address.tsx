import Link from "next/link";
import { shortAddress } from "@/lib/format";
import { CopyButton } from "./CopyButton";

/** 0x12ab…cd34 with the full address on hover, optionally linking to the channel, and a copy button. */
export function Address({ address, link = true, className }: { address: string; link?: boolean; className?: string }) {
  const text = shortAddress(address);
  return (
    <span className={`address ${className ?? ""}`}>
      {link ? (
        <Link href={`/creator/${address}`} title={address} className="address-text">
          {text}
        </Link>
      ) : (
        <span title={address} className="address-text">
          {text}
        </span>
      )}
      <CopyButton value={address} label={`Copy address ${address}`} />
    </span>
  );
}

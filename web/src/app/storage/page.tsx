import type { Metadata } from "next";
import Link from "next/link";
import { StorageDashboard } from "@/components/StorageDashboard";

export const metadata: Metadata = { title: "Storage" };

/** /storage — deals you fund, and (for keeper operators) deals you hold, proofs and earnings. `?address=` shows anyone's. */
export default async function StoragePage({
  searchParams,
}: {
  searchParams: Promise<{ address?: string | string[] }>;
}) {
  const { address: asked } = await searchParams;
  const address = Array.isArray(asked) ? asked[0] : asked;
  const valid = address === undefined || /^0x[0-9a-fA-F]{40}$/.test(address);
  return (
    <div className="page page-narrow stack">
      <div className="page-header">
        <div>
          <h1>Storage</h1>
          <p>
            Storage deals pay keepers to hold copies of a video and prove, every period, that they still do. Open one
            from any video&apos;s page (&ldquo;Keep copies…&rdquo;); follow your deals, or your keeper&apos;s work,
            here.
          </p>
        </div>
      </div>
      {valid ? (
        <StorageDashboard address={address ?? null} />
      ) : (
        <div
          className="notice notice-error"
          role="alert"
          data-testid="storage-bad-address"
          style={{ overflowWrap: "anywhere" }}
        >
          <p style={{ margin: "0 0 8px" }}>
            <strong>
              &ldquo;{address!.length > 60 ? `${address!.slice(0, 60)}…` : address}&rdquo; isn&apos;t an account
              address.
            </strong>{" "}
            An address is 0x followed by 40 hexadecimal characters. Check the link.
          </p>
          <Link href="/storage">See your own deals instead</Link>
        </div>
      )}
    </div>
  );
}

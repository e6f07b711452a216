import type { Metadata } from "next";
import { StorageDashboard } from "@/components/StorageDashboard";

export const metadata: Metadata = { title: "Storage" };

/** /storage — deals you fund, and (for keeper operators) deals you hold, proofs and earnings. `?address=` shows anyone's. */
export default async function StoragePage({ searchParams }: { searchParams: Promise<{ address?: string }> }) {
  const { address } = await searchParams;
  return (
    <div className="page page-narrow stack">
      <div className="page-header">
        <div>
          <h1>Storage</h1>
          <p>
            Storage deals pay keepers to hold copies of a video and prove, every period, that they still do. Open one from any video&apos;s page
            (&ldquo;Keep copies…&rdquo;); follow your deals, or your keeper&apos;s work, here.
          </p>
        </div>
      </div>
      <StorageDashboard address={address && /^0x[0-9a-fA-F]{40}$/.test(address) ? address : null} />
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { EarningsDashboard } from "@/components/earnings/EarningsDashboard";
import { EarningsFrame } from "@/components/earnings/EarningsFrame";

export const metadata: Metadata = { title: "Earnings" };

/** /earnings/<address> — anyone's earnings (the chain is public); anything but an address says so. */
export default async function AccountEarningsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const address = decodeURIComponent(account);
  return (
    <EarningsFrame>
      {/^0x[0-9a-fA-F]{40}$/.test(address) ? (
        <EarningsDashboard address={address} />
      ) : (
        <div
          className="notice notice-error"
          role="alert"
          data-testid="earnings-bad-address"
          style={{ overflowWrap: "anywhere" }}
        >
          <p style={{ margin: "0 0 8px" }}>
            <strong>
              &ldquo;{address.length > 60 ? `${address.slice(0, 60)}…` : address}&rdquo; isn&apos;t an account address.
            </strong>{" "}
            An address is 0x followed by 40 hexadecimal characters. Check the link.
          </p>
          <Link href="/earnings">See your own earnings instead</Link>
        </div>
      )}
    </EarningsFrame>
  );
}

import type { Metadata } from "next";
import { EarningsDashboard } from "@/components/earnings/EarningsDashboard";
import { EarningsFrame } from "@/components/earnings/EarningsFrame";

export const metadata: Metadata = { title: "Earnings" };

/** /earnings — the connected wallet's earnings; /earnings/<address> shows anyone's (the chain is public). */
export default function EarningsPage() {
  return (
    <EarningsFrame>
      <EarningsDashboard address={null} />
    </EarningsFrame>
  );
}

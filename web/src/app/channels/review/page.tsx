import type { Metadata } from "next";
import Link from "next/link";
import { ReviewQueue } from "@/components/ReviewQueue";

export const metadata: Metadata = { title: "Your review queue" };

export default function ReviewPage() {
  return (
    <div className="page page-narrow">
      <div className="page-header">
        <div>
          <h1>Your review queue</h1>
          <p>Open proposals in your channels that you haven&apos;t voted on yet.</p>
        </div>
        <Link href="/channels" className="btn">
          All channels
        </Link>
      </div>
      <ReviewQueue />
    </div>
  );
}

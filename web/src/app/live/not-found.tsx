import Link from "next/link";
import { RetryButton } from "@/components/RetryButton";
import { EmptyState } from "@/components/States";

export default function StreamNotFound() {
  return (
    <div className="page page-narrow">
      <EmptyState
        headingLevel={1}
        title="This stream isn't on chain, or isn't indexed yet"
        actions={
          <>
            <RetryButton label="Retry" />
            <Link href="/" className="btn">
              Browse videos
            </Link>
          </>
        }
      >
        <p>
          If it was started a moment ago, the catalogue may still be catching up with the chain — retry in a few
          seconds. Otherwise, check the link.
        </p>
      </EmptyState>
    </div>
  );
}

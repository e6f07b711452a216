import Link from "next/link";
import { RetryButton } from "./RetryButton";
import { EmptyState } from "./States";

/**
 * The 404 of something that lives on chain (a video, a stream): it may not exist, or the catalogue may not have caught
 * up with the chain yet — so the page offers Retry before "check the link".
 */
export function NotYetIndexed({ title, justNow }: { title: string /** "published", "started" */; justNow: string }) {
  return (
    <div className="page page-narrow">
      <EmptyState
        headingLevel={1}
        title={title}
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
          If it was {justNow} a moment ago, the catalogue may still be catching up with the chain — retry in a few
          seconds. Otherwise, check the link.
        </p>
      </EmptyState>
    </div>
  );
}

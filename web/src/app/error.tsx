"use client";
import Link from "next/link";
import { ErrorState } from "@/components/States";

/** Anything a page didn't handle itself: say so plainly, offer a retry, never show a stack trace. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="page page-narrow">
      <ErrorState
        headingLevel={1}
        title="This page ran into a problem"
        detail={error.digest ? `Reference: ${error.digest} (in the web server's log)` : undefined}
        actions={
          <>
            <button type="button" className="btn btn-primary" onClick={reset}>
              Try again
            </button>
            <Link className="btn" href="/">
              Go to the home page
            </Link>
          </>
        }
      >
        <p>
          Something went wrong while loading this page. Trying again usually helps; if it doesn&apos;t, one of
          Chorus&apos;s services may be down.
        </p>
      </ErrorState>
    </div>
  );
}

import Link from "next/link";
import { EmptyState } from "@/components/States";

export default function NotFound() {
  return (
    <div className="page page-narrow">
      <EmptyState
        headingLevel={1}
        title="This page doesn't exist"
        actions={
          <Link className="btn btn-primary" href="/">
            Browse videos
          </Link>
        }
      >
        <p>The link may be mistyped, or the page may have moved.</p>
      </EmptyState>
    </div>
  );
}

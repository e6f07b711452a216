import Link from "next/link";
import { EmptyState } from "@/components/States";

export default function DealNotFound() {
  return (
    <div className="page page-narrow">
      <EmptyState
        headingLevel={1}
        title="Storage deal not found"
        actions={
          <Link href="/storage" className="btn btn-primary">
            Your storage
          </Link>
        }
      >
        <p>
          No storage deal has this id — or it was opened moments ago and the catalogue hasn&apos;t indexed it yet.
          Reload in a few seconds if so.
        </p>
      </EmptyState>
    </div>
  );
}

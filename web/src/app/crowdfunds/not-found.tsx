import Link from "next/link";
import { EmptyState } from "@/components/States";

export default function CrowdfundNotFound() {
  return (
    <div className="page page-narrow">
      <EmptyState
        headingLevel={1}
        title="Crowdfund not found"
        actions={
          <Link href="/crowdfunds/new" className="btn btn-primary">
            Start a crowdfund
          </Link>
        }
      >
        <p>
          No crowdfund has this id — or it was started moments ago and the catalogue hasn&apos;t indexed it yet. Reload
          in a few seconds if so.
        </p>
      </EmptyState>
    </div>
  );
}

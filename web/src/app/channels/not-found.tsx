import Link from "next/link";
import { EmptyState } from "@/components/States";

export default function ChannelNotFound() {
  return (
    <div className="page page-narrow">
      <EmptyState
        headingLevel={1}
        title="Channel not found"
        actions={
          <>
            <Link href="/channels" className="btn btn-primary">
              All channels
            </Link>
            <Link href="/channels/new" className="btn">
              Create a channel
            </Link>
          </>
        }
      >
        <p>
          No channel has this id — or it was created moments ago and the catalogue hasn&apos;t indexed it yet. Reload in
          a few seconds if so.
        </p>
      </EmptyState>
    </div>
  );
}

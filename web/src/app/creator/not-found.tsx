import Link from "next/link";
import { EmptyState } from "@/components/States";

export default function CreatorNotFound() {
  return (
    <div className="page page-narrow">
      <EmptyState
        headingLevel={1}
        title="That isn't a channel address"
        actions={
          <Link href="/" className="btn btn-primary">
            Browse videos
          </Link>
        }
      >
        <p>A channel's URL ends with an Ethereum address: 0x followed by 40 hexadecimal characters. Check the link.</p>
      </EmptyState>
    </div>
  );
}

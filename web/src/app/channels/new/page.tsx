import type { Metadata } from "next";
import { CreateChannel } from "@/components/CreateChannel";

export const metadata: Metadata = { title: "Create a channel" };

export default function NewChannelPage() {
  return (
    <div className="page page-narrow">
      <div className="page-header">
        <div>
          <h1>Create a channel</h1>
          <p>
            A community with its own written policy. No owner, no admin: the policy, the members and the rules change
            only by the members&apos; votes.
          </p>
        </div>
      </div>
      <CreateChannel />
    </div>
  );
}

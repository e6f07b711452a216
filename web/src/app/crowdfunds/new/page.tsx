import type { Metadata } from "next";
import { Suspense } from "react";
import { StartCrowdfund } from "@/components/crowdfund/StartCrowdfund";

export const metadata: Metadata = { title: "Start a crowdfund" };

/** /crowdfunds/new (`?channel=<id>` preselects a community channel). */
export default function NewCrowdfundPage() {
  return (
    <div className="page page-narrow">
      <div className="page-header">
        <div>
          <h1>Start a crowdfund</h1>
          <p>
            A goal and a deadline. Backers&apos; pledges are held by the Crowdfund contract: reached by the deadline,
            they are paid out; missed, every backer takes theirs back in full. No fee; no one can move the money
            otherwise.
          </p>
        </div>
      </div>
      <Suspense>
        <StartCrowdfund />
      </Suspense>
    </div>
  );
}

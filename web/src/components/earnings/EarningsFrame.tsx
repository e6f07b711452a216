import type { ReactNode } from "react";

/** The earnings pages' heading and what the page is about. */
export function EarningsFrame({ children }: { children: ReactNode }) {
  return (
    <div className="page page-narrow stack">
      <div className="page-header">
        <div>
          <h1>Earnings</h1>
          <p>
            Tips, sales and memberships paid through Chorus go straight to the contract, split among a video&apos;s
            rights holders as they were fixed at publish. Nobody takes a cut; withdraw whenever you like.
          </p>
        </div>
      </div>
      {children}
    </div>
  );
}

import type { Metadata } from "next";
import { AccountSettings } from "@/components/AccountSettings";
import { MembershipPlanForm } from "@/components/earn/MembershipPlanForm";

export const metadata: Metadata = { title: "Your name and handle" };

/** /account — the connected account's nickname and verified handle (docs/identity.md). */
export default function AccountPage() {
  return (
    <div className="page page-narrow stack">
      <div className="page-header">
        <div>
          <h1>Your name and handle</h1>
          <p>
            How others see you beside your videos, votes and comments. A nickname is free and anyone may pick the same
            one, so it always shows with your address&apos;s fingerprint. A verified handle is yours alone, held with a
            refundable bond.
          </p>
        </div>
      </div>
      <AccountSettings />
      <MembershipPlanForm />
    </div>
  );
}

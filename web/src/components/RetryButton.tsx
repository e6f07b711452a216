"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { RefreshIcon } from "./Icons";

/** Asks the server for this page again (no full reload), showing that it is doing so. */
export function RetryButton({ label = "Try again" }: { label?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      className="btn btn-primary"
      onClick={() => startTransition(() => router.refresh())}
      disabled={pending}
    >
      <RefreshIcon size={16} />
      {pending ? "Checking…" : label}
    </button>
  );
}

"use client";
import Link from "next/link";
import { useWallet } from "@/components/WalletGate";

/** The top bar's *Go live*, for wallet holders only (going live takes a signature; viewers never need one). */
export function GoLiveLink() {
  const { address } = useWallet();
  if (!address) return null;
  return (
    <Link href="/go-live" className="btn btn-ghost nav-link" data-testid="golive-link" title="Go live">
      <svg
        width={18}
        height={18}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        aria-hidden="true"
      >
        <circle cx="12" cy="12" r="3" fill="currentColor" />
        <path d="M7.8 7.8a6 6 0 0 0 0 8.4M16.2 7.8a6 6 0 0 1 0 8.4M4.9 4.9a10 10 0 0 0 0 14.2M19.1 4.9a10 10 0 0 1 0 14.2" />
      </svg>
      <span className="nav-label">Go live</span>
    </Link>
  );
}

import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { getAddress, isAddress } from "viem";

/**
 * Every address is a channel (perhaps still empty); anything else is a 404, decided here before the page's loading
 * skeleton streams (see watch/[id]/layout.tsx). One URL per channel: the checksummed address.
 */
export default async function CreatorLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ address: string }>;
}) {
  const { address: raw } = await params;
  const decoded = decodeURIComponent(raw);
  if (!isAddress(decoded, { strict: false })) notFound();
  const address = getAddress(decoded);
  if (address !== decoded) redirect(`/creator/${address}`);
  return children;
}

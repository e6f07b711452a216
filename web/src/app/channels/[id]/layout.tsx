import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { parseChannelId } from "@/lib/channels";
import { getChannel } from "./data";

/** Decides "no such channel" before the page's loading skeleton streams, so the answer is a real 404 (see watch/[id]/layout.tsx). */
export default async function ChannelLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  if (!parseChannelId(id)) notFound();
  const result = await getChannel(id);
  if (!result.ok && (result.status === 404 || result.status === 400)) notFound();
  return children;
}

import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getStream } from "./data";

/** Decides "no such stream" before anything streams, so an unknown id answers 404 (as /watch/[id]/layout.tsx does). */
export default async function LiveLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const result = await getStream(id);
  if (!result.ok && (result.status === 404 || result.status === 400)) notFound();
  return children;
}

import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getCrowdfund } from "./data";

/** Decides "no such crowdfund" before anything streams, so the answer is a real 404 (see watch/[id]/layout.tsx). */
export default async function CrowdfundLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const result = await getCrowdfund(id);
  if (!result.ok && (result.status === 404 || result.status === 400)) notFound();
  return children;
}

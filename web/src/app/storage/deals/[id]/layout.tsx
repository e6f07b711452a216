import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getDeal } from "./data";

/** Decides "no such deal" before anything streams, so the answer is a real 404 (see watch/[id]/layout.tsx). */
export default async function DealLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const result = await getDeal(id);
  if (!result.ok && (result.status === 404 || result.status === 400)) notFound();
  return children;
}

import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getVideo } from "./data";

/**
 * Decides "no such video" before anything streams. The page's loading.tsx is a Suspense boundary: once its skeleton is
 * sent the status is already 200, so a `notFound()` in the page would render the not-found page with a 200. A layout
 * sits outside that boundary, so here it still makes a 404.
 */
export default async function VideoLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ id: string }>;
}) {
  const { id } = await params;
  const result = await getVideo(id);
  if (!result.ok && (result.status === 404 || result.status === 400)) notFound();
  return children;
}

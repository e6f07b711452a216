import type { Metadata } from "next";
import { normaliseTag } from "@chorus/protocol";
import { SearchPage } from "@/components/search/SearchPage";

export async function generateMetadata({ params }: { params: Promise<{ tag: string }> }): Promise<Metadata> {
  return { title: `#${normaliseTag(decodeURIComponent((await params).tag))}` };
}

/** /tags/:tag — the videos with a tag, newest first (a search with the tag as its filter). */
export default async function TagPage({
  params,
  searchParams,
}: {
  params: Promise<{ tag: string }>;
  searchParams: Promise<Record<string, string | string[]>>;
}) {
  const tag = normaliseTag(decodeURIComponent((await params).tag));
  return <SearchPage params={await searchParams} tag={tag} />;
}

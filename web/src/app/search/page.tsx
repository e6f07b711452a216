import type { Metadata } from "next";
import { SearchPage } from "@/components/search/SearchPage";

export const metadata: Metadata = { title: "Search" };

/** /search?q=&type=&duration=&since=&released=&kept=&tag=&cursor= — full-text search with filters. */
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  return <SearchPage params={await searchParams} />;
}

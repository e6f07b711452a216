import type { Metadata } from "next";
import { SearchPage } from "@/components/search/SearchPage";
import { getInstance } from "@/lib/server-config";

export const metadata: Metadata = { title: "Search" };

/**
 * /search?q=&type=&duration=&since=&released=&kept=&tag=&cursor= — full-text search with filters; on an instance with a
 * scope, videos from its scope unless `all=1`.
 */
export default async function Page({ searchParams }: { searchParams: Promise<Record<string, string | string[]>> }) {
  const [params, instance] = await Promise.all([searchParams, getInstance()]);
  return <SearchPage params={params} scope={instance.scope} />;
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ListPage } from "@/components/filters/ListPage";
import { IndexerError } from "@/components/IndexerError";
import { callIndexer } from "@/lib/indexer";
import { getServerConfig } from "@/lib/server-config";

export const metadata: Metadata = { title: "Filter list" };

// No loading.tsx here: an unknown list must answer 404, which a streamed skeleton would turn into a 200 (web/README.md).
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[1-9]\d{0,30}$/.test(id)) notFound();
  const config = await getServerConfig();
  const list = await callIndexer(config.indexerUrl, "getFilterList", { params: { id } });
  if (!list.ok && list.status === 404) notFound();
  if (!list.ok)
    return (
      <div className="page page-narrow">
        <IndexerError failure={list} indexerUrl={config.indexerUrl} failedTitle="Couldn't load this list" />
      </div>
    );
  return <ListPage id={id} initial={list.data} />;
}

import { cache } from "react";
import { callIndexer } from "@/lib/indexer";
import { getServerConfig } from "@/lib/server-config";

/** One indexer request per page view, shared by the layout (which decides 404) and the page. */
export const getCrowdfund = cache(async (id: string) => {
  const config = await getServerConfig();
  return callIndexer(config.indexerUrl, "getCrowdfund", { params: { id } });
});

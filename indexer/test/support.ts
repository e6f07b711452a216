// What the indexer's tests share: the indexer as a real process, and content added to a real IPFS node.
import path from "node:path";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { create } from "kubo-rpc-client";
import { freePort, startService } from "../../scripts/lib/process.ts";
import { tsxCommand } from "../../scripts/lib/tsx.ts";

const INDEXER_ENTRY = path.resolve(import.meta.dirname, "../scripts/start.ts");

/** Starts `indexer/scripts/start.ts` on a free port and waits until it has caught up with the chain. */
export async function startIndexer(options: {
  chainRpcUrl: string;
  kuboRpcUrl: string;
  dataDir: string;
  onLine?: (line: string) => void;
}) {
  const port = await freePort();
  const [command, args] = tsxCommand(INDEXER_ENTRY);
  const service = await startService("indexer", command, args, {
    env: {
      ...process.env,
      CHAIN_RPC_URL: options.chainRpcUrl,
      KUBO_RPC_URL: options.kuboRpcUrl,
      INDEXER_PORT: String(port),
      INDEXER_DATA_DIR: options.dataDir,
    },
    readyLine: /^indexer caught up/,
    readyTimeoutMs: 120_000,
    ...(options.onLine ? { onLine: options.onLine } : {}),
  });
  return { service, api: `http://127.0.0.1:${port}` };
}

/** Adds files as one wrapped directory, as the worker publishes a video; returns the directory's CID. */
export async function addDirectory(kuboRpcUrl: string, files: { path: string; content: string }[]) {
  let root = "";
  for await (const entry of create({ url: kuboRpcUrl }).addAll(files, {
    ...KUBO_ADD_OPTIONS,
    wrapWithDirectory: true,
  })) {
    if (entry.path === "") root = entry.cid.toString();
  }
  return root;
}

/** GET a JSON route: its status and body. */
export async function getJson(url: string) {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as any };
}

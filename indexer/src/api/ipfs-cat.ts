/**
 * Reads a file from IPFS through the Kubo RPC API (`POST /api/v0/cat`), at most `maxBytes` of it. Plain fetch rather than
 * kubo-rpc-client: this runs in Ponder's process, whose every start (each indexer and stack test file) would otherwise
 * load the client's ~300 modules, 0.4–0.6 s of CPU, for this one call. Returns the bytes, or "too-large" past
 * `maxBytes`; throws when IPFS cannot deliver it (not found in time, node down, a Kubo error).
 */
export async function ipfsCat(
  rpcUrl: string,
  path: string,
  { signal, maxBytes }: { signal: AbortSignal; maxBytes: number },
): Promise<Uint8Array | "too-large"> {
  const base = new URL(rpcUrl);
  // As kubo-rpc-client does: a bare host means its /api/v0.
  if (!base.pathname.replace(/\/+$/, "").endsWith("/api/v0"))
    base.pathname = `${base.pathname.replace(/\/+$/, "")}/api/v0`;
  const url = new URL(`${base.pathname}/cat`, base);
  url.searchParams.set("arg", path);
  const response = await fetch(url, { method: "POST", signal });
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => "");
    throw new Error(`IPFS cat ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => {});
      return "too-large";
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

// The benchmark catalogue: a local chain holding a large catalogue — by default 100,000 videos by 2,000 creators, 1,000
// community channels (three founders each) with 5 releases each (a submission and a second vote), and a comment on
// every second video — made of real events from the real contracts, sent in batches through
// contracts/test/CatalogueSeeder.sol (each creator is a small contract, so thousands need no keys).
//
// Generating takes minutes, so the chain is kept: anvil dumps its state on exit to
// .chorus/catalogue/<size and code hash>.json (~650 MB for 100,000 videos) and the next run loads it
// (`--load-state`, blocks and logs included; ~20 s).
//
// `npm run catalogue` generates (or finds) it and prints what it holds; scripts/bench/catalogue.ts starts it for the
// backfill and listing benchmarks. Knobs: CATALOGUE_VIDEOS (default 100000), CATALOGUE_CREATORS (2000),
// CATALOGUE_CHANNELS (1000).
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deployments } from "@chorus/deployments";
import { createPublicClient, createWalletClient, http, type Abi, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { startAnvil } from "./lib/anvil.ts";
import { ensureDeployed, LOCAL_DEPLOYER_KEY } from "./lib/deploy.ts";
import { DEFAULT_DATA_DIR, ROOT } from "./lib/paths.ts";
import { freePort } from "./lib/process.ts";

export interface CatalogueSize {
  videos: number;
  creators: number;
  channels: number;
  /** Videos each channel releases (a submission and a vote each). */
  releasesEach: number;
  /** A comment on every n-th video. */
  commentEvery: number;
}

const DEFAULT_SIZE: CatalogueSize = {
  videos: 100_000,
  creators: 2_000,
  channels: 1_000,
  releasesEach: 5,
  commentEvery: 2,
};

/** Videos per transaction: ~1,000 publishes and 500 comments are ~70 M gas, under the catalogue chain's limit. */
const VIDEOS_PER_TX = 1_000;
const CHANNELS_PER_TX = 50;
const CREATORS_PER_TX = 200;
/** The catalogue chain's block gas limit: big batches, few blocks. */
const GAS_LIMIT = "1000000000";

/** Bump when the way the catalogue is generated changes (the saved chains are keyed by it). */
const CATALOGUE_VERSION = 1;
/** Blocks mined after the catalogue: more than Ponder's finality depth for an unknown chain (30). */
const FINALITY_PADDING = 64;

const ARTIFACT = path.join(ROOT, "artifacts/contracts/test/CatalogueSeeder.sol/CatalogueSeeder.json");

interface Catalogue {
  rpcUrl: string;
  size: CatalogueSize;
  /** Where the chain's state is kept between runs. */
  stateFile: string;
  /** Whether this run generated it (false: loaded from stateFile). */
  generated: boolean;
  generateSeconds: number;
  headBlock: bigint;
  stop(): Promise<void>;
}

/**
 * Starts anvil on a free port with the catalogue loaded (generating and saving it first if no saved one matches the
 * size, the contracts and this script).
 */
export async function startCatalogue(
  size: CatalogueSize = DEFAULT_SIZE,
  log: (line: string) => void = console.log,
): Promise<Catalogue> {
  const artifact = JSON.parse(
    await readFile(ARTIFACT, "utf8").catch(() => {
      throw new Error(`No compiled CatalogueSeeder at ${ARTIFACT}: run \`npm run compile\` first.`);
    }),
  ) as { abi: Abi; bytecode: Hex };
  const key = createHash("sha256")
    .update(JSON.stringify(size))
    .update(artifact.bytecode)
    .update(JSON.stringify(deployments[31337]))
    .update(String(CATALOGUE_VERSION))
    .digest("hex")
    .slice(0, 12);
  const dir = path.join(DEFAULT_DATA_DIR, "catalogue");
  await mkdir(dir, { recursive: true });
  const stateFile = path.join(dir, `${size.videos}-videos-${key}.json`);
  // Prague: no per-transaction gas cap (Osaka's EIP-7825 would cap each batch at 16.7 M gas).
  const chainArgs = ["--gas-limit", GAS_LIMIT, "--hardfork", "prague"];

  if (existsSync(stateFile)) {
    const anvil = await startAnvil({ port: await freePort(), extraArgs: [...chainArgs, "--load-state", stateFile] });
    const client = createPublicClient({ transport: http(anvil.rpcUrl, { timeout: 600_000 }) });
    // Empty blocks after the catalogue, so all of it is final: Ponder indexes the last 30 blocks of a chain it does not
    // know (its finality depth) one at a time in live mode, ~3× slower an event than its batched backfill — a real
    // chain's history is final, and a benchmark of the backfill should read it so.
    let headBlock: bigint;
    try {
      await client.request({ method: "anvil_mine", params: [`0x${FINALITY_PADDING.toString(16)}`, "0x1"] } as never);
      headBlock = await client.getBlockNumber();
    } catch (error) {
      await anvil.stop();
      throw error;
    }
    log(`catalogue: loaded ${stateFile} (head block ${headBlock})`);
    return {
      rpcUrl: anvil.rpcUrl,
      size,
      stateFile,
      generated: false,
      generateSeconds: 0,
      headBlock,
      stop: () => anvil.stop(),
    };
  }

  const started = performance.now();
  const partial = `${stateFile}.partial`;
  await rm(partial, { force: true });
  const anvil = await startAnvil({ port: await freePort(), extraArgs: [...chainArgs, "--dump-state", partial] });
  try {
    await ensureDeployed(anvil.rpcUrl, { record: false });
    const transport = http(anvil.rpcUrl, { timeout: 600_000 });
    const account = privateKeyToAccount(LOCAL_DEPLOYER_KEY);
    const wallet = createWalletClient({ account, transport });
    const client = createPublicClient({ transport, pollingInterval: 50 });
    const local = deployments[31337];
    const deployHash = await wallet.deployContract({
      chain: null,
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args: [local.Videos.address, local.Channels.address, local.Comments.address],
    });
    const seeder = (await client.waitForTransactionReceipt({ hash: deployHash })).contractAddress!;
    const call = async (functionName: string, args: readonly unknown[]) => {
      const hash = await wallet.writeContract({
        chain: null,
        address: seeder,
        abi: artifact.abi,
        functionName,
        args,
        gas: BigInt(GAS_LIMIT) - 1_000_000n,
      });
      const receipt = await client.waitForTransactionReceipt({ hash, timeout: 600_000 });
      if (receipt.status !== "success") throw new Error(`CatalogueSeeder.${functionName}(${args.join(", ")}) reverted`);
    };

    for (let made = 0; made < size.creators; made += CREATORS_PER_TX)
      await call("addCreators", [BigInt(Math.min(CREATORS_PER_TX, size.creators - made))]);
    log(`catalogue: ${size.creators} creators`);
    for (let first = 0; first < size.channels; first += CHANNELS_PER_TX)
      await call("createChannels", [
        BigInt(first),
        BigInt(Math.min(CHANNELS_PER_TX, size.channels - first)),
        BigInt(size.releasesEach),
      ]);
    log(`catalogue: ${size.channels} channels, ${size.channels * size.releasesEach} releases`);
    for (let first = 0; first < size.videos; first += VIDEOS_PER_TX) {
      await call("publish", [
        BigInt(first),
        BigInt(Math.min(VIDEOS_PER_TX, size.videos - first)),
        BigInt(size.commentEvery),
      ]);
      if ((first / VIDEOS_PER_TX) % 10 === 9)
        log(
          `catalogue: ${first + VIDEOS_PER_TX} of ${size.videos} videos (${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
    }
    const headBlock = await client.getBlockNumber();
    // anvil writes --dump-state when it stops: hundreds of MB, so give it time before the SIGKILL.
    await anvil.stop(300_000);
    // A dump cut short (anvil killed while writing) must not be kept: the complete one ends with this field.
    const tail = existsSync(partial) ? await readTail(partial, 64) : "";
    if (!tail.includes('"historical_states"'))
      throw new Error(`anvil did not write its whole state to ${partial} on exit`);
    await rename(partial, stateFile);
    const generateSeconds = (performance.now() - started) / 1000;
    log(`catalogue: generated in ${generateSeconds.toFixed(0)} s, saved to ${stateFile}`);
    const loaded = await startCatalogue(size, log);
    return { ...loaded, generated: true, generateSeconds, headBlock };
  } catch (error) {
    await anvil.stop();
    await rm(partial, { force: true });
    throw error;
  }
}

async function readTail(file: string, bytes: number) {
  const handle = await open(file);
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(bytes, size));
    await handle.read(buffer, 0, buffer.length, size - buffer.length);
    return buffer.toString("utf8");
  } finally {
    await handle.close();
  }
}

const envNumber = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${raw}"`);
  return value;
};

/** The catalogue size from CATALOGUE_VIDEOS, CATALOGUE_CREATORS and CATALOGUE_CHANNELS (defaults: DEFAULT_SIZE). */
export function sizeFromEnv(): CatalogueSize {
  return {
    ...DEFAULT_SIZE,
    videos: envNumber("CATALOGUE_VIDEOS", DEFAULT_SIZE.videos),
    creators: envNumber("CATALOGUE_CREATORS", DEFAULT_SIZE.creators),
    channels: envNumber("CATALOGUE_CHANNELS", DEFAULT_SIZE.channels),
  };
}

/**
 * Reads every log of the Chorus contracts with one eth_getLogs per contract: the count, and how long reading them
 * took (the backfill benchmark's baseline). Plain fetch: the answers are hundreds of MB, above viem's 10 MB limit.
 */
export async function readChorusEvents(rpcUrl: string) {
  const started = performance.now();
  let events = 0;
  for (const { address } of Object.values(deployments[31337])) {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "eth_getLogs",
        params: [{ address, fromBlock: "0x0", toBlock: "latest" }],
      }),
    });
    const body = (await response.json()) as { result?: unknown[]; error?: { message: string } };
    if (!body.result) throw new Error(`eth_getLogs for ${address} failed: ${body.error?.message ?? response.status}`);
    events += body.result.length;
  }
  return { events, ms: performance.now() - started };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const catalogue = await startCatalogue(sizeFromEnv());
  try {
    const { events } = await readChorusEvents(catalogue.rpcUrl);
    console.log(`catalogue: ${events} events in ${catalogue.headBlock} blocks, ${JSON.stringify(catalogue.size)}`);
  } finally {
    await catalogue.stop();
  }
}

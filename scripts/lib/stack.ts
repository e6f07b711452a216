import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { keepBlocksComing, startAnvil } from "./anvil.ts";
import { type Deployment, ensureDeployed, LOCAL_CHAIN_ID } from "./deploy.ts";
import { generate } from "./generate.ts";
import { artifactPath, CONTRACTS, DEPLOYMENTS_DIR, deploymentPath, ROOT } from "./paths.ts";
import { claimFile, freePort, httpAnswers, startService, type Service } from "./process.ts";
import { tsxCommand } from "./tsx.ts";
import { createPublicClient, http } from "viem";

export interface StackPorts {
  chain: number;
  ipfsRpc: number;
  gateway: number;
  swarm: number;
  worker: number;
  indexer: number;
  web: number;
}

export const DEFAULT_PORTS: StackPorts = {
  chain: 8545,
  ipfsRpc: 5001,
  gateway: 8080,
  swarm: 4001,
  worker: 8700,
  indexer: 42069,
  web: 3000,
};

export interface StackOptions {
  /** Everything the stack keeps between runs lives here. */
  dataDir: string;
  ports: StackPorts;
  /** Start the web app too (building it first when its sources changed). */
  web?: boolean;
  /** Each part's readiness, as it happens. */
  onReady?: (part: string, detail: string, ms: number) => void;
  /** Every line the parts print. */
  onLine?: (part: string, line: string) => void;
  /** A part exited on its own after it was ready. */
  onExit?: (part: string, detail: string) => void;
  /** Extra environment for every part (e.g. a smaller upload limit in tests). */
  env?: NodeJS.ProcessEnv;
  /** How many keeper daemons to run, each with its own IPFS node (0 to {@link LOCAL_KEEPER_KEYS}.length). */
  keepers?: number;
  /**
   * An existing chain to join instead of starting the local one (`npm start` with CHAIN_RPC_URL): no anvil, no deploy,
   * no blocks mined for it. Its deployment must be recorded in deployments/ (`npm run deploy`). No keepers by default
   * there: the local keepers' keys hold nothing on a real chain (run `keeper/` with a funded key of its own).
   */
  chainRpcUrl?: string;
}

/**
 * Anvil's development accounts #8 and #9: the local stack's keepers. (#0 deploys, #1–#3 are the web app's dev
 * wallets, #1–#3, #5 and #6–#9 the tests' accounts.)
 */
const LOCAL_KEEPER_KEYS = [
  "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
  "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
] as const;

export interface Stack {
  urls: { web?: string; chain: string; ipfsRpc: string; gateway: string; worker: string; indexer: string };
  /** The keepers that run, with their own IPFS nodes. */
  /** `keys`: the keeper's key service of paid videos (the web relays key requests to it). */
  keepers: { address: string; ipfsRpc: string; gateway: string; keys: string }[];
  /**
   * Starts one more web server from the same build against the same chain, indexer and IPFS node, on `port` with
   * `env` on top of the stack's: another instance (its own name, colours and scope). `stop()` stops it with the rest.
   */
  startWeb(port: number, env: NodeJS.ProcessEnv): Promise<Service>;
  stop(): Promise<void>;
}

/** Free ports for every part, for tests that run beside anything else. */
export async function freePorts(): Promise<StackPorts> {
  const ports = {} as StackPorts;
  for (const key of Object.keys(DEFAULT_PORTS) as (keyof StackPorts)[]) ports[key] = await freePort();
  return ports;
}

/**
 * Starts Chorus on embedded defaults: the local chain (with the contracts deployed), the IPFS node with its gateway, the
 * ffmpeg worker, the indexer and, unless `web` is false, the web app. Parts start as soon as what they need is up; if
 * one fails, the ones already started are stopped and the error says which part failed and what it printed.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { dataDir, ports, onReady, onLine, onExit, env: extraEnv, chainRpcUrl } = options;
  const keeperCount = options.keepers ?? (chainRpcUrl ? 0 : LOCAL_KEEPER_KEYS.length);
  if (!Number.isInteger(keeperCount) || keeperCount < 0 || keeperCount > LOCAL_KEEPER_KEYS.length) {
    throw new Error(`The local stack runs 0 to ${LOCAL_KEEPER_KEYS.length} keepers, not ${keeperCount}.`);
  }
  if (chainRpcUrl && keeperCount > 0) {
    throw new Error(
      "Keepers on an existing chain need funded keys of their own: start them from keeper/ (keeper/README.md), not here.",
    );
  }
  const chainId = chainRpcUrl ? await existingChain(chainRpcUrl) : LOCAL_CHAIN_ID;
  const services: Service[] = [];
  const keepers: Stack["keepers"] = [];
  let stopBlocks = () => {};
  let stopping = false;
  const stop = async () => {
    stopping = true;
    stopBlocks();
    for (const service of services.reverse()) await service.stop();
  };
  const urls: Stack["urls"] = {
    chain: chainRpcUrl ?? `http://127.0.0.1:${ports.chain}`,
    ipfsRpc: `http://127.0.0.1:${ports.ipfsRpc}`,
    gateway: `http://127.0.0.1:${ports.gateway}`,
    worker: `http://127.0.0.1:${ports.worker}`,
    indexer: `http://127.0.0.1:${ports.indexer}`,
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extraEnv,
    CHAIN_ID: String(chainId),
    CHAIN_RPC_URL: urls.chain,
    KUBO_RPC_URL: urls.ipfsRpc,
    IPFS_GATEWAY_URL: urls.gateway,
    WORKER_URL: urls.worker,
    INDEXER_URL: urls.indexer,
    NEXT_TELEMETRY_DISABLED: "1",
    PONDER_TELEMETRY_DISABLED: "true",
  };
  const timed = async <T>(part: string, start: () => Promise<T>, detail: (value: T) => string) => {
    const started = Date.now();
    const value = await start();
    onReady?.(part, detail(value), Date.now() - started);
    return value;
  };
  const track = <T extends Service>(service: T) => {
    services.push(service);
    service.child.on("exit", (code, signal) => {
      if (!stopping) onExit?.(service.name, `exit ${signal ?? code}\n${service.tail()}`);
    });
    return service;
  };
  const startWeb = (port: number, webEnv: NodeJS.ProcessEnv) =>
    startService("web", process.execPath, [NEXT_BIN, "start", "-H", "127.0.0.1", "-p", String(port)], {
      cwd: path.join(ROOT, "web"),
      env: { ...env, ...webEnv },
      readyCheck: () => httpAnswers(`http://127.0.0.1:${port}`),
      onLine: (line) => onLine?.("web", line),
    }).then(track);
  const node = (part: string, file: string, readyLine: RegExp, partEnv: NodeJS.ProcessEnv) => {
    const [command, args] = tsxCommand(path.join(ROOT, file));
    return startService(part, command, args, {
      cwd: ROOT,
      env: { ...env, ...partEnv },
      readyLine,
      onLine: (line) => onLine?.(part, line),
    }).then(track);
  };

  try {
    await mkdir(path.join(dataDir, "chain"), { recursive: true });

    const chainReady = (async () => {
      await timed("contracts", compileContractsIfChanged, (c) => c);
      if (chainRpcUrl) {
        await generateIfChanged();
        onReady?.("chain", `${chainRpcUrl} (chain ${chainId}, joined: not started or deployed here)`, 0);
        return;
      }
      const anvil = track(
        await timed(
          "chain",
          () =>
            startAnvil({
              port: ports.chain,
              stateFile: path.join(dataDir, "chain", "state.json"),
              onLine: (l) => onLine?.("chain", l),
            }),
          (a) => a.rpcUrl,
        ),
      );
      await timed(
        "deploy",
        () => ensureDeployed(anvil.rpcUrl),
        (d) =>
          Object.entries(d.deployment.contracts)
            .map(([name, c]) => `${name} ${c.address}`)
            .join(", "),
      );
      await generateIfChanged();
      stopBlocks = keepBlocksComing(anvil.rpcUrl);
    })();

    const ipfsReady = timed(
      "ipfs",
      () =>
        node("ipfs", "ipfs-node/src/main.ts", /^ipfs-node ready/, {
          IPFS_DATA_DIR: path.join(dataDir, "ipfs"),
          IPFS_RPC_PORT: String(ports.ipfsRpc),
          IPFS_GATEWAY_PORT: String(ports.gateway),
          IPFS_SWARM_PORT: String(ports.swarm),
          // The node keeps followed channels pinned: it asks the indexer which videos they release.
          IPFS_INDEXER_URL: urls.indexer,
        }),
      () => `rpc ${urls.ipfsRpc} · gateway ${urls.gateway}`,
    );

    const webBuilt = options.web === false ? undefined : timed("web build", buildWebIfChanged, (b) => b);

    // Each part waits only for what it needs, so the stack is up as soon as its slowest chain is: chain → indexer
    // (Ponder, ~14 s, the longest), IPFS → worker and keepers, web build → web (which also needs the keepers' key URLs).
    const workerReady = ipfsReady.then(() =>
      timed(
        "worker",
        () =>
          node("worker", "ffmpeg-worker/src/main.ts", /^ffmpeg-worker ready/, {
            WORKER_DATA_DIR: path.join(dataDir, "worker"),
            WORKER_PORT: String(ports.worker),
            WORKER_CHAIN_RPC_URL: urls.chain,
            WORKER_CHAIN_ID: String(chainId),
            // The worker has no authentication: only the web app's pages may call it from a browser.
            WORKER_CORS_ORIGINS: `http://127.0.0.1:${ports.web},http://localhost:${ports.web}`,
          }),
        () => urls.worker,
      ),
    );

    const indexerReady = chainReady.then(() =>
      timed(
        "indexer",
        async () => {
          // Node runs the indexer's start script itself (its TypeScript is erasable): ~0.3 s of CPU less than tsx's
          // loader, before every Ponder start.
          return track(
            await startService("indexer", process.execPath, [path.join(ROOT, "indexer/scripts/start.ts")], {
              cwd: ROOT,
              env: { ...env, INDEXER_DATA_DIR: path.join(dataDir, "indexer"), INDEXER_PORT: String(ports.indexer) },
              readyLine: /^indexer caught up/,
              readyTimeoutMs: 180_000,
              onLine: (line) => onLine?.("indexer", line),
            }),
          );
        },
        () => urls.indexer,
      ),
    );

    const keepersReady = (async () => {
      await ipfsReady;
      const peers = await swarmAddresses(urls.ipfsRpc, ports.swarm);
      await Promise.all(
        LOCAL_KEEPER_KEYS.slice(0, keeperCount).map(async (key, i) => {
          const name = `keeper-${i + 1}`;
          let ready = "";
          await timed(
            name,
            () =>
              node(name, "keeper/src/main.ts", /^keeper ready/, {
                KEEPER_PRIVATE_KEY: key,
                KEEPER_CHAIN_RPC_URL: urls.chain,
                KEEPER_DATA_DIR: path.join(dataDir, "keepers", String(i + 1)),
                KEEPER_IPFS_RPC_URL: "",
                KEEPER_IPFS_RPC_PORT: "0",
                KEEPER_GATEWAY_PORT: "0",
                KEEPER_SWARM_PORT: "0",
                KEEPER_PEERS: peers.join(","),
                KEEPER_KEY_PORT: "0",
              }).then((service) => {
                ready = service.readyLine ?? "";
                return service;
              }),
            () => ready.replace(/^keeper ready /, ""),
          );
          const field = (key: string) => new RegExp(`${key}=(\\S+)`).exec(ready)?.[1] ?? "";
          keepers[i] = {
            address: field("address"),
            ipfsRpc: field("ipfs-rpc"),
            gateway: field("gateway"),
            keys: field("keys"),
          };
        }),
      );
    })();

    const webReady = (async () => {
      if (options.web === false) return;
      await Promise.all([webBuilt, keepersReady]);
      urls.web = `http://127.0.0.1:${ports.web}`;
      // Paid videos: the web relays key requests to the worker, then to the keepers (they hold the keys too).
      env.KEY_SERVICE_URLS = keepers
        .map((k) => k.keys)
        .filter((u) => u.startsWith("http"))
        .join(",");
      await timed(
        "web",
        () => startWeb(ports.web, {}),
        () => urls.web!,
      );
    })();

    const parts = [chainReady, ipfsReady, workerReady, indexerReady, webBuilt, keepersReady, webReady];
    const failure = (await Promise.allSettled(parts)).find((part) => part.status === "rejected");
    // Every part has settled, so no service starts after `stop` below (and none is left running).
    if (failure) throw failure.reason;
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, keepers, startWeb, stop };
}

/** The node's swarm addresses on loopback, with its peer id: what keepers dial to fetch from it (no DHT locally). */
async function swarmAddresses(rpcUrl: string, swarmPort: number): Promise<string[]> {
  const response = await fetch(`${rpcUrl}/api/v0/id`, { method: "POST" });
  if (!response.ok) throw new Error(`The IPFS node's id call answered ${response.status}.`);
  const { ID, Addresses } = (await response.json()) as { ID: string; Addresses: string[] | null };
  const loopback = (Addresses ?? []).filter((a) => a.startsWith("/ip4/127.0.0.1/"));
  return loopback.length > 0 ? loopback : [`/ip4/127.0.0.1/tcp/${swarmPort}/p2p/${ID}`];
}

const NEXT_BIN = path.join(
  path.dirname(createRequire(import.meta.url).resolve("next/package.json")),
  "dist",
  "bin",
  "next",
);

/** Runs a command to completion in the repository; throws with its output if it fails. */
function run(command: string[], cwd = ROOT): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`\`${command.join(" ")}\` failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
}

/**
 * Runs `build` unless `files` hash to what the last build recorded in `stampFile` and `built()` still finds its output;
 * then records the new hash. Returns what happened, for the part's ready line.
 */
async function unlessUnchanged(
  stampFile: string,
  files: string[],
  built: () => Promise<boolean>,
  build: () => Promise<void>,
): Promise<string> {
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    hash.update(file);
    hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
  }
  const digest = hash.digest("hex");
  // Test files run side by side: one builds while the others wait, then find it up to date.
  return withLock(stampFile, async () => {
    const previous = await readFile(stampFile, "utf8").catch(() => "");
    if (previous === digest && (await built())) return "up to date";
    await build();
    await writeFile(stampFile, digest);
    return "built";
  });
}

/** Runs `task` holding a lock named after `name` across processes (a claimed file, {@link claimFile}). */
async function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  const dir = path.join(tmpdir(), "chorus-locks");
  await mkdir(dir, { recursive: true });
  const lock = path.join(dir, createHash("sha256").update(name).digest("hex").slice(0, 16));
  while (!claimFile(lock)) await new Promise((resolve) => setTimeout(resolve, 250));
  try {
    return await task();
  } finally {
    await rm(lock, { force: true });
  }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );

/**
 * `next build` takes half a minute on two cores: build only when the web app's sources, its generated contract module or
 * the lockfile changed since the last build (a hash stored beside the build).
 */
export async function buildWebIfChanged(): Promise<string> {
  const webDir = path.join(ROOT, "web");
  return unlessUnchanged(
    path.join(webDir, ".next", "chorus-source-hash"),
    [
      ...(await listFiles(path.join(webDir, "src"))),
      ...(await listFiles(path.join(webDir, "public"))),
      // The web transpiles @chorus/protocol's TypeScript source into its build (next.config.ts transpilePackages).
      ...(await listFiles(path.join(ROOT, "protocol", "src"))),
      path.join(webDir, "next.config.ts"),
      path.join(webDir, "package.json"),
      path.join(ROOT, "deployments", "index.ts"),
      path.join(ROOT, "package-lock.json"),
    ],
    () => exists(path.join(webDir, ".next", "BUILD_ID")),
    () => run(["npx", "--no-install", "next", "build"], webDir),
  );
}

/**
 * Even with nothing to do, `hardhat compile` takes ~4 s (Hardhat's own start), on the path to a running chain of every
 * stack a test starts: compile only when a contract source, the Hardhat config or the lockfile changed since the last
 * compilation (a hash stored beside the artifacts) or an artifact is missing.
 */
async function compileContractsIfChanged(): Promise<string> {
  return unlessUnchanged(
    path.join(ROOT, "artifacts", "chorus-source-hash"),
    [
      ...(await listFiles(path.join(ROOT, "contracts"))),
      path.join(ROOT, "hardhat.config.ts"),
      path.join(ROOT, "package-lock.json"),
    ],
    async () => (await Promise.all(CONTRACTS.map((name) => exists(artifactPath(name))))).every(Boolean),
    () => run(["npx", "--no-install", "hardhat", "compile", "--quiet"]),
  );
}

/**
 * `generate()` reads the compiler's whole output (tens of MB of JSON: seconds, on the path from the chain to the
 * indexer of every stack a test starts): generate only when the contracts' sources (the stamp
 * {@link compileContractsIfChanged} keeps, so call that first), their artifacts, the recorded deployments, the
 * generator or its output changed since the last generation.
 */
async function generateIfChanged(): Promise<string> {
  const output = path.join(DEPLOYMENTS_DIR, "index.ts");
  const deployments = (await readdir(DEPLOYMENTS_DIR)).filter((file) => /^\d+\.json$/.test(file));
  return unlessUnchanged(
    path.join(ROOT, "artifacts", "chorus-generated-hash"),
    [
      path.join(ROOT, "artifacts", "chorus-source-hash"),
      ...CONTRACTS.map(artifactPath),
      ...deployments.map((file) => path.join(DEPLOYMENTS_DIR, file)),
      path.join(ROOT, "scripts", "lib", "generate.ts"),
      output,
    ],
    () => exists(output),
    async () => {
      await generate();
    },
  );
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/**
 * The id of an existing chain the stack is asked to join, once it has answered and the deployment recorded for it
 * (deployments/<chainId>.json) is found there: a clear error otherwise, before anything starts.
 */
async function existingChain(rpcUrl: string): Promise<number> {
  const client = createPublicClient({ transport: http(rpcUrl) });
  const chainId = await client.getChainId().catch((error: Error) => {
    throw new Error(`The chain at ${rpcUrl} did not answer (${error.message.split("\n")[0]}).`);
  });
  const deployment = await readFile(deploymentPath(chainId), "utf8").then(
    (text) => JSON.parse(text) as Deployment,
    () => undefined,
  );
  if (!deployment) {
    throw new Error(
      `No deployment recorded for chain ${chainId} (${deploymentPath(chainId)}): deploy the contracts there first with ` +
        "`CHAIN_RPC_URL=… npm run deploy`, or use an instance's deployments/ that has it.",
    );
  }
  const { address } = deployment.contracts.Videos;
  if (!(await client.getCode({ address }))) {
    throw new Error(
      `Chain ${chainId} at ${rpcUrl} has no Videos contract at ${address}, where deployments/${chainId}.json records ` +
        "it: a different or reset chain under the same id? Deploy again with `npm run deploy`.",
    );
  }
  return chainId;
}

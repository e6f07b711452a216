// `npm test`: every suite of every workspace against real parts, then one closing line `N passed, N failed` made from
// the real counts (CI reads it). The machine has two cores and most suites start real servers of their own: a suite
// that keeps both cores busy runs alone; two that each leave a core idle run side by side (the contracts' compile is a
// single-threaded solc, so the web app's build and the small suites fill the other core meanwhile). Each suite's
// output is held and printed whole when it ends, so two never interleave.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { ROOT } from "./lib/paths.ts";
import { buildWebIfChanged } from "./lib/stack.ts";

interface Suite {
  name: string;
  /** A command to run, or (a preparation step, not a test: counted only when it fails) a task in this process. */
  command: string[] | (() => Promise<string>);
  /** Reads the passed and failed counts from the suite's output. */
  count: (output: string) => { passed: number; failed: number } | undefined;
  /** 2: it keeps both cores busy (or times things at real-time pace) and runs alone; 1: it may share with another 1. */
  cores: 1 | 2;
  /** Suites that must have ended before this one starts (it reads what they build or write). */
  after?: string[];
}

const last = (output: string, pattern: RegExp) => {
  const matches = [...output.matchAll(pattern)];
  return matches.length ? Number(matches.at(-1)![1]) : undefined;
};

/** node:test's summary (spec reporter: "ℹ pass 3", tap reporter: "# pass 3"). */
const nodeTestCounts = (output: string) => {
  const passed = last(output, /^(?:ℹ|#) pass (\d+)$/gm);
  const failed = last(output, /^(?:ℹ|#) fail (\d+)$/gm);
  return passed === undefined || failed === undefined ? undefined : { passed, failed };
};

/** Hardhat's summary ("15 passing (3 solidity, 12 nodejs)", "2 failing"). */
const hardhatCounts = (output: string) => {
  const passed = last(output, /^\s*(\d+) passing/gm);
  if (passed === undefined) return undefined;
  return { passed, failed: last(output, /^\s*(\d+) failing/gm) ?? 0 };
};

/** A single check that passes when its command exits 0. */
const exitCode = () => undefined;
/** A preparation step: not a test, so counted only when it fails. */
const preparation = () => undefined;

const npx = (...args: string[]) => ["npx", "--no-install", ...args];
const workspace = (name: string) => ["npm", "--silent", "-w", name, "test"];

const LIVE_STACK_TESTS = ["test/stack/chat.test.ts", "test/stack/golive.test.ts", "test/stack/watchlive.test.ts"];
/**
 * Seconds each stack test file took two at a time (fresh-clone CI run, quiet machine, 2026-12-07). The longest start
 * first, so that the run does not end on one long file alone; a file not listed yet counts as a long one (token-decimals
 * and channel-plan: estimated from runs alone, until a CI run measures them).
 */
const STACK_TEST_SECONDS: Record<string, number> = {
  "e2e.test.ts": 149,
  "first-hour.test.ts": 116,
  "social.test.ts": 92,
  "injection.test.ts": 84,
  "paid.test.ts": 75,
  "filters.test.ts": 73,
  "search.test.ts": 72,
  "channels.test.ts": 70,
  "stories.test.ts": 70,
  "subscriptions.test.ts": 69,
  "import.test.ts": 63,
  "earnings.test.ts": 61,
  "crowdfund.test.ts": 60,
  "tips.test.ts": 57,
  "published-playlists.test.ts": 57,
  "instance.test.ts": 52,
  "token-decimals.test.ts": 65,
  "channel-plan.test.ts": 90,
  "playlists.test.ts": 50,
  "price.test.ts": 49,
  "public-chain.test.ts": 57,
  "tiny-playback.test.ts": 12,
  "deploy.test.ts": 5,
};
const otherStackTests = () =>
  readdirSync(path.join(ROOT, "test", "stack"))
    .filter((file) => file.endsWith(".test.ts") && !LIVE_STACK_TESTS.includes(`test/stack/${file}`))
    .sort((a, b) => (STACK_TEST_SECONDS[b] ?? 90) - (STACK_TEST_SECONDS[a] ?? 90) || a.localeCompare(b))
    .map((file) => `test/stack/${file}`);

const WEB_BUILD = "web app build (for the stack tests)";
const suites: Suite[] = [
  // solc (solc-js, single-threaded) takes ~100 s of a fresh clone's run here, one core.
  { name: "contracts", command: npx("hardhat", "test"), count: hardhatCounts, cores: 1 },
  // `next build` when the web app's sources changed since the last one (every stack test needs it; else the first
  // one builds it while the others wait).
  { name: WEB_BUILD, command: buildWebIfChanged, count: preparation, cores: 1 },
  // Fails on any lint error or warning and on any file that `npm run format` would change.
  { name: "lint and format (biome)", command: ["npm", "--silent", "run", "lint"], count: exitCode, cores: 1 },
  {
    name: "unused files, exports and dependencies (knip)",
    command: npx("knip", "--no-progress"),
    count: exitCode,
    cores: 1,
  },
  { name: "protocol", command: workspace("protocol"), count: nodeTestCounts, cores: 1 },
  { name: "merkle", command: workspace("merkle"), count: nodeTestCounts, cores: 1 },
  { name: "ipfs-node", command: workspace("ipfs-node"), count: nodeTestCounts, cores: 1 },
  { name: "web", command: workspace("web"), count: nodeTestCounts, cores: 1 },
  {
    name: "gas snapshot (.gas-snapshot)",
    command: npx(
      "hardhat",
      "test",
      "solidity",
      "test/contracts/VideosGas.t.sol",
      "test/contracts/ChannelsGas.t.sol",
      "test/contracts/StorageEscrowGas.t.sol",
      "test/contracts/IdentityGas.t.sol",
      "test/contracts/FilterListsGas.t.sol",
      "test/contracts/StoriesGas.t.sol",
      "test/contracts/StreamsGas.t.sol",
      "test/contracts/EarningsGas.t.sol",
      "test/contracts/CrowdfundGas.t.sol",
      "test/contracts/PlaylistsGas.t.sol",
      "--snapshot-check",
    ),
    count: exitCode,
    cores: 1,
    after: ["contracts"],
  },
  {
    name: "generated files are up to date (deployments/)",
    command: [
      "bash",
      "-c",
      'npx --no-install tsx scripts/generate.ts && git diff --exit-code -- deployments/ && test -z "$(git status --porcelain -- deployments/)"',
    ],
    count: exitCode,
    cores: 1,
    after: ["contracts", WEB_BUILD],
  },
  // Half of the keeper's suite is waiting on its chain and IPFS nodes: it shares.
  { name: "keeper", command: workspace("keeper"), count: nodeTestCounts, cores: 1, after: ["contracts"] },
  // The root's types come from the contracts' artifacts, the web app's from its build (.next/types).
  {
    name: "typecheck (every workspace)",
    command: ["npm", "--silent", "run", "typecheck"],
    count: exitCode,
    cores: 2,
    after: ["generated files are up to date (deployments/)"],
  },
  // From here on every suite deploys the contracts on chains of its own.
  { name: "ffmpeg-worker", command: workspace("ffmpeg-worker"), count: nodeTestCounts, cores: 2, after: ["contracts"] },
  { name: "indexer", command: workspace("indexer"), count: nodeTestCounts, cores: 2, after: ["contracts"] },
  // The same suite on PostgreSQL (a throwaway cluster): the path a deployment with DATABASE_URL takes.
  {
    name: "indexer on PostgreSQL",
    command: npx("tsx", "scripts/with-postgres.ts", ...workspace("indexer")),
    count: nodeTestCounts,
    cores: 2,
    after: ["contracts"],
  },
  // Each stack test file starts a whole stack of its own (the first one to start compiles the contracts when their
  // sources changed; the others wait for it). Two at a time: much of a stack test is waiting on a chain, a poll or a
  // page, so two share the two cores well. Live streams encode and play at real-time pace: one at a time.
  {
    name: "stack and end to end (live, one at a time)",
    command: npx("tsx", "--test", "--test-concurrency=1", ...LIVE_STACK_TESTS),
    count: nodeTestCounts,
    cores: 2,
    after: ["contracts", WEB_BUILD],
  },
  {
    name: "stack and end to end (two at a time)",
    command: npx("tsx", "--test", "--test-concurrency=2", ...otherStackTests()),
    count: nodeTestCounts,
    cores: 2,
    after: ["contracts", WEB_BUILD],
  },
];

const only = process.argv.slice(2);
const planned = suites.filter((suite) => !only.length || only.some((name) => suite.name.startsWith(name)));
let passed = 0;
let failed = 0;
const lines = new Map<Suite, string>();

// In the order above, start each suite once those it comes after have ended (or are not in this run) and the cores it
// needs are free; a suite that must wait for cores holds back the ones after it, so the order stays the plan's.
const waiting = [...planned];
const ended = new Set<string>();
const running = new Set<Promise<void>>();
let coresInUse = 0;
while (waiting.length > 0 || running.size > 0) {
  const ready = waiting.filter((suite) =>
    (suite.after ?? []).every((name) => ended.has(name) || !planned.some((s) => s.name === name)),
  );
  const next = ready[0];
  if (next && coresInUse + next.cores <= 2) {
    waiting.splice(waiting.indexOf(next), 1);
    coresInUse += next.cores;
    const done: Promise<void> = runSuite(next).then(() => {
      coresInUse -= next.cores;
      ended.add(next.name);
      running.delete(done);
    });
    running.add(done);
    continue;
  }
  if (running.size === 0)
    throw new Error(
      `scripts/test.ts: no suite can start (${waiting.map((s) => s.name).join(", ")}): check their \`after\`.`,
    );
  await Promise.race(running);
}

const report = planned.map((suite) => lines.get(suite)).filter((line) => line !== undefined);
console.log(`\n━━━ summary\n${report.join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

async function runSuite(suite: Suite) {
  const started = Date.now();
  const described = typeof suite.command === "function" ? "(in this process)" : suite.command.join(" ");
  // A suite that runs alone prints as it goes (a long one shows it is alive); one that runs beside another prints its
  // whole output at once when it ends, under its heading, so that the two never interleave.
  const live = suite.cores === 2;
  if (live) console.log(`\n━━━ ${suite.name}: ${described}`);
  const { code, output } =
    typeof suite.command === "function" ? await runTask(suite.command) : await run(suite.command, live);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (!live) process.stdout.write(`\n━━━ ${suite.name}: ${described} (${seconds} s, beside another)\n${output}`);
  // Runners colour their output when they think CI is watching; count on the plain text.
  const counts = suite.count(stripVTControlCharacters(output));
  let line: string;
  if (counts) {
    // A suite that crashed after its counts were printed still fails.
    const crashed = code !== 0 && counts.failed === 0 ? 1 : 0;
    passed += counts.passed;
    failed += counts.failed + crashed;
    line = `${suite.name}: ${counts.passed} passed, ${counts.failed + crashed} failed (${seconds} s)`;
  } else if (code === 0 && suite.count === preparation) {
    line = `${suite.name}: done (${seconds} s)`;
  } else if (code === 0 && suite.count === exitCode) {
    passed += 1;
    line = `${suite.name}: passed (${seconds} s)`;
  } else {
    failed += 1;
    line = `${suite.name}: FAILED — exit ${code}, no test counts found (${seconds} s)`;
  }
  lines.set(suite, line);
}

async function runTask(task: () => Promise<string>): Promise<{ code: number; output: string }> {
  try {
    return { code: 0, output: `${await task()}\n` };
  } catch (error) {
    return { code: 1, output: `${(error as Error).message}\n` };
  }
}

function run(command: string[], live: boolean): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ] as const) {
      from.setEncoding("utf8");
      from.on("data", (chunk: string) => {
        output += chunk;
        if (live) to.write(chunk);
      });
    }
    // A command that cannot start at all (not installed) fails its suite instead of the whole run.
    child.on("error", (error) => (output += `${error.message}\n`));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

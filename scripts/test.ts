// `npm test`: every suite of every workspace against real parts, then one closing line `N passed, N failed` made from
// the real counts (CI reads it). Suites run one after another: the machine has two cores and each suite starts real
// servers of its own.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { ROOT } from "./lib/paths.ts";

interface Suite {
  name: string;
  command: string[];
  /** Reads the passed and failed counts from the suite's output. */
  count: (output: string) => { passed: number; failed: number } | undefined;
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

const npx = (...args: string[]) => ["npx", "--no-install", ...args];
const workspace = (name: string) => ["npm", "--silent", "-w", name, "test"];

const LIVE_STACK_TESTS = ["test/stack/chat.test.ts", "test/stack/golive.test.ts", "test/stack/watchlive.test.ts"];
const otherStackTests = () =>
  readdirSync(path.join(ROOT, "test", "stack"))
    .filter((file) => file.endsWith(".test.ts"))
    .map((file) => `test/stack/${file}`)
    .filter((file) => !LIVE_STACK_TESTS.includes(file));

const suites: Suite[] = [
  { name: "contracts", command: npx("hardhat", "test"), count: hardhatCounts },
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
  },
  {
    name: "generated files are up to date (deployments/)",
    command: [
      "bash",
      "-c",
      'npx --no-install tsx scripts/generate.ts && git diff --exit-code -- deployments/ && test -z "$(git status --porcelain -- deployments/)"',
    ],
    count: exitCode,
  },
  { name: "typecheck (every workspace)", command: ["npm", "--silent", "run", "typecheck"], count: exitCode },
  // Fails on any lint error or warning and on any file that `npm run format` would change.
  { name: "lint and format (biome)", command: ["npm", "--silent", "run", "lint"], count: exitCode },
  { name: "unused files, exports and dependencies (knip)", command: npx("knip", "--no-progress"), count: exitCode },
  { name: "protocol", command: workspace("protocol"), count: nodeTestCounts },
  { name: "ipfs-node", command: workspace("ipfs-node"), count: nodeTestCounts },
  { name: "merkle", command: workspace("merkle"), count: nodeTestCounts },
  { name: "ffmpeg-worker", command: workspace("ffmpeg-worker"), count: nodeTestCounts },
  { name: "keeper", command: workspace("keeper"), count: nodeTestCounts },
  { name: "indexer", command: workspace("indexer"), count: nodeTestCounts },
  // The same suite on PostgreSQL (a throwaway cluster): the path a deployment with DATABASE_URL takes.
  {
    name: "indexer on PostgreSQL",
    command: npx("tsx", "scripts/with-postgres.ts", ...workspace("indexer")),
    count: nodeTestCounts,
  },
  { name: "web", command: workspace("web"), count: nodeTestCounts },
  // Each stack test file starts a whole stack of its own (the first one to start builds the web app and the contracts
  // when their sources changed; the others wait for it). Two at a time: much of a stack test is waiting on a chain, a
  // poll or a page, so two share the two cores well. Live streams encode and play at real-time pace: one at a time.
  {
    name: "stack and end to end (live, one at a time)",
    command: npx("tsx", "--test", "--test-concurrency=1", ...LIVE_STACK_TESTS),
    count: nodeTestCounts,
  },
  {
    name: "stack and end to end (two at a time)",
    command: npx("tsx", "--test", "--test-concurrency=2", ...otherStackTests()),
    count: nodeTestCounts,
  },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const report: string[] = [];

for (const suite of suites) {
  if (only.length && !only.some((name) => suite.name.startsWith(name))) continue;
  console.log(`\n━━━ ${suite.name}: ${suite.command.join(" ")}`);
  const started = Date.now();
  const { code, output } = await run(suite.command);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  // Runners colour their output when they think CI is watching; count on the plain text.
  const counts = suite.count(stripVTControlCharacters(output));
  let line: string;
  if (counts) {
    // A suite that crashed after its counts were printed still fails.
    const crashed = code !== 0 && counts.failed === 0 ? 1 : 0;
    passed += counts.passed;
    failed += counts.failed + crashed;
    line = `${suite.name}: ${counts.passed} passed, ${counts.failed + crashed} failed (${seconds} s)`;
  } else if (code === 0 && suite.count === exitCode) {
    passed += 1;
    line = `${suite.name}: passed (${seconds} s)`;
  } else {
    failed += 1;
    line = `${suite.name}: FAILED — exit ${code}, no test counts found (${seconds} s)`;
  }
  report.push(line);
}

console.log(`\n━━━ summary\n${report.join("\n")}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

function run(command: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const forward = (chunk: Buffer, to: NodeJS.WriteStream) => {
      output += chunk.toString("utf8");
      to.write(chunk);
    };
    child.stdout.on("data", (chunk: Buffer) => forward(chunk, process.stdout));
    child.stderr.on("data", (chunk: Buffer) => forward(chunk, process.stderr));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

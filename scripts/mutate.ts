// `npm run mutate [-- <id or file filter>...] [--ci]`: seeds known bugs into the contracts, one at a time, and runs
// the test suites against each. A mutant is *killed* when a suite fails with it in place. The invariant suite of the
// mutated contract runs first; the unit, fuzz and invariant tests together (`hardhat test`) run only for a mutant the
// invariants let through. Goal: every mutant killed, and every `guarded` one (money or votes) by the invariants alone.
//
// The mutants live in test/mutants/<Contract>.ts (shape: test/mutants/types.ts). Runs happen in a scratch copy of the
// contracts and tests under the system's temp directory, so the working tree is never touched. Depth: the local
// fuzz/invariant profile by default (what a developer runs); `--ci` runs at CI's depth (much slower).
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Mutant } from "../test/mutants/types.ts";
import { ROOT } from "./lib/paths.ts";

type Outcome = "killed by invariants" | "killed by unit tests" | "survived" | "does not compile";

const args = process.argv.slice(2);
const ciDepth = args.includes("--ci");
const filters = args.filter((arg) => !arg.startsWith("--"));

const mutants = await loadMutants();
const selected = mutants.filter(
  (m) => !filters.length || filters.some((f) => m.id.startsWith(f) || m.file.includes(f)),
);
if (!selected.length) fail(`no mutant matches ${filters.join(", ")}`);

const sandbox = await makeSandbox();
process.on("exit", () => rmSync(sandbox, { recursive: true, force: true }));
const env = { ...process.env, CI: ciDepth ? "true" : "false", FUZZ_NO_SHRINK: "1", FORCE_COLOR: "0" };
console.log(`mutate: ${selected.length} mutants, ${ciDepth ? "CI" : "local"} depth, scratch copy in ${sandbox}`);

{
  // The suites must pass without any mutant, or every mutant would look killed.
  const baseline = await hardhat(["test"]);
  if (!baseline.ok) fail(`the suites fail without any mutant; fix them first:\n${tail(baseline.output)}`);

  const results: { mutant: Mutant; outcome: Outcome; seconds: number }[] = [];
  for (const [index, mutant] of selected.entries()) {
    const started = Date.now();
    const outcome = await tryMutant(mutant);
    const seconds = Math.round((Date.now() - started) / 1000);
    results.push({ mutant, outcome, seconds });
    const mark =
      outcome === "killed by invariants" || (outcome === "killed by unit tests" && !mutant.guarded) ? "✔" : "✘";
    console.log(`${mark} [${index + 1}/${selected.length}] ${mutant.id}: ${outcome} (${seconds} s)`);
  }

  const bad = results.filter(
    ({ mutant, outcome }) =>
      outcome === "survived" ||
      outcome === "does not compile" ||
      (mutant.guarded && outcome !== "killed by invariants"),
  );
  console.log("\n| mutant | kind | guarded | outcome |\n| --- | --- | --- | --- |");
  for (const { mutant, outcome } of results)
    console.log(`| ${mutant.id} | ${mutant.kind} | ${mutant.guarded ? "yes" : ""} | ${outcome} |`);
  const count = (outcome: Outcome) => results.filter((r) => r.outcome === outcome).length;
  console.log(
    `\n${results.length} mutants: ${count("killed by invariants")} killed by the invariant suites, ${count("killed by unit tests")} by the unit tests only, ` +
      `${count("survived")} survived, ${count("does not compile")} do not compile`,
  );
  for (const { mutant, outcome } of bad) {
    console.log(
      `✘ ${mutant.id} (${outcome}${mutant.guarded ? ", guarded: the invariants must kill it" : ""}): ${mutant.why}`,
    );
  }
  process.exitCode = bad.length ? 1 : 0;
}

async function tryMutant(mutant: Mutant): Promise<Outcome> {
  const file = path.join(sandbox, mutant.file);
  const original = await readFile(file, "utf8");
  await writeFile(file, original.replace(mutant.find, mutant.replace));
  try {
    if (!(await hardhat(["compile", "--quiet"])).ok) return "does not compile";
    const invariants = await invariantSuites(mutant.file);
    if (invariants.length && !(await hardhat(["test", "solidity", ...invariants])).ok) return "killed by invariants";
    return (await hardhat(["test"])).ok ? "survived" : "killed by unit tests";
  } finally {
    await writeFile(file, original);
  }
}

/** The invariant suite of the mutated contract (test/contracts/<Contract>Invariant.t.sol), if it has one. */
async function invariantSuites(file: string): Promise<string[]> {
  const suite = `test/contracts/${path.basename(file, ".sol")}Invariant.t.sol`;
  const files = await readdir(path.join(ROOT, "test/contracts"));
  return files.includes(path.basename(suite)) ? [suite] : [];
}

async function loadMutants(): Promise<Mutant[]> {
  const dir = path.join(ROOT, "test/mutants");
  const files = (await readdir(dir)).filter((name) => name.endsWith(".ts") && name !== "types.ts").sort();
  const all: Mutant[] = [];
  for (const name of files) {
    const module = (await import(pathToFileURL(path.join(dir, name)).href)) as { mutants?: Mutant[] };
    if (!Array.isArray(module.mutants)) fail(`test/mutants/${name} does not export \`mutants\``);
    all.push(...module.mutants);
  }
  // A mutant that does not apply exactly once would test something other than what it says.
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const mutant of all) {
    if (seen.has(mutant.id)) problems.push(`${mutant.id}: the id is used twice`);
    seen.add(mutant.id);
    const source = await readFile(path.join(ROOT, mutant.file), "utf8").catch(() => undefined);
    if (source === undefined) {
      problems.push(`${mutant.id}: ${mutant.file} does not exist`);
      continue;
    }
    const occurrences = source.split(mutant.find).length - 1;
    if (occurrences !== 1)
      problems.push(`${mutant.id}: its \`find\` occurs ${occurrences} times in ${mutant.file} (must be once)`);
    if (mutant.find === mutant.replace) problems.push(`${mutant.id}: \`replace\` equals \`find\``);
  }
  if (problems.length) fail(`mutants that cannot be applied:\n  ${problems.join("\n  ")}`);
  return all;
}

/** A scratch copy of what `hardhat test` reads, sharing the repository's node_modules. */
async function makeSandbox(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "chorus-mutate-"));
  for (const entry of [
    "contracts",
    "test/contracts",
    "test/invariant",
    "hardhat.config.ts",
    "remappings.txt",
    "package.json",
    "tsconfig.json",
  ]) {
    await cp(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  await symlink(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

function hardhat(command: string[]): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("npx", ["--no-install", "hardhat", ...command], {
      cwd: sandbox,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("close", (code) => resolve({ ok: code === 0, output }));
  });
}

function tail(output: string): string {
  return output
    .split("\n")
    .filter((line) => !/Warning|^\s*(\||-->|\^)|^\s*\d* \|/.test(line) && line.trim())
    .slice(-40)
    .join("\n");
}

function fail(message: string): never {
  console.error(`mutate: ${message}`);
  process.exit(2);
}

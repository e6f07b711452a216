// `npm run typecheck`: compiles the contracts (the root's types come from their artifacts), then runs `tsc --noEmit` on
// the root and on every workspace that has a `typecheck` script — as many at once as the machine has cores (tsc is
// single-threaded; one after another took ~2 minutes here). Each failure is printed whole, under its workspace's name.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { ROOT } from "./lib/paths.ts";

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}

const compiled = await run("npx", ["--no-install", "hardhat", "compile", "--quiet"], ROOT);
if (compiled.code !== 0) {
  process.stderr.write(`typecheck: the contracts do not compile\n${compiled.output}`);
  process.exit(1);
}

const { workspaces } = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { workspaces: string[] };
const projects = ["."];
for (const workspace of workspaces) {
  const manifest = JSON.parse(await readFile(path.join(ROOT, workspace, "package.json"), "utf8"));
  if (manifest.scripts?.typecheck) projects.push(workspace);
}

const queue = [...projects];
const failed: string[] = [];
await Promise.all(
  Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
    for (let project = queue.shift(); project !== undefined; project = queue.shift()) {
      // The root's tsc and each workspace's own `typecheck` script (they all say `tsc --noEmit`).
      const { code, output } =
        project === "."
          ? await run("npx", ["--no-install", "tsc", "--noEmit", "-p", "."], ROOT)
          : await run("npm", ["--silent", "run", "typecheck"], path.join(ROOT, project));
      if (code !== 0) {
        failed.push(project);
        process.stderr.write(`typecheck: ${project === "." ? "the root" : project} failed\n${output}\n`);
      }
    }
  }),
);
if (failed.length > 0) process.exit(1);
console.log(`typecheck: ${projects.length} projects clean`);

import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const TSX_CLI = path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "cli.mjs");

/** Command and arguments that run a TypeScript entry point under this Node (22, from npm) with tsx. */
export function tsxCommand(file: string, args: string[] = []): [string, string[]] {
  return [process.execPath, [TSX_CLI, file, ...args]];
}

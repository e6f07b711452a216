import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const TSX_LOADER = pathToFileURL(
  path.join(path.dirname(require.resolve("tsx/package.json")), "dist", "loader.mjs"),
).href;

/**
 * Command and arguments that run a TypeScript entry point under this Node (22, from npm) with tsx — as tsx's loader in
 * one Node process, not through the tsx CLI: the CLI runs the program in a second process and relays signals to it, so
 * a service stopped by signalling its process group would get each signal twice (once from the group, once relayed),
 * and our services read a second SIGTERM as "exit now".
 */
export function tsxCommand(file: string, args: string[] = []): [string, string[]] {
  return [process.execPath, ["--import", TSX_LOADER, file, ...args]];
}

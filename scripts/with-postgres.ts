// `tsx scripts/with-postgres.ts <command…>`: runs a command with a throwaway PostgreSQL cluster (test/lib/postgres.ts)
// whose superuser URL is in CHORUS_TEST_POSTGRES_URL, then stops the cluster and exits with the command's code.
// `npm test` runs the indexer's suite through it a second time, so Postgres is a tested path, not only PGlite.
import { spawn } from "node:child_process";
import { startPostgres } from "../test/lib/postgres.ts";

const command = process.argv.slice(2);
if (!command.length) {
  console.error("Usage: tsx scripts/with-postgres.ts <command> [args…] (e.g. npm -w indexer test)");
  process.exit(2);
}
const cluster = await startPostgres();
console.log(`with-postgres: a throwaway PostgreSQL on 127.0.0.1:${cluster.port} (pid ${cluster.pid})`);
const child = spawn(command[0]!, command.slice(1), {
  stdio: "inherit",
  env: { ...process.env, CHORUS_TEST_POSTGRES_URL: cluster.url },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
const code = await new Promise<number>((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
await cluster.stop();
process.exit(code);

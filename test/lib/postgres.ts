// A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` in a temporary directory, `postgres` on 127.0.0.1
// and a free port (its socket in that directory too), stopped by its PID and removed at the end. Nothing is installed
// or left behind; no system cluster is touched.
import { execFile, spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { chmod, chown, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort, waitFor } from "../../scripts/lib/process.ts";

const run = promisify(execFile);

/**
 * The directory holding `initdb` and `postgres`: $POSTGRES_BIN, else PATH, else Debian's /usr/lib/postgresql/<newest>/bin
 * (the `postgresql` package puts only wrappers such as `psql` on PATH, not the server binaries).
 */
function findPostgresBin(): string {
  const candidates: string[] = [];
  if (process.env.POSTGRES_BIN) candidates.push(process.env.POSTGRES_BIN);
  candidates.push(...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean));
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, "bin")));
  }
  const found = candidates.find(
    (dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "postgres")),
  );
  if (!found)
    throw new Error(
      "PostgreSQL's initdb and postgres were not found (looked in $POSTGRES_BIN, PATH and /usr/lib/postgresql/*/bin): " +
        "install it (Debian: `apt-get install -y postgresql`, as .ci/run does) or set POSTGRES_BIN to the directory holding them.",
    );
  return found;
}

/**
 * PostgreSQL refuses to run as root. Run as root, the cluster belongs to the `postgres` user (Debian's package creates
 * it) or else `nobody`; otherwise to the current user.
 */
async function clusterOwner(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    try {
      const { stdout } = await run("id", ["-u", name]);
      const { stdout: group } = await run("id", ["-g", name]);
      return { uid: Number(stdout.trim()), gid: Number(group.trim()) };
    } catch {
      // No such user: try the next.
    }
  }
  throw new Error("Running as root, and neither a `postgres` nor a `nobody` user exists to own the test cluster.");
}

interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` — the superuser, no password (trust on loopback). */
  url: string;
  port: number;
  pid: number;
  /** A connection URL to another database of the cluster. */
  urlFor(database: string): string;
  /** Creates a database (name: letters, digits, _) and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startPostgres(options: { settings?: Record<string, string> } = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  const owner = await clusterOwner();
  const dir = await mkdtemp(path.join(os.tmpdir(), "chorus-pg-"));
  const data = path.join(dir, "data");
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  try {
    if (owner) await chown(dir, owner.uid, owner.gid);
    await chmod(dir, 0o700);
    await run(
      path.join(bin, "initdb"),
      ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
      { ...asOwner, cwd: dir },
    );
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`);
  }
  const port = await freePort();
  // A throwaway cluster: durability off (fsync, synchronous_commit) — what is measured is the indexer, not the disk.
  const settings = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: dir,
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    max_connections: "200",
    ...options.settings,
  };
  const args = ["-D", data, ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`])];
  const child = spawn(path.join(bin, "postgres"), args, { ...asOwner, cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString("utf8")).slice(-4000);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const urlFor = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const url = urlFor("postgres");
  const { default: pg } = await import("pg");
  const query = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const stop = async () => {
    if (!exited && child.pid) {
      // SIGINT: PostgreSQL's "fast" shutdown (disconnect clients, stop at once).
      process.kill(child.pid, "SIGINT");
      await Promise.race([exit, new Promise((r) => setTimeout(r, 10_000).unref())]);
      if (!exited) process.kill(child.pid, "SIGKILL");
      await exit;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (exited) return true;
        await query("SELECT 1");
        return true;
      },
      { what: "PostgreSQL to accept connections", timeoutMs: 30_000 },
    );
    if (exited) throw new Error("postgres exited at start");
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\npostgres said:\n${log}`);
  }
  return {
    url,
    port,
    pid: child.pid!,
    urlFor,
    async createDatabase(name: string) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Bad database name "${name}"`);
      await query(`CREATE DATABASE "${name}"`);
      return urlFor(name);
    },
    stop,
  };
}

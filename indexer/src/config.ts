// The indexer's configuration, read once through one schema (indexer/.env.example documents each variable) by both
// processes: scripts/start.ts (the store guard, the port) and Ponder's (ponder.config.ts, the REST API's IPFS reads).
// A bad value stops the indexer at start with every variable at fault named.
import { httpUrl, parseEnv, port, text, variable, wholeNumber, withDefault, z, type Env } from "@chorus/protocol/env";

const envSchema = z.object({
  CHAIN_RPC_URL: withDefault(httpUrl("CHAIN_RPC_URL"), "http://127.0.0.1:8545"),
  CHAIN_ID: withDefault(wholeNumber("CHAIN_ID", { min: 1 }), 31337),
  INDEXER_PORT: withDefault(port("INDEXER_PORT"), 42069),
  /** Unset: `<repo>/.chorus/indexer` (scripts/start.ts resolves it). */
  INDEXER_DATA_DIR: text("INDEXER_DATA_DIR"),
  /** Set by scripts/start.ts for Ponder's process (`<INDEXER_DATA_DIR>/pglite`), relative to indexer/. */
  INDEXER_PGLITE_DIR: withDefault(text("INDEXER_PGLITE_DIR"), "../.chorus/indexer/pglite"),
  DATABASE_URL: variable(
    "DATABASE_URL",
    "a postgres:// or postgresql:// connection URL",
    (raw) => (/^postgres(ql)?:\/\//.test(raw) ? raw : undefined),
    { secret: true },
  ),
  DATABASE_SCHEMA: withDefault(
    variable("DATABASE_SCHEMA", "a Postgres schema name (letters, digits, _; not starting with a digit)", (raw) =>
      /^[A-Za-z_][A-Za-z0-9_]*$/.test(raw) ? raw : undefined,
    ),
    "chorus",
  ),
  KUBO_RPC_URL: withDefault(httpUrl("KUBO_RPC_URL"), "http://127.0.0.1:5001"),
  /** How long the REST API may reuse an answer at the same indexed block (src/api/response-cache.ts); 0: never. */
  INDEXER_CACHE_MS: withDefault(wholeNumber("INDEXER_CACHE_MS", { max: 60_000 }), 1_000),
});

export type IndexerConfig = z.output<typeof envSchema>;

/** Reads and checks the indexer's environment; throws ConfigError naming every variable at fault. */
export function loadConfig(env: Env = process.env): IndexerConfig {
  return parseEnv(envSchema, env, { service: "indexer", hint: "see indexer/.env.example" });
}

import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { cors } from "hono/cors";
import { and, client, desc, eq, graphql, lt } from "ponder";
import { getAddress, isAddress } from "viem";
import { ManifestCache } from "./manifests";

const manifests = new ManifestCache(process.env.KUBO_RPC_URL ?? "http://127.0.0.1:5001");
const DEFAULT_LIMIT = 24;
const MAX_LIMIT = 100;

type VideoRow = typeof schema.video.$inferSelect;

/** The REST shape of a video: chain facts plus its manifest (null while IPFS cannot deliver it or if invalid). */
async function present(row: VideoRow) {
  const manifest = await manifests.get(row.manifestCid);
  return {
    id: row.id.toString(),
    creator: getAddress(row.creator),
    manifestCid: row.manifestCid,
    blockNumber: row.blockNumber.toString(),
    timestamp: Number(row.timestamp),
    txHash: row.txHash,
    manifest: manifest ?? null,
    manifestStatus: manifest ? "ok" : manifest === null ? "invalid" : "unavailable",
  };
}
export type VideoJson = Awaited<ReturnType<typeof present>>;

function parseId(value: string | undefined): bigint | undefined {
  return value && /^[1-9]\d{0,77}$/.test(value) ? BigInt(value) : undefined;
}

function parseLimit(value: string | undefined): number | undefined {
  if (value === undefined) return DEFAULT_LIMIT;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT ? n : undefined;
}

const app = new Hono();
app.use("*", cors());

// SQL over HTTP (for @ponder/client) and GraphQL.
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

// GET /videos?limit=24&before=<id> — newest first; `nextCursor` is the `before` of the next page.
app.get("/videos", async (c) => {
  const limit = parseLimit(c.req.query("limit"));
  if (limit === undefined) return c.json({ error: `limit must be an integer from 1 to ${MAX_LIMIT}` }, 400);
  const beforeParam = c.req.query("before");
  const before = beforeParam === undefined ? undefined : parseId(beforeParam);
  if (beforeParam !== undefined && before === undefined) return c.json({ error: "before must be a video id" }, 400);
  const creatorParam = c.req.query("creator");
  if (creatorParam !== undefined && !isAddress(creatorParam)) return c.json({ error: "creator must be an address" }, 400);

  const conditions = [
    before === undefined ? undefined : lt(schema.video.id, before),
    creatorParam === undefined ? undefined : eq(schema.video.creator, getAddress(creatorParam).toLowerCase() as `0x${string}`),
  ];
  const rows = await db
    .select()
    .from(schema.video)
    .where(and(...conditions))
    .orderBy(desc(schema.video.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return c.json({
    videos: await Promise.all(page.map(present)),
    nextCursor: rows.length > limit ? page.at(-1)!.id.toString() : null,
  });
});

// GET /videos/:id
app.get("/videos/:id", async (c) => {
  const id = parseId(c.req.param("id"));
  if (id === undefined) return c.json({ error: "a video id is a positive integer" }, 400);
  const [row] = await db.select().from(schema.video).where(eq(schema.video.id, id)).limit(1);
  if (!row) return c.json({ error: `no video ${id} has been published (or it is not indexed yet)` }, 404);
  return c.json({ video: await present(row) });
});

// GET /creators/:address — a creator's own channel.
app.get("/creators/:address", async (c) => {
  const param = c.req.param("address");
  if (!isAddress(param)) return c.json({ error: "not an address" }, 400);
  const address = getAddress(param);
  const [row] = await db
    .select()
    .from(schema.creator)
    .where(eq(schema.creator.address, address.toLowerCase() as `0x${string}`))
    .limit(1);
  return c.json({
    creator: {
      address,
      videoCount: row?.videoCount ?? 0,
      firstPublishedAt: row ? Number(row.firstPublishedAt) : null,
      lastPublishedAt: row ? Number(row.lastPublishedAt) : null,
    },
  });
});

export default app;

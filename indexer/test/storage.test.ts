import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { deployments, storageEscrowAbi } from "@chorus/deployments";
import { startIpfsNode } from "@chorus/ipfs-node";
// Imported statically: on a loaded machine a dynamic import inside the test can outlast the server's keep-alive, and
// the next request then reuses a socket the server is closing ("fetch failed: other side closed").
import { createClient } from "@ponder/client";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { storageTreeOfBytes } from "@chorus/merkle";
import { create } from "kubo-rpc-client";
import { CID } from "multiformats/cid";
import { createPublicClient, http, zeroAddress } from "viem";
import { freePort, type Service } from "../../scripts/lib/process.ts";
import {
  addressOf,
  cidBytes,
  escrowTx,
  KEEPER_KEYS,
  publishVideo,
  startChainWithContracts,
  TEST_KEYS,
} from "../../test/lib/chain.ts";
import { addDirectory, getJson, startIndexer, untilJson } from "./support.ts";
import * as schema from "../ponder.schema.ts";

const [, funderKey, payerKey] = TEST_KEYS;
const [k0, k1, k2] = KEEPER_KEYS;
const HOUR = 3600n;
const PRICE = 10n ** 15n;
const STAKE = 10n ** 16n;
const SLASH = 4n * 10n ** 15n;
const ESCROW = deployments[31337].StorageEscrow.address;

describe("indexer: storage deals on a live local chain", () => {
  let tmp: string;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;
  let client: ReturnType<typeof createPublicClient>;

  // The content a deal covers: 1,000 bytes, so 4 segments and proofs of 2 siblings. Keepers prove from memory.
  const content = new Uint8Array(1_000).map((_, i) => (i * 7) % 251);
  const tree = storageTreeOfBytes(content);
  let videoId: string;
  let videoCid: string;
  let otherCid: string;
  let dealId: bigint;
  let start: bigint;
  const proofTimestamps: bigint[] = [];

  const get = (route: string) => getJson(`${api}${route}`);
  const until = (route: string, ok: (body: any) => boolean) => untilJson(`${api}${route}`, ok);
  const rpc = (method: string, params: unknown[] = []) => client.request({ method, params } as never);
  const mine = () => rpc("evm_mine");
  /** Moves the chain's clock to `timestamp` (the next block has it) and mines that block. */
  async function travelTo(timestamp: bigint) {
    await rpc("evm_setNextBlockTimestamp", [Number(timestamp)]);
    await mine();
  }
  const chainTime = async () => (await client.getBlock()).timestamp;
  const createDeal = (cid: string, overrides: { start: bigint; periods?: number; replicas?: number }) => {
    const terms = {
      cid: cidBytes(cid),
      size: BigInt(tree.size),
      root: tree.root,
      replicas: overrides.replicas ?? 2,
      start: Number(overrides.start),
      periodSeconds: Number(HOUR),
      periods: overrides.periods ?? 3,
      token: zeroAddress,
      pricePerPeriod: PRICE,
      stakePerReplica: STAKE,
      slashPerMiss: SLASH,
      maxMisses: 1,
    };
    return escrowTx(chain.rpcUrl, funderKey, "createDeal", [terms], BigInt(terms.replicas * terms.periods) * PRICE);
  };
  /** Requests the keeper's challenge for the current period, waits a block, and answers it. */
  async function prove(key: `0x${string}`) {
    const requested = await escrowTx(chain.rpcUrl, key, "requestChallenge", [dealId]);
    const { period } = requested.events.find((e) => e.eventName === "ChallengeRequested")!.args as { period: number };
    await mine(); // the challenge is drawn from the request block's hash: readable from the next block
    const segmentIndex = await client.readContract({
      address: ESCROW,
      abi: storageEscrowAbi,
      functionName: "challenge",
      args: [dealId, addressOf(key), period],
    });
    const { segment, proof } = tree.proof(Number(segmentIndex));
    const proved = await escrowTx(chain.rpcUrl, key, "prove", [dealId, period, segment, proof]);
    proofTimestamps.push((await client.getBlock({ blockNumber: proved.receipt.blockNumber })).timestamp);
    return period;
  }
  const balanceOf = (key: `0x${string}`) =>
    client.readContract({
      address: ESCROW,
      abi: storageEscrowAbi,
      functionName: "balanceOf",
      args: [addressOf(key), zeroAddress],
    });

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-storage-"));
    ipfs = await startIpfsNode({ dataDir: path.join(tmp, "ipfs"), rpcPort: 0, gatewayPort: 0, swarmPort: 0 });
    chain = await startChainWithContracts(await freePort());
    client = createPublicClient({ transport: http(chain.rpcUrl) });
    ({ service: indexer, api } = await startIndexer({
      chainRpcUrl: chain.rpcUrl,
      kuboRpcUrl: ipfs.rpcUrl,
      dataDir: path.join(tmp, "indexer"),
    }));

    const manifest = {
      schema: "chorus.video/1",
      title: "Kept safe",
      description: "",
      durationSeconds: 3,
      width: 426,
      height: 240,
      master: "master.m3u8",
      thumbnail: "thumbnail.jpg",
      renditions: [],
      createdAt: new Date().toISOString(),
    };
    videoCid = await addDirectory(ipfs.rpcUrl, [{ path: "manifest.json", content: JSON.stringify(manifest) }]);
    videoId = (await publishVideo(chain.rpcUrl, videoCid)).videoId.toString();
    otherCid = (await create({ url: ipfs.rpcUrl }).add(content, KUBO_ADD_OPTIONS)).cid.toString();
  });

  after(async () => {
    await indexer?.stop();
    await chain?.stop();
    await ipfs?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("lists a new ETH deal, and the video it stores shows storage pending", async () => {
    const bare = await until(`/videos/${videoId}`, (b) => !!b.id);
    assert.deepEqual(bare.storage, { replicas: 0, keepers: 0, lastProvenAt: null, status: "none", deals: [] });

    start = (await chainTime()) + 600n;
    const created = await createDeal(videoCid, { start });
    dealId = (created.events.find((e) => e.eventName === "DealCreated")!.args as { dealId: bigint }).dealId;
    // A deal for other content, created later: it lists first, and does not count for the video.
    await createDeal(otherCid, { start: start + 30n * 24n * HOUR, replicas: 1, periods: 1 });

    const list = await until("/deals", (b) => b.items.length === 2);
    assert.deepEqual(
      list.items.map((d: any) => d.id),
      ["2", dealId.toString()],
    );
    const { createdAt, createdBlock, createdTx, ...deal } = list.items[1];
    assert.deepEqual(deal, {
      id: dealId.toString(),
      funder: addressOf(funderKey),
      token: zeroAddress,
      cid: videoCid,
      root: tree.root,
      size: 1000,
      segmentCount: 4,
      replicas: 2,
      keepers: 0,
      start: Number(start),
      periodSeconds: 3600,
      periods: 3,
      end: Number(start + 3n * HOUR),
      pricePerPeriod: PRICE.toString(),
      stakePerReplica: STAKE.toString(),
      slashPerMiss: SLASH.toString(),
      maxMisses: 1,
      deposit: (6n * PRICE).toString(),
      paid: "0",
      slashed: "0",
      rewarded: "0",
      refunded: "0",
      misses: 0,
      lastProvenAt: null,
      status: "pending",
      currentPeriod: null,
    });
    assert.equal(createdTx, created.receipt.transactionHash);
    assert.equal(createdBlock, created.receipt.blockNumber.toString());
    assert.equal(createdAt, Number((await client.getBlock({ blockNumber: created.receipt.blockNumber })).timestamp));

    const { body } = await get(`/videos/${videoId}`);
    assert.deepEqual(body.storage, {
      replicas: 2,
      keepers: 0,
      lastProvenAt: null,
      status: "pending",
      deals: [
        {
          id: dealId.toString(),
          replicas: 2,
          keepers: 0,
          start: Number(start),
          end: Number(start + 3n * HOUR),
          periodSeconds: 3600,
          status: "pending",
        },
      ],
    });
    const listed = (await get(`/videos`)).body.items.find((v: any) => v.id === videoId);
    assert.equal(listed.storage.status, "pending");

    // Filters and pages: by CID (a CIDv0 names the same content), by funder; newest first, one at a time.
    assert.deepEqual(
      (await get(`/deals?cid=${videoCid}`)).body.items.map((d: any) => d.id),
      [dealId.toString()],
    );
    assert.deepEqual(
      (await get(`/deals?cid=${CID.parse(videoCid).toV0()}`)).body.items.map((d: any) => d.id),
      [dealId.toString()],
    );
    assert.equal((await get(`/deals?funder=${addressOf(funderKey).toLowerCase()}`)).body.items.length, 2);
    assert.deepEqual((await get(`/deals?funder=${addressOf(payerKey)}`)).body, { items: [], nextCursor: null });
    const first = (await get(`/deals?limit=1`)).body;
    assert.deepEqual(
      first.items.map((d: any) => d.id),
      ["2"],
    );
    assert.equal(typeof first.nextCursor, "string");
    const second = (await get(`/deals?limit=1&cursor=${first.nextCursor}`)).body;
    assert.deepEqual(
      second.items.map((d: any) => d.id),
      [dealId.toString()],
    );
    assert.equal(second.nextCursor, null);

    const detail = (await get(`/deals/${dealId}`)).body;
    assert.deepEqual(detail.video, { id: videoId, title: "Kept safe" });
    assert.deepEqual(detail.keepers, []);
    assert.deepEqual(
      detail.events.items.map((e: any) => [e.kind, e.actor, e.amount]),
      [["created", addressOf(funderKey), (6n * PRICE).toString()]],
    );
    assert.equal((await get(`/deals/2`)).body.video, null);
  });

  it("two keepers join and prove period 0: storage ok, with the proof's time and their earnings", async () => {
    await escrowTx(chain.rpcUrl, k0, "join", [dealId], STAKE);
    await escrowTx(chain.rpcUrl, k1, "join", [dealId], STAKE);
    await until(`/videos/${videoId}`, (b) => b.storage.keepers === 2);
    assert.equal((await get(`/videos/${videoId}`)).body.storage.status, "pending", "not started yet");

    await travelTo(start + 1n);
    const started = await until(`/deals/${dealId}`, (b) => b.currentPeriod === 0);
    assert.equal(started.status, "pending", "started less than a period ago, nothing proven or missed yet");

    await prove(k0);
    await prove(k1);
    // Ponder writes a block's rows table by table, and PGlite lets a read see the tables already written: wait for the
    // deal, both tenures and the timeline.
    const detail = await until(
      `/deals/${dealId}`,
      (b) =>
        b.paid === (2n * PRICE).toString() &&
        b.keepers.every((k: any) => k.proven === 1) &&
        b.events.items.length === 5,
    );
    const video = (await get(`/videos/${videoId}`)).body;
    assert.equal(video.storage.status, "ok");
    assert.equal(video.storage.keepers, 2);
    assert.equal(video.storage.lastProvenAt, Number(proofTimestamps.at(-1)));
    assert.equal(detail.lastProvenAt, Number(proofTimestamps.at(-1)));
    assert.deepEqual(
      detail.keepers.map((k: any) => [
        k.keeper,
        k.slot,
        k.status,
        k.firstPeriod,
        k.proven,
        k.earned,
        k.stake,
        k.lastProvenPeriod,
      ]),
      [
        [addressOf(k0), 0, "active", 0, 1, PRICE.toString(), STAKE.toString(), 0],
        [addressOf(k1), 1, "active", 0, 1, PRICE.toString(), STAKE.toString(), 0],
      ],
    );
    assert.deepEqual(
      detail.events.items.map((e: any) => e.kind),
      ["proof", "proof", "join", "join", "created"],
    );
    const proof = detail.events.items[0];
    assert.equal(proof.keeper, addressOf(k1));
    assert.equal(proof.period, 0);
    assert.ok(proof.segment >= 0 && proof.segment < 4);
    assert.equal(proof.timestamp, Number(proofTimestamps.at(-1)));
  });

  it("a keeper that misses a period puts the video at risk; the report slashes and evicts it, and pays the reporter half", async () => {
    await travelTo(start + HOUR); // period 1
    await prove(k0); // k1 does not
    await until(`/deals/${dealId}`, (b) => b.currentPeriod === 1 && b.paid === (3n * PRICE).toString());
    assert.equal(
      (await get(`/videos/${videoId}`)).body.storage.status,
      "ok",
      "period 0, the latest closed, was proven by both",
    );

    await travelTo(start + 2n * HOUR); // period 2: period 1 has closed, unproven by k1
    await until(`/videos/${videoId}`, (b) => b.storage.status === "at-risk");
    await prove(k0);

    await escrowTx(chain.rpcUrl, funderKey, "reportMissed", [dealId, addressOf(k1), 1]);
    const detail = await until(
      `/deals/${dealId}`,
      (b) => b.keepers.some((k: any) => k.status === "evicted") && b.events.items[0].kind === "evict" && b.misses === 1,
    );
    assert.equal(detail.status, "at-risk", "one keeper for two replicas");
    assert.deepEqual([detail.slashed, detail.rewarded], [(SLASH / 2n).toString(), (SLASH / 2n).toString()]);
    assert.equal(detail.misses, 1);
    const evicted = detail.keepers.find((k: any) => k.keeper === addressOf(k1));
    assert.deepEqual(
      {
        status: evicted.status,
        misses: evicted.misses,
        slashed: evicted.slashed,
        stake: evicted.stake,
        stakeReturned: evicted.stakeReturned,
        endPeriod: evicted.endPeriod,
        proven: evicted.proven,
      },
      {
        status: "evicted",
        misses: 1,
        slashed: SLASH.toString(),
        stake: "0",
        stakeReturned: (STAKE - SLASH).toString(),
        endPeriod: 2,
        proven: 1,
      },
    );
    assert.deepEqual(
      detail.events.items.slice(0, 2).map((e: any) => [e.kind, e.keeper, e.period, e.amount, e.reward]),
      [
        ["evict", addressOf(k1), 2, (STAKE - SLASH).toString(), null],
        ["miss", addressOf(k1), 1, SLASH.toString(), (SLASH / 2n).toString()],
      ],
    );
    assert.equal(detail.events.items[1].actor, addressOf(funderKey), "the reporter");
    const storage = (await get(`/videos/${videoId}`)).body.storage;
    assert.deepEqual([storage.keepers, storage.replicas, storage.status], [1, 2, "at-risk"]);
  });

  it("a top-up by the funder extends the deal; a keeper that agrees serves it; a new keeper takes the free slot", async () => {
    await escrowTx(chain.rpcUrl, funderKey, "topUp", [dealId, 1], 2n * PRICE);
    const extended = await until(`/deals/${dealId}`, (b) => b.periods === 4 && b.events.items[0].kind === "topup");
    assert.equal(extended.end, Number(start + 4n * HOUR));
    assert.equal(extended.deposit, (8n * PRICE).toString());
    assert.deepEqual(
      [
        extended.events.items[0].kind,
        extended.events.items[0].actor,
        extended.events.items[0].periods,
        extended.events.items[0].amount,
      ],
      ["topup", addressOf(funderKey), 1, (2n * PRICE).toString()],
    );
    assert.equal(
      extended.keepers.find((k: any) => k.keeper === addressOf(k0)).committedEnd,
      3,
      "a top-up binds no keeper",
    );
    await escrowTx(chain.rpcUrl, k0, "extendTenure", [dealId]);
    const agreed = await until(`/deals/${dealId}`, (b) => b.events.items[0].kind === "extend");
    assert.deepEqual([agreed.events.items[0].keeper, agreed.events.items[0].period], [addressOf(k0), 4]);
    assert.equal(agreed.keepers.find((k: any) => k.keeper === addressOf(k0)).committedEnd, 4);
    assert.equal((await get(`/videos/${videoId}`)).body.storage.deals[0].end, Number(start + 4n * HOUR));

    await escrowTx(chain.rpcUrl, k2, "join", [dealId], STAKE);
    const joined = await until(`/deals/${dealId}`, (b) => b.keepers.length === 3 && b.events.items[0].kind === "join");
    assert.equal(joined.keepers.find((k: any) => k.keeper === addressOf(k2)).firstPeriod, 3);
    assert.equal(joined.keepers.find((k: any) => k.keeper === addressOf(k2)).slot, 1, "the evicted keeper's slot");
    assert.deepEqual(
      joined.keepers.map((k: any) => k.keeper),
      [k0, k1, k2].map(addressOf),
      "tenures in the order they began",
    );
    // Period 3: the latest closed period, 2, was proven by k0, and k2 serves from 3 — two keepers for two replicas.
    await travelTo(start + 3n * HOUR);
    await until(`/videos/${videoId}`, (b) => b.storage.status === "ok" && b.storage.keepers === 2);
    await prove(k0);
    await prove(k2);
    await until(`/keepers/${addressOf(k2)}`, (b) => b.deals.items[0]?.proven === 1);
  });

  it("after the end: releases, the refund and withdrawals are reflected; the video has no live deal", async () => {
    await travelTo(start + 4n * HOUR);
    await until(`/videos/${videoId}`, (b) => b.storage.status === "none");
    assert.deepEqual((await get(`/videos/${videoId}`)).body.storage.deals, []);
    assert.equal((await get(`/deals/${dealId}`)).body.status, "ended");

    await escrowTx(chain.rpcUrl, funderKey, "release", [dealId, addressOf(k0)]);
    await escrowTx(chain.rpcUrl, funderKey, "release", [dealId, addressOf(k2)]);
    await escrowTx(chain.rpcUrl, funderKey, "refund", [dealId]);
    await escrowTx(chain.rpcUrl, k0, "withdraw", [zeroAddress]);
    await escrowTx(chain.rpcUrl, funderKey, "withdraw", [zeroAddress]);

    // Paid: k0 4 periods, k1 1, k2 1. Remainder: 8 deposited - 6 paid + the funder's half of the slash.
    const refund = 2n * PRICE + SLASH / 2n;
    const ended = await until(
      `/deals/${dealId}`,
      (b) => b.refunded === refund.toString() && b.events.items[0].kind === "refund",
    );
    assert.equal(ended.keepers.filter((k: any) => k.status === "released").length, 2);
    assert.equal(ended.paid, (6n * PRICE).toString());
    assert.equal(ended.events.items[0].kind, "refund");
    assert.deepEqual(
      ended.events.items.slice(1, 3).map((e: any) => [e.kind, e.amount, e.slashed, e.period]),
      [
        ["release", STAKE.toString(), "0", 4],
        ["release", STAKE.toString(), "0", 4],
      ],
    );

    const keeper = await until(`/keepers/${addressOf(k0)}`, (b) => b.totals[0]?.withdrawn !== "0");
    assert.equal(keeper.address, addressOf(k0));
    assert.deepEqual(keeper.totals, [
      {
        token: zeroAddress,
        earned: (4n * PRICE).toString(),
        slashed: "0",
        stakeLocked: "0",
        stakeReturned: STAKE.toString(),
        rewarded: "0",
        withdrawn: (4n * PRICE + STAKE).toString(),
        balance: "0",
      },
    ]);
    assert.equal(keeper.deals.items.length, 1);
    const tenure = keeper.deals.items[0];
    assert.deepEqual(
      [
        tenure.dealId,
        tenure.cid,
        tenure.dealEnd,
        tenure.status,
        tenure.proven,
        tenure.misses,
        tenure.earned,
        tenure.endPeriod,
        tenure.token,
      ],
      [
        dealId.toString(),
        videoCid,
        Number(start + 4n * HOUR),
        "released",
        4,
        0,
        (4n * PRICE).toString(),
        4,
        zeroAddress,
      ],
    );
    // Each event says the deal's token, in which its amounts are counted.
    assert.deepEqual(new Set(keeper.events.items.map((e: any) => e.token)), new Set([zeroAddress]));
    assert.deepEqual(
      keeper.events.items.map((e: any) => e.kind),
      ["release", "proof", "extend", "proof", "proof", "proof", "join"],
    );
    // The same events a page at a time, and the deal's own events the same way.
    const events: string[] = [];
    for (let cursor: string | null = ""; cursor !== null; ) {
      const page: any = (await get(`/keepers/${addressOf(k0)}/events?limit=3${cursor ? `&cursor=${cursor}` : ""}`))
        .body;
      events.push(...page.items.map((e: any) => e.kind));
      cursor = page.nextCursor;
    }
    assert.deepEqual(
      events,
      keeper.events.items.map((e: any) => e.kind),
    );
    const dealEvents = (await get(`/deals/${dealId}`)).body.events;
    const pageTwo = (
      await get(
        `/deals/${dealId}/events?limit=2&cursor=${dealEvents.items[1].blockNumber}.${dealEvents.items[1].logIndex}`,
      )
    ).body;
    assert.deepEqual(
      pageTwo.items.map((e: any) => e.id),
      dealEvents.items.slice(2, 4).map((e: any) => e.id),
    );
    assert.deepEqual((await get(`/keepers/${addressOf(k0)}/deals?limit=1`)).body, {
      items: keeper.deals.items,
      nextCursor: null,
    });

    const evicted = (await get(`/keepers/${addressOf(k1)}`)).body;
    assert.deepEqual(evicted.totals, [
      {
        token: zeroAddress,
        earned: PRICE.toString(),
        slashed: SLASH.toString(),
        stakeLocked: "0",
        stakeReturned: (STAKE - SLASH).toString(),
        rewarded: "0",
        withdrawn: "0",
        balance: (PRICE + STAKE - SLASH).toString(),
      },
    ]);
    // The indexed balances are the contract's.
    for (const key of [k0, k1, k2]) {
      const { totals } = (await get(`/keepers/${addressOf(key)}`)).body;
      assert.equal(totals[0].balance, (await balanceOf(key)).toString(), addressOf(key));
    }
    assert.equal(await balanceOf(funderKey), 0n);
    assert.deepEqual(
      (await get(`/deals?keeper=${addressOf(k1)}`)).body.items.map((d: any) => d.id),
      [dealId.toString()],
    );
  });

  it("answers GraphQL and SQL over the storage tables", async () => {
    const response = await fetch(`${api}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `{ deal(id: "${dealId}") { cid keepers refunded dealKeepers { items { keeper status } } } storageAccounts { items { account balance } } }`,
      }),
    });
    const { data, errors } = (await response.json()) as any;
    assert.equal(errors, undefined);
    assert.equal(data.deal.cid, videoCid);
    assert.equal(data.deal.dealKeepers.items.length, 3);
    assert.ok(data.storageAccounts.items.length >= 4);

    const sql = createClient(`${api}/sql`, { schema });
    const events = await sql.db.select().from(schema.storageEvent);
    assert.ok(events.some((e) => e.kind === "evict"));
  });

  it("answers 400 with a reason for bad input and 404 for an unknown deal", async () => {
    for (const route of [
      "/deals/abc",
      "/deals/0",
      "/deals/-1",
      "/deals?cid=notacid",
      "/deals?funder=0x12",
      "/deals?keeper=bob",
      "/deals?limit=0",
      "/deals?cursor=x",
      "/keepers/nobody",
      "/keepers/0x12",
    ]) {
      const { status, body } = await get(route);
      assert.equal(status, 400, route);
      assert.equal(body.error.code, "bad-request", route);
      assert.match(body.error.message, /^(id|cid|funder|keeper|limit|cursor|address) must be /, route);
    }
    const missing = await get("/deals/999");
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body.error, {
      code: "not-found",
      message: "no deal 999 exists (or it is not indexed yet)",
    });
    const stranger = await get(`/keepers/${addressOf(payerKey)}`);
    assert.equal(stranger.status, 200);
    assert.deepEqual(
      [stranger.body.deals, stranger.body.events],
      [
        { items: [], nextCursor: null },
        { items: [], nextCursor: null },
      ],
    );
  });
});

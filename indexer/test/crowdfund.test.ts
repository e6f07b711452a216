import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { channelsAbi, crowdfundAbi, deployments } from "@chorus/deployments";
import { CROWDFUND_METADATA_SCHEMA, indexerRoutes } from "@chorus/protocol";
import { startIpfsNode } from "@chorus/ipfs-node";
import { create } from "kubo-rpc-client";
import { createPublicClient, http, parseEther, parseEventLogs, zeroAddress, type Abi } from "viem";
import { freePort, type Service } from "../../scripts/lib/process.ts";
import { addressOf, cidBytes, send, startChainWithContracts, TEST_KEYS } from "../../test/lib/chain.ts";
import { getJson, startIndexer, untilJson } from "./support.ts";

const [alice, bob, carol] = TEST_KEYS;
const DAY = 86_400;
const { Channels, Crowdfund } = deployments[31337];

describe("indexer: crowdfunds on a live local chain", () => {
  let tmp: string;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;
  let metadataCid: string;

  const crowdfund = { address: Crowdfund.address, abi: crowdfundAbi as Abi };
  const tx = async (key: `0x${string}`, functionName: string, args: readonly unknown[], value?: bigint) =>
    parseEventLogs({
      abi: crowdfund.abi,
      logs: (await send(chain.rpcUrl, key, { ...crowdfund, functionName, args, ...(value ? { value } : {}) })).logs,
    }) as unknown as { eventName: string; args: Record<string, any> }[];
  const get = (route: string) => getJson(`${api}${route}`);
  const until = (route: string, ok: (body: any) => boolean) => untilJson(`${api}${route}`, ok);
  const chainNow = async () =>
    Number((await createPublicClient({ transport: http(chain.rpcUrl) }).getBlock()).timestamp);

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-crowdfund-"));
    ipfs = await startIpfsNode({ dataDir: path.join(tmp, "ipfs"), rpcPort: 0, gatewayPort: 0, swarmPort: 0 });
    chain = await startChainWithContracts(await freePort());
    const document = { schema: CROWDFUND_METADATA_SCHEMA, title: "Our next film", description: "A road movie" };
    metadataCid = (
      await create({ url: ipfs.rpcUrl }).add(JSON.stringify(document), { cidVersion: 1, rawLeaves: true })
    ).cid.toString();
    ({ service: indexer, api } = await startIndexer({
      chainRpcUrl: chain.rpcUrl,
      kuboRpcUrl: ipfs.rpcUrl,
      dataDir: path.join(tmp, "indexer"),
    }));
  });

  after(async () => {
    await indexer?.stop();
    await chain?.stop();
    await ipfs?.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it("follows a campaign that reaches its goal and one that misses it: pledges, take-backs, claim and refunds", async () => {
    const [a, b, c] = [alice, bob, carol].map(addressOf) as [string, string, string];
    const deadline = (await chainNow()) + 7 * DAY;
    const idOf = (events: { eventName: string; args: Record<string, any> }[]) =>
      events.find((e) => e.eventName === "CampaignCreated")!.args.campaignId as bigint;
    const reached = idOf(
      await tx(alice, "create", [0n, zeroAddress, parseEther("1"), deadline, cidBytes(metadataCid)]),
    );
    const missed = idOf(await tx(alice, "create", [0n, zeroAddress, parseEther("5"), deadline, cidBytes(metadataCid)]));
    await tx(bob, "pledge", [reached, parseEther("0.7")], parseEther("0.7"));
    await tx(carol, "pledge", [reached, parseEther("0.5")], parseEther("0.5"));
    await tx(carol, "unpledge", [reached, parseEther("0.1")]);
    await tx(bob, "pledge", [missed, parseEther("2")], parseEther("2"));
    await tx(carol, "pledge", [missed, parseEther("1")], parseEther("1"));
    await tx(carol, "unpledge", [missed, parseEther("1")]);

    // Wait for the campaign's total and the take-back on carol's pledge row both: the campaign row and the pledge rows
    // are separate tables, and a read between Ponder writing one and the other (seen under load) mixes two blocks.
    const running = await until(
      `/crowdfunds/${reached}`,
      (body) =>
        body.pledged === parseEther("1.1").toString() &&
        body.pledges?.some((p: any) => p.backer === c && p.amount === parseEther("0.4").toString()),
    );
    indexerRoutes.getCrowdfund.response.parse(running);
    assert.deepEqual(
      [
        running.creator,
        running.channelId,
        running.token,
        running.goal,
        running.raised,
        running.backers,
        running.status,
      ],
      [a, "0", zeroAddress, parseEther("1").toString(), parseEther("1.1").toString(), 2, "running"],
    );
    assert.equal(running.deadline, deadline);
    assert.equal(running.metadata.title, "Our next film", "the metadata document, from IPFS");
    assert.deepEqual(
      running.pledges.map((p: any) => [p.backer, p.amount]),
      [
        [b, parseEther("0.7").toString()],
        [c, parseEther("0.4").toString()],
      ],
      "largest pledge first",
    );
    const other = await until(`/crowdfunds/${missed}`, (body) => body.backers === 1);
    assert.equal(other.pledged, parseEther("2").toString(), "a backer who took everything back no longer counts");

    const list = (await get(`/crowdfunds?creator=${a}`)).body;
    indexerRoutes.listCrowdfunds.response.parse(list);
    assert.deepEqual(
      list.items.map((x: any) => x.id),
      [missed, reached].map(String),
      "newest first",
    );
    // The list reads the pledge rows: wait on it for carol's take-back (the campaign rows waited on above are another
    // table, which Ponder may have written first).
    const carols = await until(`/crowdfunds?backer=${c}`, (body) => body.items.length === 1);
    assert.deepEqual(
      carols.items.map((x: any) => x.id),
      [reached.toString()],
      "only where the backer has a pledge now",
    );
    assert.deepEqual((await get("/crowdfunds?channel=7")).body.items, []);
    assert.equal((await get(`/crowdfunds?backer=${addressOf(TEST_KEYS[3]!)}`)).body.items.length, 0);

    // Past the deadline by the chain's clock: the outcomes, then the claim and the refund.
    const rpc = createPublicClient({ transport: http(chain.rpcUrl) });
    await rpc.request({ method: "evm_increaseTime", params: [7 * DAY + 60] } as never);
    await rpc.request({ method: "evm_mine" } as never);
    await until(`/crowdfunds/${reached}`, (body) => body.status === "reached");
    await until(`/crowdfunds/${missed}`, (body) => body.status === "missed");
    await tx(alice, "claim", [reached]);
    await tx(bob, "refund", [missed]);
    const claimed = await until(`/crowdfunds/${reached}`, (body) => body.status === "claimed");
    assert.equal(claimed.raised, parseEther("1.1").toString(), "a claim keeps the record of what was raised");
    // Both the campaign's total and bob's pledge row: Ponder writes the two tables apart, and a read between them
    // mixes two blocks (seen under load).
    const refunded = await until(
      `/crowdfunds/${missed}`,
      (body) =>
        body.pledged === "0" &&
        body.pledges.some((p: any) => p.backer === b && p.refunded === parseEther("2").toString()),
    );
    assert.deepEqual(
      [refunded.status, refunded.raised, refunded.backers],
      ["missed", parseEther("2").toString(), 0],
      "what it held at the deadline stays visible after the refunds",
    );
    const bobs = refunded.pledges.find((p: any) => p.backer === b);
    assert.deepEqual([bobs.amount, bobs.refunded], ["0", parseEther("2").toString()]);

    // The claim is alice's income from the source "crowdfund", dated at the claim; paid straight to her wallet, so it
    // is earned and withdrawn at once and her Earnings balance stays 0.
    const raised = parseEther("1.1").toString();
    const earnings = await until(`/earnings/${a}`, (body) => body.totals.length > 0);
    indexerRoutes.getEarnings.response.parse(earnings);
    assert.deepEqual(earnings.totals, [{ token: zeroAddress, source: "crowdfund", amount: raised, count: 1 }]);
    const balance = earnings.balances[0];
    assert.deepEqual(
      [balance.earned, balance.credited, balance.unclaimed, balance.withdrawn, balance.balance, balance.withdrawable],
      [raised, raised, "0", raised, "0", "0"],
    );
    const claimedAt = claimed.claimedAt ?? (await chainNow());
    const series = (await get(`/earnings/${a}/series?source=crowdfund`)).body;
    indexerRoutes.getEarningsSeries.response.parse(series);
    assert.deepEqual(
      series.points.map((p: any) => [p.source, p.amount, p.count]),
      [["crowdfund", raised, 1]],
    );
    assert.equal(series.points[0].start, Math.floor(claimedAt / DAY) * DAY, "in the claim's day");
    const income = (await get(`/earnings/${a}/income`)).body;
    indexerRoutes.listEarnings.response.parse(income);
    assert.deepEqual(
      income.items.map((e: any) => [e.source, e.amount, e.paid, e.campaignId, e.from]),
      [["crowdfund", raised, raised, reached.toString(), Crowdfund.address]],
    );
    assert.deepEqual((await get(`/earnings/${b}`)).body.totals, [], "a refund is nobody's income");
  });

  it("a community channel's campaign is the channel's income: its members get pot shares, nobody a crowdfund", async () => {
    const [a, b, c] = [alice, bob, carol].map(addressOf) as [`0x${string}`, `0x${string}`, `0x${string}`];
    const channels = { address: Channels.address, abi: channelsAbi as Abi };
    const created = parseEventLogs({
      abi: channels.abi,
      logs: (
        await send(chain.rpcUrl, carol, {
          ...channels,
          functionName: "createChannel",
          args: [
            cidBytes(metadataCid),
            cidBytes(metadataCid),
            [c, b],
            { submitters: 0, thresholdKind: 0, threshold: 1, votingPeriod: DAY },
          ],
        })
      ).logs,
    }) as unknown as { eventName: string; args: Record<string, any> }[];
    const channelId = created.find((e) => e.eventName === "ChannelCreated")!.args.channelId as bigint;
    const events = await tx(carol, "create", [
      channelId,
      zeroAddress,
      1000n,
      (await chainNow()) + DAY,
      cidBytes(metadataCid),
    ]);
    const campaignId = events.find((e) => e.eventName === "CampaignCreated")!.args.campaignId as bigint;
    await tx(alice, "pledge", [campaignId, 1001n], 1001n);
    const rpc = createPublicClient({ transport: http(chain.rpcUrl) });
    await rpc.request({ method: "evm_increaseTime", params: [DAY + 60] } as never);
    await rpc.request({ method: "evm_mine" } as never);
    await tx(alice, "claim", [campaignId]);
    // 1001 into a pot of two members: 500 each (the remainder waits in the pot).
    for (const member of [c, b]) {
      const body = await until(`/earnings/${member}`, (x) => x.totals.length > 0);
      assert.deepEqual(
        body.totals.map((t: any) => [t.source, t.amount]),
        [["channel", "500"]],
        `${member}: a share of the channel's pot`,
      );
    }
    const alices = (await get(`/earnings/${a}`)).body;
    assert.deepEqual(
      alices.totals.map((t: any) => [t.source, t.amount]),
      [["crowdfund", parseEther("1.1").toString()]],
      "claiming a channel's campaign earns its caller nothing",
    );
  });

  it("answers 404 and 400 with sentences", async () => {
    const missing = await get("/crowdfunds/999");
    assert.equal(missing.status, 404);
    assert.match(missing.body.error.message, /no crowdfund 999/);
    const bad = await get("/crowdfunds?creator=nope");
    assert.equal(bad.status, 400);
  });
});

import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { channelsAbi, deployments, earningsAbi, streamsAbi } from "@chorus/deployments";
import { CHANNEL_PLAN_KEY, encodeChannelPlan, enumValues, indexerRoutes } from "@chorus/protocol";
import { startIpfsNode } from "@chorus/ipfs-node";
import {
  createPublicClient,
  createWalletClient,
  getAddress,
  http,
  parseEventLogs,
  zeroAddress,
  type Abi,
  type Hex,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { freePort, type Service } from "../../scripts/lib/process.ts";
import { addressOf, cidBytes, publishVideo, send, startChainWithContracts, TEST_KEYS } from "../../test/lib/chain.ts";
import { addDirectory, getJson, startIndexer, untilJson } from "./support.ts";

const [alice, bob, carol, dave] = TEST_KEYS;
const PostKind = enumValues("PostKind");
const Target = enumValues("TipTarget");
const Access = enumValues("Access");
const DAY = 86_400;
const { Earnings, Channels, Streams } = deployments[31337];
const TEST_TOKEN_ARTIFACT = path.resolve(
  import.meta.dirname,
  "../../artifacts/contracts/test/DecimalsTestToken.sol/DecimalsTestToken.json",
);

describe("indexer: earnings (tips, splits, sales, memberships, channel pots, withdrawals) on a live local chain", () => {
  let tmp: string;
  let chain: Awaited<ReturnType<typeof startChainWithContracts>>;
  let ipfs: Awaited<ReturnType<typeof startIpfsNode>>;
  let indexer: Service | undefined;
  let api: string;
  let directory: string;
  const [a, b, c, d] = [alice, bob, carol, dave].map(addressOf) as [
    `0x${string}`,
    `0x${string}`,
    `0x${string}`,
    `0x${string}`,
  ];

  const earnings = { address: Earnings.address, abi: earningsAbi as Abi };
  let erc20TestAbi: Abi = [];
  const tx = async (
    contract: { address: `0x${string}`; abi: Abi },
    key: `0x${string}`,
    functionName: string,
    args: readonly unknown[],
    value?: bigint,
  ) =>
    parseEventLogs({
      abi: contract.abi,
      logs: (await send(chain.rpcUrl, key, { ...contract, functionName, args, ...(value ? { value } : {}) })).logs,
    }) as unknown as { eventName: string; args: Record<string, any> }[];
  const read = (functionName: string, args: readonly unknown[]) =>
    createPublicClient({ transport: http(chain.rpcUrl) }).readContract({
      ...earnings,
      functionName,
      args,
    }) as Promise<any>;
  const token = (address: `0x${string}`) => ({ address, abi: erc20TestAbi });
  /** Deploys the 6-decimal test token (contracts/test/DecimalsTestToken.sol, compiled with the contracts). */
  const deployTestToken = async (key: `0x${string}`) => {
    const artifact = JSON.parse(await readFile(TEST_TOKEN_ARTIFACT, "utf8")) as { abi: Abi; bytecode: Hex };
    erc20TestAbi = artifact.abi;
    const hash = await createWalletClient({
      account: privateKeyToAccount(key),
      transport: http(chain.rpcUrl),
    }).deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args: ["USD Coin (test)", "USDC", 6],
      chain: null,
    });
    const receipt = await createPublicClient({ transport: http(chain.rpcUrl) }).waitForTransactionReceipt({ hash });
    return getAddress(receipt.contractAddress!);
  };
  /** A video manifest, encrypted after a preview when `access` is given; `add` stores it as a video's directory. */
  const manifest = (access?: object) => ({
    schema: "chorus.video/1",
    title: access ? "Encrypted" : "Ordinary",
    description: "",
    durationSeconds: 6,
    width: 426,
    height: 240,
    master: "master.m3u8",
    thumbnail: "thumbnail.jpg",
    segmentSeconds: 2,
    renditions: [],
    createdAt: new Date().toISOString(),
    ...(access ? { access } : {}),
  });
  const add = (doc: object) => addDirectory(ipfs.rpcUrl, [{ path: "manifest.json", content: JSON.stringify(doc) }]);
  const ENCRYPTED = { encrypted: true, keyId: "ab".repeat(16), previewSeconds: 2 };

  const get = (route: string) => getJson(`${api}${route}`);
  const until = (route: string, ok: (body: any) => boolean) => untilJson(`${api}${route}`, ok);
  const balanceIn = (body: any, token: string = zeroAddress) =>
    body.balances.find((x: any) => x.token.toLowerCase() === token.toLowerCase());

  before(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), "chorus-earnings-"));
    ipfs = await startIpfsNode({ dataDir: path.join(tmp, "ipfs"), rpcPort: 0, gatewayPort: 0, swarmPort: 0 });
    chain = await startChainWithContracts(await freePort());
    directory = await addDirectory(ipfs.rpcUrl, [{ path: "manifest.json", content: "{}" }]);
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

  /** Each account's balance and unclaimed shares as the contract computes them (balanceOf, postShare, potShare). */
  async function assertMatchesContract(account: `0x${string}`, shares: { posts: bigint[]; pots: [bigint, number][] }) {
    const body = (await get(`/earnings/${account}`)).body;
    const ours = balanceIn(body) ?? { balance: "0", unclaimed: "0" };
    assert.equal(
      BigInt(ours.balance),
      await read("balanceOf", [account, zeroAddress]),
      `${account}: balance = balanceOf`,
    );
    let unclaimed = 0n;
    for (const id of shares.posts) {
      const [entitled, claimed] = (await read("postShare", [PostKind.Video, id, zeroAddress, account])) as [
        bigint,
        bigint,
      ];
      unclaimed += entitled - claimed;
    }
    for (const [channelId, epoch] of shares.pots) {
      const [entitled, claimed] = (await read("potShare", [channelId, epoch, zeroAddress, account])) as [
        bigint,
        bigint,
      ];
      unclaimed += entitled - claimed;
    }
    assert.equal(BigInt(ours.unclaimed), unclaimed, `${account}: unclaimed = postShare + potShare`);
  }

  it("credits tips, sales, memberships, a split post's holders and a channel pot as the contract does; withdraws", async () => {
    const { videoId: plain } = await publishVideo(chain.rpcUrl, directory); // alice's, no split
    const { videoId: shared } = await publishVideo(chain.rpcUrl, directory); // alice's, split three ways
    await tx(earnings, alice, "setSplit", [PostKind.Video, shared, [a, b, c], [5000, 3333, 1667], 0]);
    await tx(earnings, alice, "setPrice", [PostKind.Video, plain, Access.Paid, zeroAddress, 700n]);

    await tx(earnings, bob, "tip", [Target.Video, plain, zeroAddress, 1000n, "Lovely work"], 1000n);
    await tx(earnings, carol, "buy", [PostKind.Video, plain, zeroAddress, 700n], 700n);
    // Odd amounts: the holders' floors leave remainders, which go to the first holder. Pool 1001, then 1008: bob
    // floor(1008 × 3333 / 10000) = 335, carol floor(1008 × 1667 / 10000) = 168, alice the rest, 505.
    await tx(earnings, dave, "tip", [Target.Video, shared, zeroAddress, 1001n, ""], 1001n);
    await tx(earnings, alice, "setMembershipPlan", [zeroAddress, 50n, DAY]);
    await tx(earnings, dave, "join", [a, 2, zeroAddress, 50n], 100n);
    // A stream of alice's, tipped.
    const streams = { address: Streams.address, abi: streamsAbi as Abi };
    const streamKey = privateKeyToAccount(generatePrivateKey());
    const proofHash = await createPublicClient({ transport: http(chain.rpcUrl) }).readContract({
      ...streams,
      functionName: "keyProofHash",
      args: [a],
    });
    const proof = await streamKey.signMessage({ message: { raw: proofHash as `0x${string}` } });
    const started = await tx(streams, alice, "start", [
      0n,
      "Live",
      `chorus/live/31337/${streamKey.address}`,
      streamKey.address,
      proof,
    ]);
    const streamId = started[0]!.args.streamId as bigint;
    await tx(earnings, bob, "tip", [Target.Stream, streamId, zeroAddress, 40n, "first gift"], 40n);
    await tx(earnings, carol, "tip", [Target.Stream, streamId, zeroAddress, 60n, "second gift"], 60n);
    // A channel of alice and bob, tipped 1001: each is entitled to floor(1001 / 2) = 500.
    const channels = { address: Channels.address, abi: channelsAbi as Abi };
    const rules = { submitters: 0, thresholdKind: 0, threshold: 1, votingPeriod: DAY };
    const created = await tx(channels, alice, "createChannel", [
      cidBytes(directory),
      cidBytes(directory),
      [a, b],
      rules,
    ]);
    const channelId = created.find((e) => e.eventName === "ChannelCreated")!.args.channelId as bigint;
    const paid = await tx(
      earnings,
      carol,
      "tip",
      [Target.Channel, channelId, zeroAddress, 1001n, "for the pot"],
      1001n,
    );
    const epoch = Number(paid.find((e) => e.eventName === "ChannelPaid")!.args.epoch);
    // Two days later, another tip: a second bucket.
    await createPublicClient({ transport: http(chain.rpcUrl) }).request({
      method: "evm_increaseTime" as never,
      params: [2 * DAY] as never,
    });
    await tx(earnings, dave, "tip", [Target.Video, shared, zeroAddress, 7n, "again"], 7n);

    const money = await until(`/posts/video/${shared}/money`, (body) => body.tips[0]?.count === 2);
    indexerRoutes.getPostMoney.response.parse(money);
    assert.deepEqual(money.split, [
      { holder: a, bps: 5000 },
      { holder: b, bps: 3333 },
      { holder: c, bps: 1667 },
    ]);
    // Never priced, and its manifest ("{}") can't be read as one: the chain's word, withheld.
    assert.deepEqual(
      [money.access, money.price, money.tips],
      ["withheld", null, [{ token: zeroAddress, count: 2, sum: "1008" }]],
    );
    const plainMoney = (await get(`/posts/video/${plain}/money`)).body;
    assert.deepEqual(
      [plainMoney.split, plainMoney.access, plainMoney.price, plainMoney.sales],
      [null, "paid", { token: zeroAddress, amount: "700" }, [{ token: zeroAddress, count: 1, sum: "700" }]],
    );

    const mine = await until(
      `/earnings/${a}`,
      (body) => body.totals.length === 4 && balanceIn(body)?.earned === "2905",
    );
    indexerRoutes.getEarnings.response.parse(mine);
    // alice: 1000 + 40 + 60 tips direct, 700 sale, 100 membership = 1900 in her balance; 505 and 500 unclaimed.
    assert.deepEqual(
      mine.totals.map((t: any) => [t.source, t.amount, t.count]),
      [
        ["channel", "500", 1],
        ["membership", "100", 1],
        ["sale", "700", 1],
        ["tip", String(1000 + 40 + 60 + 505), 5],
      ],
    );
    const ours = balanceIn(mine);
    assert.deepEqual(
      [ours.earned, ours.credited, ours.unclaimed, ours.withdrawn, ours.balance, ours.withdrawable],
      ["2905", "1900", "1005", "0", "1900", "2905"],
    );
    assert.deepEqual(ours.claim, {
      posts: [{ kind: "video", id: shared.toString() }],
      pots: [{ channelId: channelId.toString(), epoch }],
    });
    for (const account of [a, b, c]) {
      await assertMatchesContract(account, { posts: [shared], pots: account === c ? [] : [[channelId, epoch]] });
    }
    assert.equal(balanceIn((await get(`/earnings/${b}`)).body).unclaimed, String(335 + 500));

    // The stream's tips, newest first, with the tippers; pages of one.
    const tips = (await get(`/streams/${streamId}/tips`)).body;
    indexerRoutes.listStreamTips.response.parse(tips);
    assert.deepEqual(
      tips.items.map((t: any) => [t.from.address, t.amount, t.message]),
      [
        [c, "60", "second gift"],
        [b, "40", "first gift"],
      ],
    );
    const first = (await get(`/streams/${streamId}/tips?limit=1`)).body;
    const second = (await get(`/streams/${streamId}/tips?limit=1&cursor=${first.nextCursor}`)).body;
    assert.deepEqual(
      [...first.items, ...second.items].map((t: any) => t.amount),
      ["60", "40"],
    );
    assert.equal(second.nextCursor, null);

    // The chart's series: two days apart; per source; per post; weeks start on Mondays.
    const series = (await get(`/earnings/${a}/series`)).body;
    indexerRoutes.getEarningsSeries.response.parse(series);
    const days = [...new Set(series.points.map((p: any) => p.start))] as number[];
    assert.equal(days.length, 2);
    assert.equal(days[1]! - days[0]!, 2 * DAY);
    assert.ok(days.every((start) => start % DAY === 0));
    const sum = (points: any[]) => points.reduce((total, p) => total + BigInt(p.amount), 0n);
    assert.equal(sum(series.points), 2905n, "the series adds up to everything earned");
    assert.deepEqual(
      series.points.filter((p: any) => p.start === days[1]).map((p: any) => [p.source, p.amount, p.count]),
      [["tip", "3", 1]],
      "the second day holds alice's part of the last tip: 505 − 502",
    );
    const byPost = (await get(`/earnings/${a}/series?post=video-${shared}`)).body;
    assert.equal(sum(byPost.points), 505n);
    const sales = (await get(`/earnings/${a}/series?source=sale&bucket=week`)).body;
    assert.deepEqual(
      sales.points.map((p: any) => [p.source, p.amount]),
      [["sale", "700"]],
    );
    assert.equal((sales.points[0].start - 4 * DAY) % (7 * DAY), 0);
    const bad = await get(`/earnings/${a}/series?bucket=month`);
    assert.deepEqual([bad.status, bad.body.error.message], [400, "bucket must be day or week"]);
    assert.equal((await get(`/earnings/${a}/series?post=video-x`)).status, 400);

    // Income, payment by payment, newest first, in pages.
    const income = (await get(`/earnings/${a}/income?limit=3`)).body;
    indexerRoutes.listEarnings.response.parse(income);
    assert.deepEqual(
      income.items.map((e: any) => [e.source, e.amount, e.paid, e.message]),
      [
        ["tip", "3", "7", "again"],
        ["channel", "500", "1001", ""],
        ["tip", "60", "60", "second gift"],
      ],
    );
    assert.equal(income.items[1].channelId, channelId.toString());
    let cursor = income.nextCursor;
    let all = income.items.length;
    while (cursor) {
      const page = (await get(`/earnings/${a}/income?limit=3&cursor=${cursor}`)).body;
      all += page.items.length;
      cursor = page.nextCursor;
    }
    assert.equal(all, 8, "every payment that credited alice, once");

    // alice withdraws with the claim lists the indexer gives: everything, and the indexer agrees with the chain.
    await tx(earnings, alice, "withdraw", [
      zeroAddress,
      a,
      ours.claim.posts.map((p: any) => ({ kind: PostKind.Video, postId: BigInt(p.id) })),
      ours.claim.pots.map((p: any) => ({ channelId: BigInt(p.channelId), epoch: p.epoch })),
    ]);
    const after = balanceIn(await until(`/earnings/${a}`, (body) => balanceIn(body).withdrawn !== "0"));
    assert.deepEqual(
      [after.earned, after.unclaimed, after.withdrawn, after.balance, after.withdrawable, after.claim],
      ["2905", "0", "2905", "0", "0", { posts: [], pots: [] }],
    );
    await assertMatchesContract(a, { posts: [shared], pots: [[channelId, epoch]] });
    assert.equal(await read("balanceOf", [a, zeroAddress]), 0n);
  });

  it("an unpriced post reads withheld when its bytes are encrypted and free when they are public; then as set", async () => {
    const { videoId: ordinary } = await publishVideo(chain.rpcUrl, await add(manifest()));
    const { videoId: encrypted } = await publishVideo(chain.rpcUrl, await add(manifest(ENCRYPTED)));
    assert.equal(await read("hasAccess", [PostKind.Video, encrypted, b]), false, "the chain withholds its key");
    await until(`/videos/${encrypted}`, (body) => body.manifestStatus === "ok");
    await until(`/videos/${ordinary}`, (body) => body.manifestStatus === "ok");
    const accessOf = async (id: bigint) => {
      const body = (await get(`/posts/video/${id}/money`)).body;
      indexerRoutes.getPostMoney.response.parse(body);
      return body.access;
    };
    assert.equal(await accessOf(ordinary), "free", "an ordinary video with no terms is simply free");
    assert.equal(await accessOf(encrypted), "withheld", "an encrypted one its creator hasn't opened");

    await tx(earnings, alice, "setPrice", [PostKind.Video, encrypted, Access.Free, zeroAddress, 0n]);
    await until(`/posts/video/${encrypted}/money`, (body) => body.access === "free");
    await tx(earnings, alice, "setPrice", [PostKind.Video, encrypted, Access.MembersOnly, zeroAddress, 0n]);
    await until(`/posts/video/${encrypted}/money`, (body) => body.access === "members");
    await tx(earnings, alice, "setPrice", [PostKind.Video, encrypted, Access.Withheld, zeroAddress, 0n]);
    await until(`/posts/video/${encrypted}/money`, (body) => body.access === "withheld");
  });

  it("answers empty earnings for an account never paid, and 400 for a bad address", async () => {
    const body = (await get(`/earnings/${d}`)).body;
    assert.deepEqual(body, { address: d, balances: [], totals: [] });
    assert.deepEqual((await get(`/earnings/${d}/series`)).body, { address: d, bucket: "day", points: [] });
    const bad = await get("/earnings/0x1234");
    assert.deepEqual([bad.status, bad.body.error.message], [400, "address must be an address (0x and 40 hex digits)"]);
    assert.deepEqual((await get("/posts/video/999/money")).body, {
      kind: "video",
      id: "999",
      split: null,
      price: null,
      access: "withheld",
      tips: [],
      sales: [],
    });
  });

  it("lists a creator's plan and members, latest expiry first, page by page; an expired member is counted out", async () => {
    // dave joined alice's plan in the first test (his second join now, for three days); bob and carol join for one.
    await tx(earnings, bob, "join", [a, 1, zeroAddress, 50n], 50n);
    await tx(earnings, carol, "join", [a, 1, zeroAddress, 50n], 50n);
    await tx(earnings, dave, "join", [a, 3, zeroAddress, 50n], 150n);
    const until_ = async (who: `0x${string}`) => Number(await read("memberUntil", [a, who]));
    const body = await until(`/memberships/${a}`, (x) => x.items.length === 3 && x.items[0].joins === 2);
    indexerRoutes.getMemberships.response.parse(body);
    assert.deepEqual(body.plan, { token: zeroAddress, price: "50", period: DAY, active: true });
    assert.equal(body.activeCount, 3);
    assert.deepEqual(
      body.items.map((m: any) => [m.member.address, m.expiresAt, m.active, m.joins]),
      [
        [d, await until_(d), true, 2],
        // bob and carol: in expiry order (they joined a block apart, maybe within one second), ties by address.
        [c, await until_(c), true, 1],
        [b, await until_(b), true, 1],
      ].sort(
        (x, y) =>
          (y[1] as number) - (x[1] as number) || (String(x[0]).toLowerCase() < String(y[0]).toLowerCase() ? -1 : 1),
      ),
    );
    // Page by page: the same members in the same order, once each.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await get(`/memberships/${a}?limit=1${cursor ? `&cursor=${cursor}` : ""}`)).body;
      paged.push(...page.items.map((m: any) => m.member.address));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      paged,
      body.items.map((m: any) => m.member.address),
    );

    // A day and a half on, bob's and carol's day is over; dave has at least a day and a half left.
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    await client.request({ method: "evm_increaseTime", params: [DAY + DAY / 2] } as never);
    await client.request({ method: "evm_mine" } as never);
    const later = await until(`/memberships/${a}`, (x) => x.activeCount === 1);
    assert.deepEqual(
      later.items.map((m: any) => [m.member.address, m.active]),
      [[d, true], ...body.items.slice(1).map((m: any) => [m.member.address, false])],
    );

    assert.deepEqual((await get(`/memberships/${d}`)).body, {
      plan: null,
      activeCount: 0,
      items: [],
      nextCursor: null,
    });
    const bad = await get(`/memberships/${a}?cursor=nonsense`);
    assert.deepEqual([bad.status, bad.body.error.message], [400, "cursor must be a nextCursor from an earlier page"]);
  });

  it("indexes a channel's voted membership plan, its paying members, and their money as the members' pot income", async () => {
    const channels = { address: Channels.address, abi: channelsAbi as Abi };
    const rules = { submitters: 0, thresholdKind: 0, threshold: 2, votingPeriod: DAY };
    const created = await tx(channels, bob, "createChannel", [cidBytes(directory), cidBytes(directory), [b, c], rules]);
    const channelId = created.find((e) => e.eventName === "ChannelCreated")!.args.channelId as bigint;
    const plan = { token: zeroAddress, pricePerPeriod: 30n, period: 30 * DAY } as const;
    const proposed = await tx(channels, bob, "proposeSetting", [channelId, CHANNEL_PLAN_KEY, encodeChannelPlan(plan)]);
    const proposalId = proposed.find((e) => e.eventName === "ProposalCreated")!.args.proposalId as bigint;
    const open = await until(
      `/proposals/${proposalId}`,
      (x) => x.proposedSetting !== undefined && x.kind === "setting",
    );
    indexerRoutes.getProposal.response.parse(open);
    assert.deepEqual(open.proposedSetting, {
      key: CHANNEL_PLAN_KEY,
      value: encodeChannelPlan(plan),
      membershipPlan: { token: zeroAddress, price: "30", period: 30 * DAY },
      channelPlaylists: null,
    });
    assert.equal(open.releaseMoney, null, "only a video proposal has a release's money");
    assert.equal((await get(`/channels/${channelId}`)).body.membershipPlan, null, "not before the vote passes");

    await tx(channels, carol, "vote", [proposalId, true]);
    const voted = await until(`/channels/${channelId}`, (x) => x.membershipPlan !== null);
    indexerRoutes.getChannel.response.parse(voted);
    assert.deepEqual(voted.membershipPlan, {
      token: zeroAddress,
      price: "30",
      period: 30 * DAY,
      proposalId: proposalId.toString(),
    });
    assert.equal(voted.payingMembers, 0);

    // Dave pays for two periods: 60 wei into the pot, 30 for each of the two members.
    const joined = await tx(earnings, dave, "joinChannel", [channelId, 2, zeroAddress, 30n], 60n);
    const until_ = Number(joined.find((e) => e.eventName === "ChannelJoined")!.args.memberUntil);
    assert.equal(until_, Number(await read("channelMemberUntil", [channelId, d])));
    await until(`/channels/${channelId}`, (x) => x.payingMembers === 1);
    const income = await until(`/earnings/${c}/income?limit=1`, (x) => x.items[0]?.channelId === channelId.toString());
    assert.deepEqual(
      [income.items[0].source, income.items[0].amount, income.items[0].paid, income.items[0].from],
      ["channel", "30", "60", d],
    );

    // The members vote the plan into a 6-decimal ERC-20; dave renews in it and alice joins in it. Dave's ETH stays
    // counted beside his token (a join in another token used to restart what he had paid).
    const usdc = await deployTestToken(alice);
    await tx(token(usdc), alice, "mint", [d, 10_000_000n]);
    await tx(token(usdc), alice, "mint", [a, 10_000_000n]);
    const usdcPlan = { token: usdc, pricePerPeriod: 2_500_000n, period: 30 * DAY } as const;
    const toUsdc = await tx(channels, bob, "proposeSetting", [
      channelId,
      CHANNEL_PLAN_KEY,
      encodeChannelPlan(usdcPlan),
    ]);
    await tx(channels, carol, "vote", [toUsdc.find((e) => e.eventName === "ProposalCreated")!.args.proposalId, true]);
    await until(`/channels/${channelId}`, (x) => x.membershipPlan?.token === usdc);
    await tx(token(usdc), dave, "approve", [Earnings.address, 2_500_000n]);
    await tx(earnings, dave, "joinChannel", [channelId, 1, usdc, 2_500_000n]);
    await tx(token(usdc), alice, "approve", [Earnings.address, 5_000_000n]);
    await tx(earnings, alice, "joinChannel", [channelId, 2, usdc, 2_500_000n]);
    // Waits on the paid sums themselves: Ponder may write the membership rows and the paid rows (another table) apart.
    const paying = await until(
      `/channels/${channelId}/paying-members`,
      (x) => x.items.length === 2 && x.items.every((m: any) => m.paid.length === (m.member.address === d ? 2 : 1)),
    );
    indexerRoutes.listChannelPayingMembers.response.parse(paying);
    const memberUntil = async (who: `0x${string}`) => Number(await read("channelMemberUntil", [channelId, who]));
    // Dave: 60 days bought in ETH, then 30 more; alice: 60 days from now, so dave's runs longer and leads.
    assert.deepEqual(
      paying.items.map((m: any) => [m.member.address, m.expiresAt, m.active, m.joins, m.paid]),
      [
        [
          d,
          await memberUntil(d),
          true,
          2,
          [
            { token: zeroAddress, amount: "60" },
            { token: usdc, amount: "2500000" },
          ],
        ],
        [a, await memberUntil(a), true, 1, [{ token: usdc, amount: "5000000" }]],
      ],
    );
    assert.equal((await get(`/channels/${channelId}`)).body.payingMembers, 2);
    // Page by page: the same members in the same order, once each.
    const first = (await get(`/channels/${channelId}/paying-members?limit=1`)).body;
    assert.equal(first.items.length, 1);
    const second = (await get(`/channels/${channelId}/paying-members?limit=1&cursor=${first.nextCursor}`)).body;
    assert.deepEqual(
      [...first.items, ...second.items].map((m: any) => m.member.address),
      [d, a],
    );
    assert.equal(second.nextCursor, null);
    // A channel nobody paid: an empty list; a bad cursor: 400 with the reason.
    assert.deepEqual((await get(`/channels/${channelId + 1000n}/paying-members`)).body, {
      items: [],
      nextCursor: null,
    });
    const badCursor = await get(`/channels/${channelId}/paying-members?cursor=nonsense`);
    assert.deepEqual(
      [badCursor.status, badCursor.body.error.message],
      [400, "cursor must be a nextCursor from an earlier page"],
    );

    // A vote for a value that is no plan (a zero price) removes it, as on chain; the paid time stays.
    const bad = await tx(channels, bob, "proposeSetting", [
      channelId,
      CHANNEL_PLAN_KEY,
      encodeChannelPlan({ ...plan, pricePerPeriod: 0n }),
    ]);
    await tx(channels, carol, "vote", [bad.find((e) => e.eventName === "ProposalCreated")!.args.proposalId, true]);
    const cleared = await until(`/channels/${channelId}`, (x) => x.membershipPlan === null);
    assert.equal(cleared.payingMembers, 2);
    assert.equal((await read("channelMembershipPlan", [channelId])).period, 0);
  });

  it("shows what a video submission's release would cost viewers, and who would be paid, while its vote is open", async () => {
    const channels = { address: Channels.address, abi: channelsAbi as Abi };
    const rules = { submitters: 0, thresholdKind: 0, threshold: 2, votingPeriod: DAY };
    const created = await tx(channels, bob, "createChannel", [cidBytes(directory), cidBytes(directory), [b, c], rules]);
    const channelId = created.find((e) => e.eventName === "ChannelCreated")!.args.channelId as bigint;
    // Bob's submissions count his yes: each waits for carol's.
    const submit = async (doc: object) =>
      (await tx(channels, bob, "submitVideo", [channelId, cidBytes(await add(doc))])).find(
        (e) => e.eventName === "ProposalCreated",
      )!.args.proposalId as bigint;
    const encrypted = await submit(manifest(ENCRYPTED));
    const ordinary = await submit(manifest());
    const nothingSet = { price: null, split: null, channelBps: 0 };

    // Nothing set yet: the encrypted one would stay closed (withheld), the ordinary one would be free.
    const open = await until(
      `/channels/${channelId}/proposals?status=open`,
      (x) => x.items.length === 2 && x.items[0].releaseMoney?.access === "free",
    );
    indexerRoutes.listChannelProposals.response.parse(open);
    assert.deepEqual(
      open.items.map((p: any) => [p.id, p.status, p.releaseMoney]),
      [
        [ordinary.toString(), "open", { access: "free", ...nothingSet }],
        [encrypted.toString(), "open", { access: "withheld", ...nothingSet }],
      ],
    );

    // Bob sets the encrypted one's split (a tenth to the channel's pot) and price before the vote; the ordinary one
    // members-only.
    await tx(earnings, bob, "setSplit", [PostKind.Release, encrypted, [b, d], [6000, 3000], 1000]);
    await tx(earnings, bob, "setPrice", [PostKind.Release, encrypted, Access.Paid, zeroAddress, 500n]);
    await tx(earnings, bob, "setPrice", [PostKind.Release, ordinary, Access.MembersOnly, zeroAddress, 0n]);
    const priced = await until(
      `/proposals/${encrypted}`,
      (x) => x.releaseMoney?.price !== null && x.releaseMoney?.split !== null,
    );
    indexerRoutes.getProposal.response.parse(priced);
    assert.deepEqual(priced.releaseMoney, {
      access: "paid",
      price: { token: zeroAddress, amount: "500" },
      split: [
        { holder: b, bps: 6000 },
        { holder: d, bps: 3000 },
      ],
      channelBps: 1000,
    });
    const membersOnly = await until(`/proposals/${ordinary}`, (x) => x.releaseMoney?.access === "members");
    assert.deepEqual(membersOnly.releaseMoney, { access: "members", ...nothingSet });
    // The list says the same as each proposal, and as the post's own money once released.
    const listed = (await get(`/channels/${channelId}/proposals`)).body;
    assert.deepEqual(
      listed.items.map((p: any) => p.releaseMoney),
      [membersOnly.releaseMoney, priced.releaseMoney],
    );
    const post = (await get(`/posts/release/${encrypted}/money`)).body;
    assert.deepEqual(
      [post.access, post.price, post.split],
      ["paid", priced.releaseMoney.price, priced.releaseMoney.split],
    );
  });
});

import { describe, it } from "node:test";
import { createHash } from "node:crypto";
import { expect } from "chai";
import { network } from "hardhat";
import {
  bytesToHex,
  concat,
  encodeAbiParameters,
  encodeFunctionData,
  getAddress,
  hexToBigInt,
  keccak256,
  numberToBytes,
  parseEther,
  zeroAddress,
  type Address,
  type Hex,
} from "viem";

// ─── The Merkle scheme, as a publisher or keeper computes it (docs/storage-proofs.md) ─────────────────────────────
// A second implementation of the tree on purpose, not an import of @chorus/merkle: it is the independent oracle the
// Solidity library (contracts/libraries/StorageMerkle.sol) is tested against, written from docs/storage-proofs.md, so
// a shared bug in the off-chain package cannot make the contract's tests agree with it. @chorus/merkle is checked
// against the contract separately (keeper/test/proof.test.ts).

const SEGMENT_SIZE = 256;
/** Kubo's `--cid-version=1` chunk: a raw leaf block. */
const CHUNK_SIZE = 262_144;
const SEGMENTS_PER_CHUNK = CHUNK_SIZE / SEGMENT_SIZE;

interface ContentTree {
  content: Uint8Array;
  segmentCount: number;
  depth: number;
  root: Hex;
  /** levels[0] are the leaves, levels[depth] the root; a missing right node is the empty subtree of that level. */
  levels: Uint8Array[][];
  /** empty[h]: the hash of an all-padding subtree of height h (empty[0] is the padding leaf, 32 zero bytes). */
  empty: Uint8Array[];
}

const hashPair = (left: Uint8Array, right: Uint8Array) => keccak256(concat([left, right]), "bytes");

/** Leaf `index`: keccak256(uint256 index ‖ segment). */
const leafHash = (index: number, segment: Uint8Array) =>
  keccak256(concat([numberToBytes(index, { size: 32 }), segment]), "bytes");

function buildTree(content: Uint8Array): ContentTree {
  const segmentCount = Math.ceil(content.length / SEGMENT_SIZE);
  let depth = 0;
  while (2 ** depth < segmentCount) depth++;
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < segmentCount; i++) {
    leaves.push(leafHash(i, content.subarray(i * SEGMENT_SIZE, (i + 1) * SEGMENT_SIZE)));
  }
  const empty: Uint8Array[] = [new Uint8Array(32)];
  const levels = [leaves];
  for (let h = 0; h < depth; h++) {
    const level = levels[h]!;
    const next: Uint8Array[] = [];
    for (let j = 0; j < level.length; j += 2) next.push(hashPair(level[j]!, level[j + 1] ?? empty[h]!));
    levels.push(next);
    empty.push(hashPair(empty[h]!, empty[h]!));
  }
  return { content, segmentCount, depth, root: bytesToHex(levels[depth]![0]!), levels, empty };
}

/** The segment at `index` and its proof, leaf level first. */
function proofFor(tree: ContentTree, index: number | bigint): { segment: Hex; proof: Hex[] } {
  let position = Number(index);
  const segment = tree.content.subarray(position * SEGMENT_SIZE, (position + 1) * SEGMENT_SIZE);
  const proof: Hex[] = [];
  for (let h = 0; h < tree.depth; h++) {
    proof.push(bytesToHex(tree.levels[h]![position ^ 1] ?? tree.empty[h]!));
    position >>= 1;
  }
  return { segment: bytesToHex(segment), proof };
}

/** Deterministic pseudo-random bytes: SHA-256 in counter mode over `label`. */
function pseudoRandomBytes(length: number, label: string): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let offset = 0, counter = 0; offset < length; offset += 32, counter++) {
    const block = createHash("sha256").update(`${label}:${counter}`).digest();
    bytes.set(block.subarray(0, Math.min(32, length - offset)), offset);
  }
  return bytes;
}

/** The binary CIDv1 (raw codec, sha2-256) of a single-block content: what `ipfs add --cid-version=1` gives. */
const rawCid = (bytes: Uint8Array): Hex =>
  concat(["0x01551220", bytesToHex(createHash("sha256").update(bytes).digest())]);

// A video of four full IPFS blocks and a partial fifth: 4100 segments (the last one 232 bytes), a tree of depth 13.
const VIDEO = buildTree(pseudoRandomBytes(4 * CHUNK_SIZE + 1000, "video"));
// The root CID of a multi-block file is a dag-pb node; its value is independent of the Merkle root.
const VIDEO_CID: Hex = "0x01701220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
// A 100-byte file: one short segment, a tree of depth 0, a raw CID.
const TINY = buildTree(pseudoRandomBytes(100, "tiny"));
const TINY_CID = rawCid(TINY.content);

const MALFORMED: readonly (readonly [string, Hex])[] = [
  ["a CIDv0 multihash", "0x1220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
  ["a dag-cbor codec", "0x01711220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
  ["a truncated digest", "0x01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcd"],
];

// The contract's enums, by ordinal.
const KeeperStatus = { None: 0, Active: 1, Left: 2, Evicted: 3, Released: 4 } as const;
const PeriodStatus = { NotDue: 0, Due: 1, Proven: 2, Missed: 3, MissCounted: 4 } as const;
const OnReceive = { Accept: 0, Reject: 1, Reenter: 2 } as const;

const PERIOD = 3600;
const PERIODS = 6;
const PRICE = parseEther("0.001");
const STAKE = parseEther("0.1");
const SLASH = parseEther("0.03");
const MAX_MISSES = 2;
const REPLICAS = 2;
const ETH: Address = zeroAddress;

interface Terms {
  cid: Hex;
  size: bigint;
  root: Hex;
  replicas: number;
  start: number;
  periodSeconds: number;
  periods: number;
  token: Address;
  pricePerPeriod: bigint;
  stakePerReplica: bigint;
  slashPerMiss: bigint;
  maxMisses: number;
}

const costOf = (t: Pick<Terms, "replicas" | "periods" | "pricePerPeriod">) =>
  BigInt(t.replicas) * BigInt(t.periods) * t.pricePerPeriod;

describe("StorageEscrow", async function () {
  const { viem, networkHelpers } = await network.create();
  const { time, mine } = networkHelpers;
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const wallet = (index: number) => {
    const client = wallets[index];
    if (client === undefined) throw new Error(`no wallet client #${index}`);
    return client;
  };
  const [funder, alice, bob, carol, dave, outsider] = [0, 1, 2, 3, 4, 5].map(wallet) as [
    ReturnType<typeof wallet>,
    ReturnType<typeof wallet>,
    ReturnType<typeof wallet>,
    ReturnType<typeof wallet>,
    ReturnType<typeof wallet>,
    ReturnType<typeof wallet>,
  ];
  type Wallet = typeof funder;
  const as = (w: Wallet) => ({ account: w.account });
  const addressOf = (w: Wallet): Address => getAddress(w.account.address);

  // ─── Fixtures ──────────────────────────────────────────────────────────────────────────────────────────────────

  async function deployFixture() {
    const escrow = await viem.deployContract("StorageEscrow");
    const token = await viem.deployContract("StorageEscrowTestToken");
    const feeToken = await viem.deployContract("StorageEscrowFeeTestToken");
    for (const w of [funder, alice, bob, carol, dave, outsider]) {
      await token.write.mint([addressOf(w), parseEther("1000")]);
      await token.write.approve([escrow.address, 2n ** 256n - 1n], as(w));
      await feeToken.write.mint([addressOf(w), parseEther("1000")]);
      await feeToken.write.approve([escrow.address, 2n ** 256n - 1n], as(w));
    }
    return { escrow, token, feeToken };
  }

  type Escrow = Awaited<ReturnType<typeof deployFixture>>["escrow"];

  /** Terms for the video, starting an hour from now, overridable. */
  async function termsFor(overrides: Partial<Terms> = {}): Promise<Terms> {
    return {
      cid: VIDEO_CID,
      size: BigInt(VIDEO.content.length),
      root: VIDEO.root,
      replicas: REPLICAS,
      start: (await time.latest()) + PERIOD,
      periodSeconds: PERIOD,
      periods: PERIODS,
      token: ETH,
      pricePerPeriod: PRICE,
      stakePerReplica: STAKE,
      slashPerMiss: SLASH,
      maxMisses: MAX_MISSES,
      ...overrides,
    };
  }

  /** Creates a deal (paying in ETH or approved tokens) and returns its id and terms. */
  async function createDeal(escrow: Escrow, overrides: Partial<Terms> = {}, by: Wallet = funder) {
    const terms = await termsFor(overrides);
    const value = terms.token === ETH ? costOf(terms) : 0n;
    await escrow.write.createDeal([terms], { ...as(by), value });
    return { dealId: await escrow.read.dealCount(), terms };
  }

  const stakeValue = (terms: Terms) => (terms.token === ETH ? terms.stakePerReplica : 0n);

  /** An ETH deal for the video: two replicas, six one-hour periods, starting in an hour; Alice and Bob joined. */
  async function ethDealFixture() {
    const { escrow, token, feeToken } = await deployFixture();
    const { dealId, terms } = await createDeal(escrow);
    await escrow.write.join([dealId], { ...as(alice), value: STAKE });
    await escrow.write.join([dealId], { ...as(bob), value: STAKE });
    return { escrow, token, feeToken, dealId, terms };
  }

  /** The same deal paid in the test ERC-20; Alice and Bob joined. */
  async function tokenDealFixture() {
    const { escrow, token, feeToken } = await deployFixture();
    const { dealId, terms } = await createDeal(escrow, { token: token.address });
    await escrow.write.join([dealId], as(alice));
    await escrow.write.join([dealId], as(bob));
    return { escrow, token, feeToken, dealId, terms };
  }

  /** A one-replica ETH deal for a 100-byte file (one segment); Alice joined. */
  async function tinyDealFixture() {
    const { escrow } = await deployFixture();
    const { dealId, terms } = await createDeal(escrow, {
      cid: TINY_CID,
      size: BigInt(TINY.content.length),
      root: TINY.root,
      replicas: 1,
    });
    await escrow.write.join([dealId], { ...as(alice), value: STAKE });
    return { escrow, dealId, terms };
  }

  // ─── Helpers ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** Moves time so that the next transaction lands `offset` seconds into `period` (offset ≥ 1). */
  async function enterPeriod(terms: Terms, period: number, offset = 1) {
    await time.setNextBlockTimestamp(terms.start + period * terms.periodSeconds + offset);
    await mine();
  }

  const endOf = (terms: Terms) => terms.start + terms.periods * terms.periodSeconds;

  /** The segment a challenge drawn from `seedBlock` picks, computed as the contract does. */
  async function expectedChallenge(
    dealId: bigint,
    keeper: Address,
    period: number,
    seedBlock: bigint,
    tree: ContentTree,
  ) {
    const { hash } = await publicClient.getBlock({ blockNumber: seedBlock });
    const seed = keccak256(
      encodeAbiParameters(
        [{ type: "bytes32" }, { type: "uint256" }, { type: "address" }, { type: "uint32" }],
        [hash, dealId, keeper, period],
      ),
    );
    return hexToBigInt(seed) % BigInt(tree.segmentCount);
  }

  /** Requests `keeper`'s challenge for the current period and returns the segment it picks, with its proof. */
  async function drawChallenge(escrow: Escrow, dealId: bigint, keeper: Wallet, period: number, tree = VIDEO) {
    await escrow.write.requestChallenge([dealId], as(keeper));
    await mine();
    const index = await escrow.read.challenge([dealId, addressOf(keeper), period]);
    return { index, ...proofFor(tree, index) };
  }

  /** Requests and answers `keeper`'s challenge for the current period `period`. */
  async function serve(escrow: Escrow, dealId: bigint, keeper: Wallet, period: number, tree = VIDEO) {
    const { segment, proof } = await drawChallenge(escrow, dealId, keeper, period, tree);
    return escrow.write.prove([dealId, period, segment, proof], as(keeper));
  }

  async function ethBalance(address: Address) {
    return publicClient.getBalance({ address });
  }

  // ─── Tests ─────────────────────────────────────────────────────────────────────────────────────────────────────

  describe("the Merkle scheme", function () {
    it("makes every 256 KiB IPFS block an aligned subtree whose root the block alone gives", async function () {
      // A keeper holding block b (from its IPFS store) rebuilds that block's subtree with global segment indices,
      // and finds the node at level log2(1024) = 10, position b.
      for (let block = 0; block < 5; block++) {
        const bytes = VIDEO.content.subarray(block * CHUNK_SIZE, (block + 1) * CHUNK_SIZE);
        let level: Uint8Array[] = [];
        for (let s = 0; s * SEGMENT_SIZE < bytes.length; s++) {
          const segment = bytes.subarray(s * SEGMENT_SIZE, (s + 1) * SEGMENT_SIZE);
          level.push(leafHash(block * SEGMENTS_PER_CHUNK + s, segment));
        }
        for (let h = 0; h < 10; h++) {
          const next: Uint8Array[] = [];
          for (let j = 0; j < level.length; j += 2) next.push(hashPair(level[j]!, level[j + 1] ?? VIDEO.empty[h]!));
          level = next;
        }
        expect(bytesToHex(level[0]!)).to.equal(bytesToHex(VIDEO.levels[10]![block]!));
      }
      expect(VIDEO.segmentCount).to.equal(4100);
      expect(VIDEO.depth).to.equal(13);
    });
  });

  describe("createDeal", function () {
    it("creates an ETH deal, takes its full cost and emits DealCreated with the terms", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const terms = await termsFor();
      const deposit = costOf(terms);
      const create = escrow.write.createDeal([terms], { ...as(funder), value: deposit });

      await viem.assertions.emitWithArgs(create, escrow, "DealCreated", [
        1n,
        addressOf(funder),
        ETH,
        terms,
        4100n,
        deposit,
      ]);
      expect(await ethBalance(escrow.address)).to.equal(deposit);
      expect(await escrow.read.dealCount()).to.equal(1n);
      const deal = await escrow.read.deal([1n]);
      expect(deal).to.deep.include({
        funder: addressOf(funder),
        token: ETH,
        cid: VIDEO_CID,
        root: VIDEO.root,
        size: BigInt(VIDEO.content.length),
        segmentCount: 4100n,
        depth: 13,
        replicas: REPLICAS,
        keepers: 0,
        start: terms.start,
        periodSeconds: PERIOD,
        periods: PERIODS,
        end: BigInt(endOf(terms)),
        pricePerPeriod: PRICE,
        stakePerReplica: STAKE,
        slashPerMiss: SLASH,
        maxMisses: MAX_MISSES,
        deposit,
        paid: 0n,
        slashed: 0n,
        refunded: 0n,
      });
      expect((await escrow.read.totals([ETH])).deposited).to.equal(deposit);
    });

    it("creates an ERC-20 deal and pulls its full cost", async function () {
      const { escrow, token } = await networkHelpers.loadFixture(deployFixture);
      const terms = await termsFor({ token: token.address });
      const before = await token.read.balanceOf([addressOf(funder)]);
      await viem.assertions.emit(escrow.write.createDeal([terms], as(funder)), escrow, "DealCreated");
      expect(await token.read.balanceOf([escrow.address])).to.equal(costOf(terms));
      expect(await token.read.balanceOf([addressOf(funder)])).to.equal(before - costOf(terms));
      expect((await escrow.read.totals([token.address])).deposited).to.equal(costOf(terms));
      expect((await escrow.read.totals([ETH])).deposited).to.equal(0n);
    });

    it("accepts the boundaries: 1 and 16 replicas, a one-minute period, a start now, a slash and stake of one price", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      await createDeal(escrow, { replicas: 1 });
      await createDeal(escrow, { replicas: 16, periodSeconds: 60 });
      await createDeal(escrow, { stakePerReplica: PRICE, slashPerMiss: PRICE });
      await createDeal(escrow, { slashPerMiss: STAKE });
      const now = (await time.latest()) + 1;
      await time.setNextBlockTimestamp(now);
      const terms = await termsFor({ start: now });
      await escrow.write.createDeal([terms], { ...as(funder), value: costOf(terms) });
      expect(await escrow.read.dealCount()).to.equal(5n);
      const tiny = await createDeal(escrow, { size: 1n, root: TINY.root });
      const deal = await escrow.read.deal([tiny.dealId]);
      expect([deal.segmentCount, deal.depth]).to.deep.equal([1n, 0]);
    });

    it("reverts with StorageEscrowEmptyCid for an empty CID", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const terms = await termsFor({ cid: "0x" });
      await viem.assertions.revertWithCustomError(
        escrow.write.createDeal([terms], { value: costOf(terms) }),
        escrow,
        "StorageEscrowEmptyCid",
      );
    });

    for (const [why, cid] of MALFORMED) {
      it(`reverts with StorageEscrowMalformedCid for ${why}`, async function () {
        const { escrow } = await networkHelpers.loadFixture(deployFixture);
        const terms = await termsFor({ cid });
        await viem.assertions.revertWithCustomErrorWithArgs(
          escrow.write.createDeal([terms], { value: costOf(terms) }),
          escrow,
          "StorageEscrowMalformedCid",
          [cid],
        );
      });
    }

    it("reverts with a custom error for each invalid term", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const cases: [Partial<Terms>, string, unknown[]][] = [
        [{ size: 0n }, "StorageEscrowZeroSize", []],
        [{ root: `0x${"00".repeat(32)}` }, "StorageEscrowZeroRoot", []],
        [{ replicas: 0 }, "StorageEscrowReplicasOutOfRange", [0, 16]],
        [{ replicas: 17 }, "StorageEscrowReplicasOutOfRange", [17, 16]],
        [{ periodSeconds: 0 }, "StorageEscrowPeriodTooShort", [0, 60]],
        [{ periodSeconds: 59 }, "StorageEscrowPeriodTooShort", [59, 60]],
        [{ periods: 0 }, "StorageEscrowZeroPeriods", []],
        [{ pricePerPeriod: 0n }, "StorageEscrowZeroPrice", []],
        [{ maxMisses: 0 }, "StorageEscrowZeroMaxMisses", []],
        [{ slashPerMiss: STAKE + 1n }, "StorageEscrowSlashAboveStake", [STAKE + 1n, STAKE]],
      ];
      for (const [overrides, error, args] of cases) {
        const terms = await termsFor(overrides);
        await viem.assertions.revertWithCustomErrorWithArgs(
          escrow.write.createDeal([terms], { value: costOf(terms) }),
          escrow,
          error as "StorageEscrowZeroSize",
          args as [],
        );
      }
    });

    it("reverts with StorageEscrowStartInPast for a start before the current block", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const now = (await time.latest()) + 1;
      await time.setNextBlockTimestamp(now);
      const terms = await termsFor({ start: now - 1 });
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.createDeal([terms], { value: costOf(terms) }),
        escrow,
        "StorageEscrowStartInPast",
        [now - 1, BigInt(now)],
      );
    });

    it("reverts with StorageEscrowDepositTooLarge when the cost exceeds 128 bits", async function () {
      const { escrow, token } = await networkHelpers.loadFixture(deployFixture);
      const price = 2n ** 127n;
      const terms = await termsFor({
        token: token.address,
        pricePerPeriod: price,
        stakePerReplica: price,
        slashPerMiss: price,
        replicas: 2,
        periods: 1,
      });
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.createDeal([terms]),
        escrow,
        "StorageEscrowDepositTooLarge",
        [2n ** 128n],
      );
    });

    it("reverts with StorageEscrowValueMismatch unless the ETH sent is the cost, or none for a token deal", async function () {
      const { escrow, token } = await networkHelpers.loadFixture(deployFixture);
      const terms = await termsFor();
      const cost = costOf(terms);
      for (const value of [0n, cost - 1n, cost + 1n]) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          escrow.write.createDeal([terms], { value }),
          escrow,
          "StorageEscrowValueMismatch",
          [cost, value],
        );
      }
      const tokenTerms = await termsFor({ token: token.address });
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.createDeal([tokenTerms], { value: 1n }),
        escrow,
        "StorageEscrowValueMismatch",
        [0n, 1n],
      );
    });

    it("reverts with StorageEscrowTransferMismatch for a token that takes a fee on transfer", async function () {
      const { escrow, feeToken } = await networkHelpers.loadFixture(deployFixture);
      const terms = await termsFor({ token: feeToken.address });
      const cost = costOf(terms);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.createDeal([terms]),
        escrow,
        "StorageEscrowTransferMismatch",
        [getAddress(feeToken.address), cost, cost - cost / 100n],
      );
    });

    it("reverts with StorageEscrowUnknownDeal for deal ids never created", async function () {
      const { escrow, dealId } = await networkHelpers.loadFixture(ethDealFixture);
      const unknown = dealId + 1n;
      const a = addressOf(alice);
      // Thunks: a promise made early would reject unobserved.
      const calls = [
        () => escrow.read.deal([unknown]),
        () => escrow.read.keeper([unknown, a]),
        () => escrow.read.keeperAt([unknown, 0]),
        () => escrow.read.periodStatus([unknown, a, 0]),
        () => escrow.read.challenge([unknown, a, 0]),
        () => escrow.write.topUp([unknown, 1]),
        () => escrow.write.refund([unknown]),
        () => escrow.write.join([unknown]),
        () => escrow.write.requestChallenge([unknown]),
        () => escrow.write.prove([unknown, 0, "0x", []]),
        () => escrow.write.reportMissed([unknown, a, 0]),
        () => escrow.write.leaveDeal([unknown]),
        () => escrow.write.release([unknown, a]),
        () => escrow.read.deal([0n]),
      ];
      for (const call of calls) {
        await viem.assertions.revertWithCustomError(call(), escrow, "StorageEscrowUnknownDeal");
      }
    });
  });

  describe("join", function () {
    it("gives the lowest free slot, locks the stake and serves from period 0 before the start", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const { dealId } = await createDeal(escrow);
      const join = escrow.write.join([dealId], { ...as(alice), value: STAKE });
      await viem.assertions.emitWithArgs(join, escrow, "KeeperJoined", [
        dealId,
        addressOf(alice),
        0,
        0,
        PERIODS,
        STAKE,
      ]);
      await viem.assertions.emitWithArgs(
        escrow.write.join([dealId], { ...as(bob), value: STAKE }),
        escrow,
        "KeeperJoined",
        [dealId, addressOf(bob), 1, 0, PERIODS, STAKE],
      );
      expect(await ethBalance(escrow.address)).to.equal(costOf(await termsFor()) + 2n * STAKE);
      expect(await escrow.read.keeper([dealId, addressOf(alice)])).to.deep.equal({
        status: KeeperStatus.Active,
        slot: 0,
        firstPeriod: 0,
        endPeriod: PERIODS,
        proven: 0,
        misses: 0,
        stake: STAKE,
        challengePeriod: 0,
        seedBlock: 0n,
      });
      expect(await escrow.read.keeperAt([dealId, 0])).to.equal(addressOf(alice));
      expect(await escrow.read.keeperAt([dealId, 1])).to.equal(addressOf(bob));
      expect((await escrow.read.deal([dealId])).keepers).to.equal(2);
      expect((await escrow.read.totals([ETH])).staked).to.equal(2n * STAKE);
    });

    it("serves from the next period when joining a running deal", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const { dealId, terms } = await createDeal(escrow);
      await enterPeriod(terms, 2, PERIOD - 10);
      await viem.assertions.emitWithArgs(
        escrow.write.join([dealId], { ...as(alice), value: STAKE }),
        escrow,
        "KeeperJoined",
        [dealId, addressOf(alice), 0, 3, PERIODS, STAKE],
      );
    });

    it("pulls an ERC-20 stake", async function () {
      const { escrow, token, dealId, terms } = await networkHelpers.loadFixture(tokenDealFixture);
      expect(await token.read.balanceOf([escrow.address])).to.equal(costOf(terms) + 2n * STAKE);
      expect((await escrow.read.totals([token.address])).staked).to.equal(2n * STAKE);
      expect((await escrow.read.keeper([dealId, addressOf(bob)])).stake).to.equal(STAKE);
    });

    it("serves period 0 when joining in the block the deal starts, and a period that opens as it joins", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const start = (await time.latest()) + 10;
      const { dealId, terms } = await createDeal(escrow, { start });
      await time.setNextBlockTimestamp(start);
      await viem.assertions.emitWithArgs(
        escrow.write.join([dealId], { ...as(alice), value: STAKE }),
        escrow,
        "KeeperJoined",
        [dealId, addressOf(alice), 0, 0, PERIODS, STAKE],
      );
      await viem.assertions.emit(serve(escrow, dealId, alice, 0), escrow, "ProofAccepted");
      await time.setNextBlockTimestamp(terms.start + 2 * PERIOD);
      await viem.assertions.emitWithArgs(
        escrow.write.join([dealId], { ...as(bob), value: STAKE }),
        escrow,
        "KeeperJoined",
        [dealId, addressOf(bob), 1, 2, PERIODS, STAKE],
      );
    });

    it("refuses terms whose miss costs less than a period pays, a zero slash and stake included", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      for (const [stake, slash] of [
        [0n, 0n],
        [STAKE, 0n],
        [STAKE, PRICE - 1n],
      ] as const) {
        const terms = await termsFor({ stakePerReplica: stake, slashPerMiss: slash });
        await viem.assertions.revertWithCustomErrorWithArgs(
          escrow.write.createDeal([terms], { ...as(funder), value: costOf(terms) }),
          escrow,
          "StorageEscrowSlashBelowPrice",
          [slash, PRICE],
        );
      }
    });

    it("reverts with StorageEscrowDealFull once every slot is held", async function () {
      const { escrow, dealId } = await networkHelpers.loadFixture(ethDealFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.join([dealId], { ...as(carol), value: STAKE }),
        escrow,
        "StorageEscrowDealFull",
        [dealId, REPLICAS],
      );
    });

    it("reverts with StorageEscrowAlreadyJoined for a keeper joining twice", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const { dealId } = await createDeal(escrow);
      await escrow.write.join([dealId], { ...as(alice), value: STAKE });
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.join([dealId], { ...as(alice), value: STAKE }),
        escrow,
        "StorageEscrowAlreadyJoined",
        [dealId, addressOf(alice)],
      );
    });

    it("reverts with StorageEscrowNoPeriodLeft in the last period and after the end", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const { dealId, terms } = await createDeal(escrow);
      await enterPeriod(terms, PERIODS - 2, PERIOD - 2);
      await escrow.write.join([dealId], { ...as(alice), value: STAKE }); // serves the last period
      await enterPeriod(terms, PERIODS - 1);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.join([dealId], { ...as(bob), value: STAKE }),
        escrow,
        "StorageEscrowNoPeriodLeft",
        [dealId, PERIODS],
      );
      await enterPeriod(terms, PERIODS + 3);
      await viem.assertions.revertWithCustomError(
        escrow.write.join([dealId], { ...as(bob), value: STAKE }),
        escrow,
        "StorageEscrowNoPeriodLeft",
      );
    });

    it("reverts with StorageEscrowValueMismatch and StorageEscrowTransferMismatch for a wrong payment", async function () {
      const { escrow, feeToken } = await networkHelpers.loadFixture(deployFixture);
      const { dealId } = await createDeal(escrow);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.join([dealId], { ...as(alice), value: STAKE - 1n }),
        escrow,
        "StorageEscrowValueMismatch",
        [STAKE, STAKE - 1n],
      );
      await feeToken.write.setFeeBps([0n]);
      const fee = await createDeal(escrow, { token: feeToken.address });
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.join([fee.dealId], { ...as(alice), value: 1n }),
        escrow,
        "StorageEscrowValueMismatch",
        [0n, 1n],
      );
      await feeToken.write.setFeeBps([50n]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.join([fee.dealId], as(alice)),
        escrow,
        "StorageEscrowTransferMismatch",
        [getAddress(feeToken.address), STAKE, STAKE - STAKE / 200n],
      );
    });
  });

  describe("challenges and proofs", function () {
    it("draws the challenge from the seed block's hash, and pays for a valid proof", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 0);
      const seedBlock = (await publicClient.getBlockNumber()) + 1n;
      const request = escrow.write.requestChallenge([dealId], as(alice));
      await viem.assertions.emitWithArgs(request, escrow, "ChallengeRequested", [
        dealId,
        addressOf(alice),
        0,
        seedBlock,
      ]);
      expect((await escrow.read.keeper([dealId, addressOf(alice)])).seedBlock).to.equal(seedBlock);
      await mine();
      const index = await escrow.read.challenge([dealId, addressOf(alice), 0]);
      expect(index).to.equal(await expectedChallenge(dealId, addressOf(alice), 0, seedBlock, VIDEO));

      const { segment, proof } = proofFor(VIDEO, index);
      expect(proof).to.have.length(13);
      const prove = escrow.write.prove([dealId, 0, segment, proof], as(alice));
      await viem.assertions.emitWithArgs(prove, escrow, "ProofAccepted", [dealId, addressOf(alice), 0, index, PRICE]);
      expect(await escrow.read.balanceOf([addressOf(alice), ETH])).to.equal(PRICE);
      expect((await escrow.read.keeper([dealId, addressOf(alice)])).proven).to.equal(1);
      expect(await escrow.read.periodStatus([dealId, addressOf(alice), 0])).to.equal(PeriodStatus.Proven);
      expect((await escrow.read.deal([dealId])).paid).to.equal(PRICE);
      expect((await escrow.read.totals([ETH])).paid).to.equal(PRICE);
    });

    it("accepts a proof of the short last segment of a one-segment file", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(tinyDealFixture);
      await enterPeriod(terms, 0);
      const { index, segment, proof } = await drawChallenge(escrow, dealId, alice, 0, TINY);
      expect([index, proof.length, (segment.length - 2) / 2]).to.deep.equal([0n, 0, 100]);
      await viem.assertions.emit(escrow.write.prove([dealId, 0, segment, proof], as(alice)), escrow, "ProofAccepted");
    });

    it("accepts a proof in the 256th block after the seed block, and not in the 257th", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 0);
      await escrow.write.requestChallenge([dealId], as(alice));
      const alicesSeed = await publicClient.getBlockNumber();
      await mine(255);
      const alices = proofFor(VIDEO, await escrow.read.challenge([dealId, addressOf(alice), 0]));
      await viem.assertions.emit(
        escrow.write.prove([dealId, 0, alices.segment, alices.proof], as(alice)),
        escrow,
        "ProofAccepted",
      );
      expect(await publicClient.getBlockNumber()).to.equal(alicesSeed + 256n);

      await escrow.write.requestChallenge([dealId], as(bob));
      const bobsSeed = await publicClient.getBlockNumber();
      await mine(255);
      const bobs = proofFor(VIDEO, await escrow.read.challenge([dealId, addressOf(bob), 0]));
      await mine(1); // Bob's proof would land in bobsSeed + 257.
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.prove([dealId, 0, bobs.segment, bobs.proof], as(bob)),
        escrow,
        "StorageEscrowChallengeExpired",
        [dealId, addressOf(bob), bobsSeed],
      );
      await mine(1);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.read.challenge([dealId, addressOf(bob), 0]),
        escrow,
        "StorageEscrowChallengeExpired",
        [dealId, addressOf(bob), bobsSeed],
      );
    });

    it("reverts with StorageEscrowChallengeNotReady when proving in the seed block", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const { dealId, terms } = await createDeal(escrow);
      const keeper = await viem.deployContract("StorageEscrowTestReceiver", [escrow.address]);
      await keeper.write.forward([encodeFunctionData({ abi: escrow.abi, functionName: "join", args: [dealId] })], {
        value: STAKE,
      });
      await enterPeriod(terms, 0);
      const request = encodeFunctionData({ abi: escrow.abi, functionName: "requestChallenge", args: [dealId] });
      const prove = encodeFunctionData({ abi: escrow.abi, functionName: "prove", args: [dealId, 0, "0x", []] });
      await viem.assertions.revertWithCustomErrorWithArgs(
        keeper.write.forwardAll([[request, prove]]),
        escrow,
        "StorageEscrowChallengeNotReady",
        [dealId, getAddress(keeper.address), (await publicClient.getBlockNumber()) + 1n],
      );
    });

    it("reverts with StorageEscrowInvalidProof for a wrong segment or a wrong sibling", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 0);
      const { index, segment, proof } = await drawChallenge(escrow, dealId, alice, 0);
      // A keeper that lost the segment can only guess its bytes.
      const guessed = bytesToHex(new Uint8Array((segment.length - 2) / 2));
      const wrongSibling = [...proof.slice(0, -1), keccak256("0x01")];
      for (const [s, p] of [
        [guessed, proof],
        [segment, wrongSibling],
      ] as const) {
        await viem.assertions.revertWithCustomErrorWithArgs(
          escrow.write.prove([dealId, 0, s, p], as(alice)),
          escrow,
          "StorageEscrowInvalidProof",
          [dealId, addressOf(alice), 0, index],
        );
      }
      // Another segment's valid proof does not answer this challenge (unless the challenge hit the short last
      // segment, one draw in 4100, which a full segment cannot even match in length).
      if (index < BigInt(VIDEO.segmentCount - 1)) {
        const other = proofFor(VIDEO, index === 0n ? 1n : index - 1n);
        await viem.assertions.revertWithCustomError(
          escrow.write.prove([dealId, 0, other.segment, other.proof], as(alice)),
          escrow,
          "StorageEscrowInvalidProof",
        );
      }
    });

    it("reverts with StorageEscrowSegmentLength and StorageEscrowProofLength for misshapen answers", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(tinyDealFixture);
      await enterPeriod(terms, 0);
      const { segment } = await drawChallenge(escrow, dealId, alice, 0, TINY);
      const padded = concat([segment, bytesToHex(new Uint8Array(SEGMENT_SIZE - 100))]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.prove([dealId, 0, padded, []], as(alice)),
        escrow,
        "StorageEscrowSegmentLength",
        [0n, 100n, 256n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.prove([dealId, 0, segment, [TINY.root]], as(alice)),
        escrow,
        "StorageEscrowProofLength",
        [0n, 1n],
      );
    });

    it("reverts with StorageEscrowAlreadyProven for a second proof of a period", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 0);
      const { segment, proof } = await drawChallenge(escrow, dealId, alice, 0);
      await escrow.write.prove([dealId, 0, segment, proof], as(alice));
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.prove([dealId, 0, segment, proof], as(alice)),
        escrow,
        "StorageEscrowAlreadyProven",
        [dealId, addressOf(alice), 0],
      );
    });

    it("reverts with StorageEscrowPeriodOutOfRange, StorageEscrowPeriodNotOpen and StorageEscrowPeriodClosed", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 1);
      const { segment, proof } = await drawChallenge(escrow, dealId, alice, 1);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.prove([dealId, PERIODS, segment, proof], as(alice)),
        escrow,
        "StorageEscrowPeriodOutOfRange",
        [dealId, PERIODS, PERIODS],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.prove([dealId, 2, segment, proof], as(alice)),
        escrow,
        "StorageEscrowPeriodNotOpen",
        [dealId, 2, BigInt(terms.start + 2 * PERIOD)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.prove([dealId, 0, segment, proof], as(alice)),
        escrow,
        "StorageEscrowPeriodClosed",
        [dealId, 0, BigInt(terms.start + PERIOD)],
      );
      // A proof landing after its period closed fails rather than counting for the next one.
      await time.setNextBlockTimestamp(terms.start + 2 * PERIOD);
      await viem.assertions.revertWithCustomError(
        escrow.write.prove([dealId, 1, segment, proof], as(alice)),
        escrow,
        "StorageEscrowPeriodClosed",
      );
    });

    it("reverts with StorageEscrowNoChallenge without a request for the period", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 0);
      const { segment, proof } = await drawChallenge(escrow, dealId, alice, 0);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.prove([dealId, 0, segment, proof], as(bob)),
        escrow,
        "StorageEscrowNoChallenge",
        [dealId, addressOf(bob), 0],
      );
      // Alice's request was for period 0, not period 1.
      await enterPeriod(terms, 1);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.prove([dealId, 1, segment, proof], as(alice)),
        escrow,
        "StorageEscrowNoChallenge",
        [dealId, addressOf(alice), 1],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.read.challenge([dealId, addressOf(alice), 1]),
        escrow,
        "StorageEscrowNoChallenge",
        [dealId, addressOf(alice), 1],
      );
    });

    it("reverts with StorageEscrowNotKeeper and StorageEscrowNotDue for those who do not serve the period", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const { dealId, terms } = await createDeal(escrow);
      await escrow.write.join([dealId], { ...as(alice), value: STAKE });
      await enterPeriod(terms, 0);
      await escrow.write.join([dealId], { ...as(bob), value: STAKE }); // serves from period 1
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.requestChallenge([dealId], as(carol)),
        escrow,
        "StorageEscrowNotKeeper",
        [dealId, addressOf(carol)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.prove([dealId, 0, "0x", []], as(carol)),
        escrow,
        "StorageEscrowNotKeeper",
        [dealId, addressOf(carol)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.requestChallenge([dealId], as(bob)),
        escrow,
        "StorageEscrowNotDue",
        [dealId, addressOf(bob), 0, 1],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.prove([dealId, 0, "0x", []], as(bob)),
        escrow,
        "StorageEscrowNotDue",
        [dealId, addressOf(bob), 0, 1],
      );
    });

    it("reverts requests before the start, after the end, and twice in a period", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.requestChallenge([dealId], as(alice)),
        escrow,
        "StorageEscrowDealNotStarted",
        [dealId, BigInt(terms.start)],
      );
      await enterPeriod(terms, 3);
      await escrow.write.requestChallenge([dealId], as(alice));
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.requestChallenge([dealId], as(alice)),
        escrow,
        "StorageEscrowChallengeAlreadyRequested",
        [dealId, addressOf(alice), 3],
      );
      await time.setNextBlockTimestamp(endOf(terms));
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.requestChallenge([dealId], as(alice)),
        escrow,
        "StorageEscrowDealEnded",
        [dealId, BigInt(endOf(terms))],
      );
    });
  });

  describe("misses, slashing and eviction", function () {
    it("slashes a reported miss, half to whoever reported it and half into the deal", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 0);
      await serve(escrow, dealId, alice, 0);
      expect(await escrow.read.periodStatus([dealId, addressOf(bob), 0])).to.equal(PeriodStatus.Due);
      await enterPeriod(terms, 1);
      expect(await escrow.read.periodStatus([dealId, addressOf(bob), 0])).to.equal(PeriodStatus.Missed);

      const report = escrow.write.reportMissed([dealId, addressOf(bob), 0], as(outsider));
      await viem.assertions.emitWithArgs(report, escrow, "PeriodMissed", [
        dealId,
        addressOf(bob),
        0,
        addressOf(outsider),
        SLASH,
        SLASH / 2n,
        1,
      ]);
      expect(await escrow.read.periodStatus([dealId, addressOf(bob), 0])).to.equal(PeriodStatus.MissCounted);
      const bob_ = await escrow.read.keeper([dealId, addressOf(bob)]);
      expect([bob_.status, bob_.misses, bob_.stake]).to.deep.equal([KeeperStatus.Active, 1, STAKE - SLASH]);
      const deal = await escrow.read.deal([dealId]);
      expect([deal.slashed, deal.rewarded]).to.deep.equal([SLASH - SLASH / 2n, SLASH / 2n]);
      const totals = await escrow.read.totals([ETH]);
      expect([totals.slashed, totals.rewarded]).to.deep.equal([SLASH - SLASH / 2n, SLASH / 2n]);
      expect(await escrow.read.balanceOf([addressOf(outsider), ETH])).to.equal(SLASH / 2n);
    });

    it("evicts at maxMisses: frees the slot and credits back what remains of the stake", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 2);
      await escrow.write.reportMissed([dealId, addressOf(bob), 0]);
      const report = escrow.write.reportMissed([dealId, addressOf(bob), 1]);
      await viem.assertions.emitWithArgs(report, escrow, "PeriodMissed", [
        dealId,
        addressOf(bob),
        1,
        addressOf(funder),
        SLASH,
        SLASH / 2n,
        2,
      ]);
      const remaining = STAKE - 2n * SLASH;
      await viem.assertions.emitWithArgs(report, escrow, "KeeperEvicted", [
        dealId,
        addressOf(bob),
        1,
        2,
        0,
        2,
        0,
        0n,
        remaining,
      ]);
      const bob_ = await escrow.read.keeper([dealId, addressOf(bob)]);
      expect([bob_.status, bob_.endPeriod, bob_.stake]).to.deep.equal([KeeperStatus.Evicted, 2, 0n]);
      expect(await escrow.read.balanceOf([addressOf(bob), ETH])).to.equal(remaining);
      expect(await escrow.read.keeperAt([dealId, 1])).to.equal(zeroAddress);
      expect((await escrow.read.deal([dealId])).keepers).to.equal(1);
      expect((await escrow.read.totals([ETH])).released).to.equal(remaining);
      // The evicted keeper's periods from 2 on are no longer its own, and it can neither serve nor come back.
      expect(await escrow.read.periodStatus([dealId, addressOf(bob), 2])).to.equal(PeriodStatus.NotDue);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.requestChallenge([dealId], as(bob)),
        escrow,
        "StorageEscrowNotKeeper",
        [dealId, addressOf(bob)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.join([dealId], { ...as(bob), value: STAKE }),
        escrow,
        "StorageEscrowAlreadyJoined",
        [dealId, addressOf(bob)],
      );
      // The slot reopens for another keeper, from the next period.
      await viem.assertions.emitWithArgs(
        escrow.write.join([dealId], { ...as(carol), value: STAKE }),
        escrow,
        "KeeperJoined",
        [dealId, addressOf(carol), 1, 3, PERIODS, STAKE],
      );
    });

    it("counts the unreported misses of the tenure when evicting, and keeps a proven current period", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      // Bob misses periods 0, 1 and 2, proves period 3; periods 2 and 0 are reported during period 3.
      await enterPeriod(terms, 3);
      await serve(escrow, dealId, bob, 3);
      await escrow.write.reportMissed([dealId, addressOf(bob), 2]);
      const report = escrow.write.reportMissed([dealId, addressOf(bob), 0]);
      // Period 1 is counted at eviction; the tenure ends after period 3, which Bob proved and was paid for.
      await viem.assertions.emitWithArgs(report, escrow, "KeeperEvicted", [
        dealId,
        addressOf(bob),
        1,
        4,
        1,
        3,
        1,
        SLASH,
        STAKE - 3n * SLASH,
      ]);
      expect(await escrow.read.periodStatus([dealId, addressOf(bob), 1])).to.equal(PeriodStatus.MissCounted);
      expect(await escrow.read.periodStatus([dealId, addressOf(bob), 3])).to.equal(PeriodStatus.Proven);
      expect(await escrow.read.balanceOf([addressOf(bob), ETH])).to.equal(PRICE + STAKE - 3n * SLASH);
      // The next keeper in Bob's slot serves from period 4.
      await viem.assertions.emitWithArgs(
        escrow.write.join([dealId], { ...as(carol), value: STAKE }),
        escrow,
        "KeeperJoined",
        [dealId, addressOf(carol), 1, 4, PERIODS, STAKE],
      );
    });

    it("caps the slash at the remaining stake", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const { dealId, terms } = await createDeal(escrow, { slashPerMiss: STAKE, maxMisses: 3 });
      await escrow.write.join([dealId], { ...as(alice), value: STAKE });
      await enterPeriod(terms, 3);
      const a = addressOf(alice);
      const first = escrow.write.reportMissed([dealId, a, 0]);
      await viem.assertions.emitWithArgs(first, escrow, "PeriodMissed", [
        dealId,
        a,
        0,
        addressOf(funder),
        STAKE,
        STAKE / 2n,
        1,
      ]);
      const second = escrow.write.reportMissed([dealId, a, 1]);
      await viem.assertions.emitWithArgs(second, escrow, "PeriodMissed", [dealId, a, 1, addressOf(funder), 0n, 0n, 2]);
      const third = escrow.write.reportMissed([dealId, a, 2]);
      await viem.assertions.emitWithArgs(third, escrow, "KeeperEvicted", [dealId, a, 0, 3, 0, 3, 0, 0n, 0n]);
      const deal = await escrow.read.deal([dealId]);
      expect(deal.slashed + deal.rewarded).to.equal(STAKE);
      expect(await escrow.read.balanceOf([addressOf(alice), ETH])).to.equal(0n);
    });

    it("does not let a keeper dodge a requested challenge by reporting its own miss", async function () {
      // Bob requests period 2's challenge (for a segment he lacks, say), then reports his own period 0 and 1 misses to
      // be evicted before answering: period 2 still counts as a miss, as if he had left.
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 2);
      await escrow.write.requestChallenge([dealId], as(bob));
      await escrow.write.reportMissed([dealId, addressOf(bob), 0], as(bob));
      const report = escrow.write.reportMissed([dealId, addressOf(bob), 1], as(bob));
      await viem.assertions.emitWithArgs(report, escrow, "KeeperEvicted", [
        dealId,
        addressOf(bob),
        1,
        3,
        0,
        3,
        1,
        SLASH,
        STAKE - 3n * SLASH,
      ]);
      expect(await escrow.read.periodStatus([dealId, addressOf(bob), 2])).to.equal(PeriodStatus.MissCounted);
    });

    it("evicts a squatter in one batched report that pays the reporter, and its rejoin from a new address costs a new stake", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      const b = addressOf(bob);
      await enterPeriod(terms, 2);
      const before = await escrow.read.balanceOf([addressOf(carol), ETH]);
      const batch = escrow.write.reportMissedBatch([dealId, [b, b], [0, 1]], as(carol));
      await viem.assertions.emit(batch, escrow, "KeeperEvicted");
      expect(await escrow.read.balanceOf([addressOf(carol), ETH])).to.equal(before + 2n * (SLASH / 2n));
      expect((await escrow.read.keeper([dealId, b])).status).to.equal(KeeperStatus.Evicted);
      // The squatter comes back from a fresh address in the same block: it locks a whole stake again.
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.join([dealId], { ...as(dave), value: 0n }),
        escrow,
        "StorageEscrowValueMismatch",
        [STAKE, 0n],
      );
      await escrow.write.join([dealId], { ...as(dave), value: STAKE });
      // All or nothing: a batch with a pair that cannot be reported reverts whole.
      await enterPeriod(terms, 4);
      const a = addressOf(alice);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.reportMissedBatch([dealId, [a, a], [0, 4]]),
        escrow,
        "StorageEscrowPeriodNotClosed",
        [dealId, 4, BigInt(terms.start + 5 * PERIOD)],
      );
      expect((await escrow.read.keeper([dealId, a])).misses).to.equal(0);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.reportMissedBatch([dealId, [a], []]),
        escrow,
        "StorageEscrowBatchMismatch",
        [1n, 0n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.reportMissedBatch([dealId, [], []]),
        escrow,
        "StorageEscrowBatchMismatch",
        [0n, 0n],
      );
    });

    it("reverts reports of periods that are not a keeper's closed, unproven, unreported periods", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const { dealId, terms } = await createDeal(escrow, { maxMisses: 5 });
      await escrow.write.join([dealId], { ...as(alice), value: STAKE });
      await enterPeriod(terms, 0);
      await serve(escrow, dealId, alice, 0);
      await escrow.write.join([dealId], { ...as(bob), value: STAKE }); // serves from period 1
      await enterPeriod(terms, 2);
      await escrow.write.reportMissed([dealId, addressOf(alice), 1]);
      const a = addressOf(alice);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.reportMissed([dealId, a, PERIODS]),
        escrow,
        "StorageEscrowPeriodOutOfRange",
        [dealId, PERIODS, PERIODS],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.reportMissed([dealId, a, 2]),
        escrow,
        "StorageEscrowPeriodNotClosed",
        [dealId, 2, BigInt(terms.start + 3 * PERIOD)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.reportMissed([dealId, addressOf(carol), 1]),
        escrow,
        "StorageEscrowNotKeeper",
        [dealId, addressOf(carol)],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.reportMissed([dealId, addressOf(bob), 0]),
        escrow,
        "StorageEscrowNotDue",
        [dealId, addressOf(bob), 0, 1],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.reportMissed([dealId, a, 0]),
        escrow,
        "StorageEscrowAlreadyProven",
        [dealId, a, 0],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.reportMissed([dealId, a, 1]),
        escrow,
        "StorageEscrowAlreadyReported",
        [dealId, a, 1],
      );
    });

    it("lets misses be reported after the end, up to eviction", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, PERIODS + 2);
      await escrow.write.reportMissed([dealId, addressOf(alice), PERIODS - 1]);
      const evict = escrow.write.reportMissed([dealId, addressOf(alice), 0]);
      // The whole deal was Alice's tenure: the four other periods are counted too.
      await viem.assertions.emitWithArgs(evict, escrow, "KeeperEvicted", [
        dealId,
        addressOf(alice),
        0,
        PERIODS,
        0,
        PERIODS,
        PERIODS - 2,
        STAKE - 2n * SLASH,
        0n,
      ]);
    });
  });

  describe("leaveDeal", function () {
    it("returns the whole stake before the start, and the slot reopens from period 0", async function () {
      const { escrow, dealId } = await networkHelpers.loadFixture(ethDealFixture);
      await viem.assertions.emitWithArgs(escrow.write.leaveDeal([dealId], as(bob)), escrow, "KeeperLeft", [
        dealId,
        addressOf(bob),
        1,
        0,
        0,
        0,
        0,
        0n,
        STAKE,
      ]);
      expect(await escrow.read.balanceOf([addressOf(bob), ETH])).to.equal(STAKE);
      expect((await escrow.read.keeper([dealId, addressOf(bob)])).status).to.equal(KeeperStatus.Left);
      await viem.assertions.emitWithArgs(
        escrow.write.join([dealId], { ...as(carol), value: STAKE }),
        escrow,
        "KeeperJoined",
        [dealId, addressOf(carol), 1, 0, PERIODS, STAKE],
      );
    });

    it("keeps a proven current period, and counts the unreported misses of the tenure", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 0);
      await serve(escrow, dealId, alice, 0);
      await enterPeriod(terms, 2); // period 1 missed, not reported
      await serve(escrow, dealId, alice, 2);
      await viem.assertions.emitWithArgs(escrow.write.leaveDeal([dealId], as(alice)), escrow, "KeeperLeft", [
        dealId,
        addressOf(alice),
        0,
        3,
        2,
        1,
        1,
        SLASH,
        STAKE - SLASH,
      ]);
      expect(await escrow.read.balanceOf([addressOf(alice), ETH])).to.equal(2n * PRICE + STAKE - SLASH);
      expect(await escrow.read.periodStatus([dealId, addressOf(alice), 1])).to.equal(PeriodStatus.MissCounted);
      expect(await escrow.read.periodStatus([dealId, addressOf(alice), 3])).to.equal(PeriodStatus.NotDue);
    });

    it("counts nothing when leaving in the period it joined, before serving any", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const { dealId, terms } = await createDeal(escrow);
      await enterPeriod(terms, 1);
      await escrow.write.join([dealId], { ...as(alice), value: STAKE });
      await viem.assertions.emitWithArgs(escrow.write.leaveDeal([dealId], as(alice)), escrow, "KeeperLeft", [
        dealId,
        addressOf(alice),
        0,
        2,
        0,
        0,
        0,
        0n,
        STAKE,
      ]);
    });

    it("counts a requested, unanswered challenge as a miss: leaving does not dodge it", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 1);
      await escrow.write.requestChallenge([dealId], as(alice));
      // Periods 0 (closed) and 1 (requested) are counted.
      await viem.assertions.emitWithArgs(escrow.write.leaveDeal([dealId], as(alice)), escrow, "KeeperLeft", [
        dealId,
        addressOf(alice),
        0,
        2,
        0,
        2,
        2,
        2n * SLASH,
        STAKE - 2n * SLASH,
      ]);
      // Without a request, the current period is not part of the tenure.
      await viem.assertions.emitWithArgs(escrow.write.leaveDeal([dealId], as(bob)), escrow, "KeeperLeft", [
        dealId,
        addressOf(bob),
        1,
        1,
        0,
        1,
        1,
        SLASH,
        STAKE - SLASH,
      ]);
    });

    it("reverts with StorageEscrowNotKeeper and StorageEscrowTenureEnded", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.leaveDeal([dealId], as(carol)),
        escrow,
        "StorageEscrowNotKeeper",
        [dealId, addressOf(carol)],
      );
      await escrow.write.leaveDeal([dealId], as(alice));
      await viem.assertions.revertWithCustomError(
        escrow.write.leaveDeal([dealId], as(alice)),
        escrow,
        "StorageEscrowNotKeeper",
      );
      await time.setNextBlockTimestamp(endOf(terms));
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.leaveDeal([dealId], as(bob)),
        escrow,
        "StorageEscrowTenureEnded",
        [dealId, addressOf(bob), BigInt(endOf(terms))],
      );
    });
  });

  describe("topUp", function () {
    it("extends a running deal by periods paid up front, which a keeper serves once it agrees", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, PERIODS - 1);
      const amount = BigInt(REPLICAS) * 3n * PRICE;
      const topUp = escrow.write.topUp([dealId, 3], { ...as(funder), value: amount });
      await viem.assertions.emitWithArgs(topUp, escrow, "DealToppedUp", [
        dealId,
        addressOf(funder),
        3,
        PERIODS + 3,
        amount,
        BigInt(endOf(terms) + 3 * PERIOD),
      ]);
      const deal = await escrow.read.deal([dealId]);
      expect([deal.periods, deal.deposit, deal.funder]).to.deep.equal([
        PERIODS + 3,
        costOf(terms) + amount,
        addressOf(funder),
      ]);
      expect((await escrow.read.totals([ETH])).deposited).to.equal(costOf(terms) + amount);
      await viem.assertions.emitWithArgs(escrow.write.extendTenure([dealId], as(alice)), escrow, "TenureExtended", [
        dealId,
        addressOf(alice),
        PERIODS + 3,
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.extendTenure([dealId], as(alice)),
        escrow,
        "StorageEscrowNothingToExtend",
        [dealId, addressOf(alice), PERIODS + 3],
      );
      await enterPeriod(terms, PERIODS + 2);
      await viem.assertions.emit(serve(escrow, dealId, alice, PERIODS + 2), escrow, "ProofAccepted");
    });

    it("lets only the funder top up, and binds no keeper to the added periods without its consent", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      const amount = BigInt(REPLICAS) * 3n * PRICE;
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.topUp([dealId, 3], { ...as(outsider), value: amount }),
        escrow,
        "StorageEscrowNotFunder",
        [dealId, addressOf(outsider)],
      );
      await enterPeriod(terms, PERIODS - 1);
      await escrow.write.topUp([dealId, 3], { ...as(funder), value: amount });
      await escrow.write.extendTenure([dealId], as(alice)); // Alice agrees; Bob does not
      const b = addressOf(bob);
      expect((await escrow.read.keeper([dealId, b])).endPeriod).to.equal(PERIODS);
      // Bob did not extend: the added periods are not his, nobody can count them against him, he cannot serve them.
      await enterPeriod(terms, PERIODS);
      expect(await escrow.read.periodStatus([dealId, b, PERIODS])).to.equal(PeriodStatus.NotDue);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.requestChallenge([dealId], as(bob)),
        escrow,
        "StorageEscrowBeyondTenure",
        [dealId, b, PERIODS, PERIODS],
      );
      await enterPeriod(terms, PERIODS + 1);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.reportMissed([dealId, b, PERIODS]),
        escrow,
        "StorageEscrowBeyondTenure",
        [dealId, b, PERIODS, PERIODS],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.leaveDeal([dealId], as(bob)),
        escrow,
        "StorageEscrowTenureEnded",
        [dealId, b, BigInt(endOf(terms))],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.extendTenure([dealId], as(bob)),
        escrow,
        "StorageEscrowTenureEnded",
        [dealId, b, BigInt(endOf(terms))],
      );
      // Anyone releases him at the end he committed to (his last period, missed, is counted), and his slot reopens
      // for a keeper that serves the rest.
      const release = escrow.write.release([dealId, b], as(outsider));
      await viem.assertions.emitWithArgs(release, escrow, "KeeperReleased", [
        dealId,
        b,
        1,
        PERIODS,
        0,
        PERIODS,
        PERIODS,
        STAKE,
        0n,
      ]);
      await viem.assertions.emitWithArgs(
        escrow.write.join([dealId], { ...as(carol), value: STAKE }),
        escrow,
        "KeeperJoined",
        [dealId, addressOf(carol), 1, PERIODS + 2, PERIODS + 3, STAKE],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.release([dealId, addressOf(alice)]),
        escrow,
        "StorageEscrowTenureNotEnded",
        [dealId, addressOf(alice), BigInt(endOf(terms) + 3 * PERIOD)],
      );
    });

    it("takes an ERC-20 top-up", async function () {
      const { escrow, token, dealId, terms } = await networkHelpers.loadFixture(tokenDealFixture);
      await escrow.write.topUp([dealId, 1], as(funder));
      expect(await token.read.balanceOf([escrow.address])).to.equal(costOf(terms) + 2n * STAKE + 2n * PRICE);
    });

    it("reverts with a custom error for each invalid top-up", async function () {
      const { escrow, feeToken, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await viem.assertions.revertWithCustomError(escrow.write.topUp([dealId, 0]), escrow, "StorageEscrowZeroPeriods");
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.topUp([dealId, 2 ** 32 - 1]),
        escrow,
        "StorageEscrowTooManyPeriods",
        [BigInt(PERIODS) + 2n ** 32n - 1n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.topUp([dealId, 1], { value: PRICE }),
        escrow,
        "StorageEscrowValueMismatch",
        [2n * PRICE, PRICE],
      );
      // A deal of 2^120 token units, in a token that starts taking a fee after the deal was created.
      await feeToken.write.mint([addressOf(funder), 2n ** 122n]);
      await feeToken.write.setFeeBps([0n]);
      const big = await createDeal(escrow, {
        pricePerPeriod: 2n ** 120n,
        stakePerReplica: 2n ** 120n,
        slashPerMiss: 2n ** 120n,
        replicas: 1,
        periods: 1,
        token: feeToken.address,
      });
      await feeToken.write.setFeeBps([100n]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.topUp([big.dealId, 1]),
        escrow,
        "StorageEscrowTransferMismatch",
        [getAddress(feeToken.address), 2n ** 120n, 2n ** 120n - 2n ** 120n / 100n],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.topUp([big.dealId, 255]),
        escrow,
        "StorageEscrowDepositTooLarge",
        [2n ** 128n],
      );
      await time.setNextBlockTimestamp(endOf(terms));
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.topUp([dealId, 1], { value: 2n * PRICE }),
        escrow,
        "StorageEscrowDealEnded",
        [dealId, BigInt(endOf(terms))],
      );
    });
  });

  describe("release and refund", function () {
    it("release closes a finished tenure, counting its unreported misses, and refund credits the funder", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      for (let p = 0; p < PERIODS; p++) {
        await enterPeriod(terms, p);
        await serve(escrow, dealId, alice, p);
        if (p % 2 === 0) await serve(escrow, dealId, bob, p);
      }
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.release([dealId, addressOf(alice)]),
        escrow,
        "StorageEscrowTenureNotEnded",
        [dealId, addressOf(alice), BigInt(endOf(terms))],
      );
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.refund([dealId]),
        escrow,
        "StorageEscrowDealNotEnded",
        [dealId, BigInt(endOf(terms))],
      );
      await time.setNextBlockTimestamp(endOf(terms));

      // The unearned periods are refundable at once; Bob's slashes once he is released.
      const unearned = costOf(terms) - 9n * PRICE;
      await viem.assertions.emitWithArgs(escrow.write.refund([dealId], as(outsider)), escrow, "Refunded", [
        dealId,
        addressOf(funder),
        ETH,
        unearned,
      ]);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.refund([dealId]),
        escrow,
        "StorageEscrowNothingToRefund",
        [dealId],
      );
      const releaseBob = escrow.write.release([dealId, addressOf(bob)], as(outsider));
      await viem.assertions.emitWithArgs(releaseBob, escrow, "KeeperReleased", [
        dealId,
        addressOf(bob),
        1,
        PERIODS,
        3,
        3,
        3,
        3n * SLASH,
        STAKE - 3n * SLASH,
      ]);
      const releaseAlice = escrow.write.release([dealId, addressOf(alice)], as(alice));
      await viem.assertions.emitWithArgs(releaseAlice, escrow, "KeeperReleased", [
        dealId,
        addressOf(alice),
        0,
        PERIODS,
        PERIODS,
        0,
        0,
        0n,
        STAKE,
      ]);
      await viem.assertions.emitWithArgs(escrow.write.refund([dealId]), escrow, "Refunded", [
        dealId,
        addressOf(funder),
        ETH,
        3n * SLASH,
      ]);
      expect(await escrow.read.balanceOf([addressOf(funder), ETH])).to.equal(unearned + 3n * SLASH);
      expect((await escrow.read.keeper([dealId, addressOf(bob)])).status).to.equal(KeeperStatus.Released);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.release([dealId, addressOf(bob)]),
        escrow,
        "StorageEscrowNotKeeper",
        [dealId, addressOf(bob)],
      );
      expect((await escrow.read.deal([dealId])).keepers).to.equal(0);
    });
  });

  describe("withdraw", function () {
    it("sends an account its whole balance, in ETH or in the token", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      await enterPeriod(terms, 0);
      await serve(escrow, dealId, alice, 0);
      const withdraw = escrow.write.withdraw([ETH], as(alice));
      await viem.assertions.balancesHaveChanged(withdraw, [
        { address: addressOf(alice), amount: PRICE },
        { address: escrow.address, amount: -PRICE },
      ]);
      await viem.assertions.emitWithArgs(
        (async () => {
          await enterPeriod(terms, 1);
          await serve(escrow, dealId, alice, 1);
          return escrow.write.withdraw([ETH], as(alice));
        })(),
        escrow,
        "Withdrawn",
        [addressOf(alice), ETH, addressOf(alice), PRICE],
      );
      expect(await escrow.read.balanceOf([addressOf(alice), ETH])).to.equal(0n);
      expect((await escrow.read.totals([ETH])).withdrawn).to.equal(2n * PRICE);
    });

    it("sends tokens", async function () {
      const { escrow, token, dealId, terms } = await networkHelpers.loadFixture(tokenDealFixture);
      await enterPeriod(terms, 0);
      await serve(escrow, dealId, bob, 0);
      const before = await token.read.balanceOf([addressOf(bob)]);
      await viem.assertions.emitWithArgs(escrow.write.withdraw([token.address], as(bob)), escrow, "Withdrawn", [
        addressOf(bob),
        getAddress(token.address),
        addressOf(bob),
        PRICE,
      ]);
      expect(await token.read.balanceOf([addressOf(bob)])).to.equal(before + PRICE);
    });

    it("reverts with StorageEscrowNothingToWithdraw for a zero balance", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(
        escrow.write.withdraw([ETH], as(outsider)),
        escrow,
        "StorageEscrowNothingToWithdraw",
        [addressOf(outsider), ETH],
      );
    });

    it("reverts with StorageEscrowEthTransferFailed for an account that rejects ETH or re-enters", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const { dealId } = await createDeal(escrow);
      const keeper = await viem.deployContract("StorageEscrowTestReceiver", [escrow.address]);
      const call = (functionName: "join" | "leaveDeal") =>
        encodeFunctionData({ abi: escrow.abi, functionName, args: [dealId] });
      await keeper.write.forward([call("join")], { value: STAKE });
      await keeper.write.forward([call("leaveDeal")]);
      const withdraw = encodeFunctionData({ abi: escrow.abi, functionName: "withdraw", args: [ETH] });
      for (const mode of [OnReceive.Reject, OnReceive.Reenter]) {
        await keeper.write.setOnReceive([mode, withdraw]);
        await viem.assertions.revertWithCustomErrorWithArgs(
          keeper.write.forward([withdraw]),
          escrow,
          "StorageEscrowEthTransferFailed",
          [getAddress(keeper.address), STAKE],
        );
      }
      await keeper.write.setOnReceive([OnReceive.Accept, "0x"]);
      await viem.assertions.emit(keeper.write.forward([withdraw]), escrow, "Withdrawn");
      expect(await ethBalance(keeper.address)).to.equal(STAKE);
    });

    it("withdrawTo sends the balance of an account that cannot receive ETH to the address it names", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      const { dealId } = await createDeal(escrow);
      const keeper = await viem.deployContract("StorageEscrowTestReceiver", [escrow.address]);
      const call = (functionName: "join" | "leaveDeal") =>
        encodeFunctionData({ abi: escrow.abi, functionName, args: [dealId] });
      await keeper.write.forward([call("join")], { value: STAKE });
      await keeper.write.forward([call("leaveDeal")]);
      await keeper.write.setOnReceive([OnReceive.Reject, "0x"]);
      const to = addressOf(outsider);
      const zero = encodeFunctionData({ abi: escrow.abi, functionName: "withdrawTo", args: [ETH, zeroAddress] });
      await viem.assertions.revertWithCustomError(keeper.write.forward([zero]), escrow, "StorageEscrowZeroRecipient");
      const withdrawTo = encodeFunctionData({ abi: escrow.abi, functionName: "withdrawTo", args: [ETH, to] });
      const sent = keeper.write.forward([withdrawTo]);
      await viem.assertions.balancesHaveChanged(sent, [
        { address: to, amount: STAKE },
        { address: escrow.address, amount: -STAKE },
      ]);
      expect(await escrow.read.balanceOf([getAddress(keeper.address), ETH])).to.equal(0n);
      await viem.assertions.revertWithCustomErrorWithArgs(
        keeper.write.forward([withdrawTo]),
        escrow,
        "StorageEscrowNothingToWithdraw",
        [getAddress(keeper.address), ETH],
      );
    });
  });

  describe("periodStatus", function () {
    it("says what each period is for a keeper over its tenure", async function () {
      const { escrow, dealId, terms } = await networkHelpers.loadFixture(ethDealFixture);
      const status = async (period: number, keeper = alice) =>
        escrow.read.periodStatus([dealId, addressOf(keeper), period]);
      expect(await status(0)).to.equal(PeriodStatus.Due);
      expect(await status(PERIODS)).to.equal(PeriodStatus.NotDue);
      expect(await status(0, carol)).to.equal(PeriodStatus.NotDue);
      await enterPeriod(terms, 0);
      await serve(escrow, dealId, alice, 0);
      await enterPeriod(terms, 2);
      expect([await status(0), await status(1), await status(2), await status(3)]).to.deep.equal([
        PeriodStatus.Proven,
        PeriodStatus.Missed,
        PeriodStatus.Due,
        PeriodStatus.Due,
      ]);
      await escrow.write.leaveDeal([dealId], as(alice));
      expect([await status(0), await status(1), await status(2)]).to.deep.equal([
        PeriodStatus.Proven,
        PeriodStatus.MissCounted,
        PeriodStatus.NotDue,
      ]);
    });
  });

  describe("constants", function () {
    it("exposes the segment size, the replica cap, the shortest period and the challenge window", async function () {
      const { escrow } = await networkHelpers.loadFixture(deployFixture);
      expect(await escrow.read.SEGMENT_SIZE()).to.equal(256n);
      expect(await escrow.read.MAX_REPLICAS()).to.equal(16);
      expect(await escrow.read.MIN_PERIOD_SECONDS()).to.equal(60);
      expect(await escrow.read.CHALLENGE_WINDOW()).to.equal(256n);
    });
  });

  // ─── A whole deal ──────────────────────────────────────────────────────────────────────────────────────────────

  for (const currency of ["ETH", "ERC-20"] as const) {
    describe(`a full life in ${currency}`, function () {
      it("create, join, prove, miss, evict, replace, end, refund and withdraw, with every balance accounted for", async function () {
        const { escrow, token } = await networkHelpers.loadFixture(deployFixture);
        const tokenAddress = currency === "ETH" ? ETH : token.address;
        const balanceOf = async (address: Address) =>
          currency === "ETH" ? ethBalance(address) : token.read.balanceOf([address]);

        // The funder pays for 2 replicas × 6 periods up front.
        const { dealId, terms } = await createDeal(escrow, { token: tokenAddress });
        const deposit = costOf(terms);
        const value = stakeValue(terms);
        await escrow.write.join([dealId], { ...as(alice), value });
        await escrow.write.join([dealId], { ...as(bob), value });

        // Periods 0-1: both prove. Periods 2-3: Bob has lost the data (he cannot answer) and misses.
        for (const p of [0, 1]) {
          await enterPeriod(terms, p);
          await serve(escrow, dealId, alice, p);
          await serve(escrow, dealId, bob, p);
        }
        await enterPeriod(terms, 2);
        await serve(escrow, dealId, alice, 2);
        const challenged = await drawChallenge(escrow, dealId, bob, 2);
        const lost = bytesToHex(new Uint8Array((challenged.segment.length - 2) / 2));
        await viem.assertions.revertWithCustomError(
          escrow.write.prove([dealId, 2, lost, challenged.proof], as(bob)),
          escrow,
          "StorageEscrowInvalidProof",
        );
        await enterPeriod(terms, 3);
        await serve(escrow, dealId, alice, 3);
        await escrow.write.reportMissed([dealId, addressOf(bob), 2], as(outsider));
        expect((await escrow.read.keeper([dealId, addressOf(bob)])).stake).to.equal(STAKE - SLASH);

        // Period 4: Bob's second miss (period 3) evicts him; Carol takes his slot and serves from period 5.
        await enterPeriod(terms, 4);
        await serve(escrow, dealId, alice, 4);
        const evict = escrow.write.reportMissed([dealId, addressOf(bob), 3], as(outsider));
        await viem.assertions.emit(evict, escrow, "KeeperEvicted");
        const join = escrow.write.join([dealId], { ...as(carol), value });
        await viem.assertions.emitWithArgs(join, escrow, "KeeperJoined", [
          dealId,
          addressOf(carol),
          1,
          5,
          PERIODS,
          STAKE,
        ]);

        // Period 5: Alice and Carol prove.
        await enterPeriod(terms, 5);
        await serve(escrow, dealId, alice, 5);
        await serve(escrow, dealId, carol, 5);

        // The deal ends: keepers are released, the funder refunded, everyone withdraws.
        await time.setNextBlockTimestamp(endOf(terms));
        await escrow.write.release([dealId, addressOf(alice)]);
        await escrow.write.release([dealId, addressOf(carol)]);
        await escrow.write.refund([dealId]);

        const aliceEarned = 6n * PRICE;
        const bobEarned = 2n * PRICE;
        const carolEarned = PRICE;
        // Each of Bob's two slashes: half to the outsider who reported it, half into the deal.
        const rewarded = 2n * (SLASH / 2n);
        const slashed = 2n * SLASH - rewarded;
        const refund = deposit - (aliceEarned + bobEarned + carolEarned) + slashed;
        expect(await escrow.read.deal([dealId])).to.deep.include({
          paid: aliceEarned + bobEarned + carolEarned,
          slashed,
          rewarded,
          refunded: refund,
          keepers: 0,
        });
        const owed: [Wallet, bigint][] = [
          [funder, refund],
          [alice, aliceEarned + STAKE],
          [bob, bobEarned + STAKE - 2n * SLASH],
          [carol, carolEarned + STAKE],
          [outsider, rewarded],
        ];
        for (const [w, amount] of owed) {
          expect(await escrow.read.balanceOf([addressOf(w), tokenAddress])).to.equal(amount);
          const before = await balanceOf(addressOf(w));
          const hash = await escrow.write.withdraw([tokenAddress], as(w));
          const receipt = await publicClient.getTransactionReceipt({ hash });
          const gas = currency === "ETH" ? receipt.gasUsed * receipt.effectiveGasPrice : 0n;
          expect(await balanceOf(addressOf(w))).to.equal(before + amount - gas);
        }

        // Everything that came in went out: nothing is left, and the totals balance.
        expect(await balanceOf(escrow.address)).to.equal(0n);
        const totals = await escrow.read.totals([tokenAddress]);
        expect(totals).to.deep.equal({
          deposited: deposit,
          paid: aliceEarned + bobEarned + carolEarned,
          refunded: refund,
          staked: 3n * STAKE,
          slashed,
          released: 3n * STAKE - 2n * SLASH,
          withdrawn: deposit + 3n * STAKE,
          rewarded,
        });
      });
    });
  }
});

import { describe, it } from "node:test";
import { expect } from "chai";
import { network } from "hardhat";
import { keccak256, type Hex } from "viem";

// Real binary CIDv1s (sha2-256): two directories (dag-pb), as the worker publishes, and one file (raw).
const DAG_PB_CID: Hex = "0x01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
const DAG_PB_CID_2: Hex = "0x01701220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
const RAW_CID: Hex = "0x01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";

describe("Videos", async function () {
  const { viem, networkHelpers } = await network.create();
  const wallets = await viem.getWalletClients();
  const alice = wallets[0]!;
  const bob = wallets[1]!;

  async function deployFixture() {
    return { videos: await viem.deployContract("Videos") };
  }

  it("publishes into the creator's channel with consecutive ids and an event carrying the CID", async function () {
    const { videos } = await networkHelpers.loadFixture(deployFixture);
    await viem.assertions.emitWithArgs(videos.write.publish([DAG_PB_CID_2]), videos, "VideoPublished", [
      1n,
      alice.account.address,
      DAG_PB_CID_2,
    ]);
    await viem.assertions.emitWithArgs(
      videos.write.publish([DAG_PB_CID], { account: bob.account }),
      videos,
      "VideoPublished",
      [2n, bob.account.address, DAG_PB_CID],
    );
    expect(await videos.read.videoCount()).to.equal(2n);
    expect((await videos.read.creatorOf([1n])).toLowerCase()).to.equal(alice.account.address.toLowerCase());
    expect((await videos.read.creatorOf([2n])).toLowerCase()).to.equal(bob.account.address.toLowerCase());
    expect(await videos.read.manifestHashOf([2n])).to.equal(keccak256(DAG_PB_CID));
  });

  it("lets the same CID be published twice, as two records", async function () {
    const { videos } = await networkHelpers.loadFixture(deployFixture);
    await videos.write.publish([DAG_PB_CID]);
    await videos.write.publish([DAG_PB_CID]);
    expect(await videos.read.videoCount()).to.equal(2n);
  });

  it("reverts with VideosNotADirectory for a well-formed CID of one file (raw codec)", async function () {
    const { videos } = await networkHelpers.loadFixture(deployFixture);
    await viem.assertions.revertWithCustomErrorWithArgs(
      videos.write.publish([RAW_CID]),
      videos,
      "VideosNotADirectory",
      [RAW_CID],
    );
    expect(await videos.read.videoCount()).to.equal(0n);
  });

  it("reverts with VideosEmptyCid for an empty CID", async function () {
    const { videos } = await networkHelpers.loadFixture(deployFixture);
    await viem.assertions.revertWithCustomError(videos.write.publish(["0x"]), videos, "VideosEmptyCid");
  });

  for (const [why, cid] of [
    ["a CIDv0 multihash", "0x1220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
    ["a wrong version byte", "0x02551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
    ["a dag-cbor codec", "0x01711220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
    ["a non-sha2-256 hash", "0x01551320b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
    ["a wrong digest length", "0x01551221b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"],
    ["a truncated digest", "0x01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcd"],
    ["an extra byte", "0x01551220b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde900"],
    ["text instead of binary", "0x6261666b72656966"],
  ] as const) {
    it(`reverts with VideosMalformedCid for ${why}`, async function () {
      const { videos } = await networkHelpers.loadFixture(deployFixture);
      await viem.assertions.revertWithCustomErrorWithArgs(videos.write.publish([cid]), videos, "VideosMalformedCid", [
        cid,
      ]);
      expect(await videos.read.videoCount()).to.equal(0n);
    });
  }

  it("reverts with VideosUnknownVideo for ids never published", async function () {
    const { videos } = await networkHelpers.loadFixture(deployFixture);
    await videos.write.publish([DAG_PB_CID]);
    await viem.assertions.revertWithCustomErrorWithArgs(videos.read.creatorOf([0n]), videos, "VideosUnknownVideo", [
      0n,
    ]);
    await viem.assertions.revertWithCustomErrorWithArgs(
      videos.read.manifestHashOf([2n]),
      videos,
      "VideosUnknownVideo",
      [2n],
    );
  });
});

import { describe, it } from "node:test";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, type Address, type Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

// A real binary CIDv1 of a directory (dag-pb, sha2-256), as the worker publishes.
const DIRECTORY_CID: Hex = "0x01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

// The flow as the web app will run it: a fresh key made in the browser (viem's generatePrivateKey) signs the contract's
// keyProofHash of the creator's wallet with `signMessage({ message: { raw } })`, and the wallet starts the stream.
describe("Streams", async function () {
  const { viem, networkHelpers } = await network.create();
  const wallets = await viem.getWalletClients();
  const alice = wallets[0]!;
  const bob = wallets[1]!;

  async function deployFixture() {
    const channels = await viem.deployContract("Channels");
    const streams = await viem.deployContract("Streams", [channels.address]);
    return { channels, streams };
  }

  async function freshKey(streams: { read: { keyProofHash: (args: [Address]) => Promise<Hex> } }, creator: Address) {
    const key = privateKeyToAccount(generatePrivateKey());
    const proof = await key.signMessage({ message: { raw: await streams.read.keyProofHash([creator]) } });
    return { address: key.address, proof };
  }

  it("starts with a browser-made key, ends, and records its VOD, with events carrying what the indexer needs", async function () {
    const { streams } = await networkHelpers.loadFixture(deployFixture);
    const key = await freshKey(streams, alice.account.address);
    const room = `chorus/live/31337/${key.address}`;
    await viem.assertions.emitWithArgs(
      streams.write.start([0n, "First live", room, key.address, key.proof]),
      streams,
      "StreamStarted",
      [
        1n,
        getAddress(alice.account.address),
        0n,
        key.address,
        (await networkHelpers.time.latest()) + 1,
        "First live",
        room,
      ],
    );
    const started = await streams.read.streamOf([1n]);
    expect(started.streamKey).to.equal(key.address);
    expect(started.endedAt).to.equal(0);

    await networkHelpers.time.increase(3600);
    const endedAt = (await networkHelpers.time.latest()) + 1;
    await viem.assertions.emitWithArgs(streams.write.end([1n]), streams, "StreamEnded", [1n, endedAt]);
    await viem.assertions.emitWithArgs(streams.write.setVod([1n, DIRECTORY_CID]), streams, "StreamVodRecorded", [
      1n,
      DIRECTORY_CID,
    ]);
    const ended = await streams.read.streamOf([1n]);
    expect(ended.endedAt).to.equal(endedAt);
    expect(ended.vod).to.equal(DIRECTORY_CID);
    expect(await streams.read.streamIdOfKey([key.address])).to.equal(1n);
  });

  it("refuses a proof signed for another wallet, so a key seen in a pending start cannot be taken", async function () {
    const { streams } = await networkHelpers.loadFixture(deployFixture);
    const key = await freshKey(streams, alice.account.address);
    await viem.assertions.revertWithCustomError(
      streams.write.start([0n, "Stolen", "room", key.address, key.proof], { account: bob.account }),
      streams,
      "StreamsBadKeyProof",
    );
    await streams.write.start([0n, "Mine", "room", key.address, key.proof]);
    expect(await streams.read.streamCount()).to.equal(1n);
  });

  it("lets a member go live in a community channel and refuses an outsider", async function () {
    const { channels, streams } = await networkHelpers.loadFixture(deployFixture);
    const rules = { submitters: 0, thresholdKind: 0, threshold: 1, votingPeriod: 86_400 } as const;
    await channels.write.createChannel([DIRECTORY_CID, DIRECTORY_CID, [alice.account.address], rules]);
    const aliceKey = await freshKey(streams, alice.account.address);
    await viem.assertions.emitWithArgs(
      streams.write.start([1n, "Channel live", "room", aliceKey.address, aliceKey.proof]),
      streams,
      "StreamStarted",
      [
        1n,
        getAddress(alice.account.address),
        1n,
        aliceKey.address,
        (await networkHelpers.time.latest()) + 1,
        "Channel live",
        "room",
      ],
    );
    const bobKey = await freshKey(streams, bob.account.address);
    await viem.assertions.revertWithCustomErrorWithArgs(
      streams.write.start([1n, "Not mine", "room", bobKey.address, bobKey.proof], { account: bob.account }),
      streams,
      "StreamsNotMember",
      [1n, getAddress(bob.account.address)],
    );
  });
});

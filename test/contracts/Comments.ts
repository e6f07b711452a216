import { before, describe, it } from "node:test";
import { expect } from "chai";
import { network } from "hardhat";
import { getAddress, parseEther, parseEventLogs, type Address, type Hex } from "viem";

// Handles and Comments as the indexer will see them: every state a reader needs is rebuilt here from the events of
// the transactions alone (no contract reads), then compared with the contracts' views. Also measures what a comment
// transaction costs in full (base and calldata included), which `.gas-snapshot` does not show.

const MANIFEST: Hex = "0x01701220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const PostKind = { Video: 0, Release: 1 } as const;
const Policy = { Open: 0, VerifiedOnly: 1, MembersOnly: 2, Off: 3 } as const;
const BODY =
  "Great cut at 2:14: the move into the second part works really well. Which lens did you use for the night shots by the river, and what ISO?";

describe("Handles and Comments, from events alone", () => {
  let ctx: Awaited<ReturnType<typeof setup>>;

  async function setup() {
    const { viem } = await network.create();
    const [creator, alice, bob, carol] = await viem.getWalletClients();
    if (!creator || !alice || !bob || !carol) throw new Error("four wallet clients expected");
    const publicClient = await viem.getPublicClient();
    const videos = await viem.deployContract("Videos");
    const channels = await viem.deployContract("Channels");
    const handles = await viem.deployContract("Handles");
    const comments = await viem.deployContract("Comments", [videos.address, channels.address, handles.address]);
    return { viem, publicClient, creator, alice, bob, carol, videos, channels, handles, comments };
  }

  before(async () => {
    ctx = await setup();
  });

  it("rebuilds handles, nicknames, threads, edits, deletions and policies; a reply costs under 75k gas in all", async () => {
    const { publicClient, creator, alice, bob, carol, videos, handles, comments } = ctx;
    const hashes: Hex[] = [];
    const send = async (hash: Promise<Hex>) => {
      const h = await hash;
      hashes.push(h);
      return publicClient.waitForTransactionReceipt({ hash: h });
    };
    const as = (w: typeof alice) => ({ account: w.account });

    await send(videos.write.publish([MANIFEST], as(creator)));
    await send(handles.write.setNickname(["Alice ✨"], as(alice)));
    await send(handles.write.claim(["alice"], { ...as(alice), value: parseEther("0.01") }));
    await send(handles.write.setNickname(["Bob"], as(bob)));
    await send(comments.write.comment([PostKind.Video, 1n, 0n, BODY], as(bob)));
    const reply = await send(comments.write.comment([PostKind.Video, 1n, 1n, BODY], as(alice)));
    await send(comments.write.edit([1n, "edited text"], as(bob)));
    await send(comments.write.setCommentPolicy([PostKind.Video, 1n, Policy.VerifiedOnly], as(creator)));
    await send(comments.write.comment([PostKind.Video, 1n, 1n, "verified reply"], as(alice)));
    await send(comments.write.deleteComment([2n], as(alice)));
    await send(handles.write.release(as(alice)));
    await send(handles.write.claim(["carol"], { ...as(carol), value: parseEther("0.01") }));

    // Full transaction gas (21,000 base, calldata, execution) of a 138-byte reply. (The first comment ever also
    // writes the comment counter's first non-zero value: 17,100 more, once.)
    expect(Number(reply.gasUsed)).to.be.lessThan(75_000);

    const logs = [];
    for (const hash of hashes) logs.push(...(await publicClient.getTransactionReceipt({ hash })).logs);
    const events = parseEventLogs({ abi: [...handles.abi, ...comments.abi], logs });

    const nickname = new Map<Address, string>();
    const handleOf = new Map<Address, string>();
    const history: string[] = [];
    const thread = new Map<
      bigint,
      { author: Address; parent: bigint; body: string; edited: boolean; deleted: boolean }
    >();
    const policy = new Map<string, number>();
    for (const event of events) {
      switch (event.eventName) {
        case "NicknameSet":
          nickname.set(event.args.account, event.args.nickname);
          break;
        case "HandleClaimed":
          handleOf.set(event.args.holder, event.args.handle);
          history.push(`${event.args.handle} claimed by ${event.args.holder}`);
          break;
        case "HandleReleased":
          handleOf.delete(event.args.holder);
          history.push(`${event.args.handle} released by ${event.args.holder}`);
          break;
        case "CommentPosted":
          thread.set(event.args.commentId, {
            author: event.args.author,
            parent: event.args.parentId,
            body: event.args.body,
            edited: false,
            deleted: false,
          });
          break;
        case "CommentEdited":
          thread.set(event.args.commentId, {
            ...thread.get(event.args.commentId)!,
            body: event.args.body,
            edited: true,
          });
          break;
        case "CommentDeleted":
          thread.set(event.args.commentId, { ...thread.get(event.args.commentId)!, deleted: true });
          break;
        case "CommentPolicySet":
          policy.set(`${event.args.kind}:${event.args.postId}`, event.args.policy);
          break;
      }
    }

    expect(nickname.get(getAddress(alice.account.address))).to.equal("Alice ✨");
    expect(nickname.get(getAddress(bob.account.address))).to.equal("Bob");
    expect(handleOf.get(getAddress(alice.account.address))).to.equal(undefined);
    expect(handleOf.get(getAddress(carol.account.address))).to.equal("carol");
    expect(history).to.deep.equal([
      `alice claimed by ${getAddress(alice.account.address)}`,
      `alice released by ${getAddress(alice.account.address)}`,
      `carol claimed by ${getAddress(carol.account.address)}`,
    ]);
    expect(thread.get(1n)).to.deep.equal({
      author: getAddress(bob.account.address),
      parent: 0n,
      body: "edited text",
      edited: true,
      deleted: false,
    });
    expect(thread.get(2n)).to.deep.include({ author: getAddress(alice.account.address), parent: 1n, deleted: true });
    expect(thread.get(3n)).to.deep.include({
      author: getAddress(alice.account.address),
      parent: 1n,
      body: "verified reply",
    });
    expect(policy.get(`${PostKind.Video}:1`)).to.equal(Policy.VerifiedOnly);

    // The views agree.
    expect(await handles.read.handleOf([getAddress(carol.account.address)])).to.equal("carol");
    expect(await handles.read.isVerified([getAddress(alice.account.address)])).to.equal(false);
    expect((await comments.read.commentOf([2n])).deleted).to.equal(true);
    expect(await comments.read.commentPolicy([PostKind.Video, 1n])).to.equal(Policy.VerifiedOnly);
  });

  it("refuses an anonymous comment on a verified-only video with an error the web can explain", async () => {
    const { viem, bob, comments } = ctx;
    await viem.assertions.revertWithCustomErrorWithArgs(
      comments.write.comment([PostKind.Video, 1n, 0n, "hello"], { account: bob.account }),
      comments,
      "CommentsRefusedByPolicy",
      [PostKind.Video, 1n, Policy.VerifiedOnly, getAddress(bob.account.address)],
    );
  });
});

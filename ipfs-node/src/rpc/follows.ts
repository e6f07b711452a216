/**
 * `chorus/follows/ls`, `chorus/follows/add?arg=<channelId>`, `chorus/follows/rm?arg=<channelId>` (not in Kubo):
 * channels this node keeps in full within its quota (follows.ts). `add` syncs once before answering, so its answer
 * says how much fitted: `{ Follow: { ChannelId, FollowedAt, Pinned, Videos, Kept, LastSyncAt, Error } }`.
 */
import { FollowError, type Follow } from "../follows.ts";
import { sendJson, type Command, type RpcDeps } from "./context.ts";
import { args, BadRequestError, RpcError } from "./params.ts";

function present(f: Follow): Record<string, unknown> {
  return {
    ChannelId: f.channelId,
    FollowedAt: f.followedAt,
    Pinned: f.pinned,
    Videos: f.videos,
    Kept: f.kept,
    LastSyncAt: f.lastSyncAt,
    Error: f.error,
  };
}

function followsOf(deps: RpcDeps): NonNullable<RpcDeps["follows"]> {
  if (deps.follows === undefined)
    throw new RpcError("this node follows no channels: start it with an indexer URL (IPFS_INDEXER_URL)");
  return deps.follows;
}

export const followsLs: Command = async (deps, call) => {
  sendJson(call.res, { Follows: deps.follows?.list().map(present) ?? [] });
};

export const followsAdd: Command = async (deps, call) => {
  const follows = followsOf(deps);
  const [channelId] = args(call.query, "channel-id");
  try {
    sendJson(call.res, { Follow: present(await follows.follow(channelId ?? "")) });
  } catch (err) {
    if (err instanceof FollowError) throw new BadRequestError(err.message);
    throw err;
  }
};

export const followsRm: Command = async (deps, call) => {
  const follows = followsOf(deps);
  const [channelId] = args(call.query, "channel-id");
  try {
    await follows.unfollow(channelId ?? "");
  } catch (err) {
    if (err instanceof FollowError) throw new BadRequestError(err.message);
    throw err;
  }
  sendJson(call.res, { Follows: follows.list().map(present) });
};

/**
 * `chorus/stories/ls`, `chorus/stories/keep?arg=<cid>&creator=<address>[&adopt=true]`,
 * `chorus/stories/follow?arg=<address>`, `chorus/stories/unfollow?arg=<address>`, `chorus/stories/sync` (not in Kubo):
 * stories pinned while they live and unpinned after (stories.ts). Each answers the state: `{ Creators, Held: [{ Cid,
 * Creator, Reason, HeldSince }], LastSyncAt, Error }`; `keep` also says whether it holds the CID (`Kept`: false when
 * someone else had pinned it and `adopt` was not asked).
 */
import { StoryPinsError, type StoriesState } from "../stories.ts";
import { sendJson, type Command, type RpcDeps } from "./context.ts";
import { BadRequestError, firstArg, RpcError } from "./params.ts";

function present(s: StoriesState): Record<string, unknown> {
  return {
    Creators: s.creators,
    Held: s.held.map((h) => ({ Cid: h.cid, Creator: h.creator, Reason: h.reason, HeldSince: h.heldSince })),
    LastSyncAt: s.lastSyncAt,
    Error: s.error,
  };
}

function storiesOf(deps: RpcDeps): NonNullable<RpcDeps["stories"]> {
  if (deps.stories === undefined)
    throw new RpcError("this node keeps no stories: start it with an indexer URL (IPFS_INDEXER_URL)");
  return deps.stories;
}

async function badRequestOn<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StoryPinsError) throw new BadRequestError(err.message);
    throw err;
  }
}

export const storiesLs: Command = async (deps, call) => {
  sendJson(call.res, present(storiesOf(deps).state()));
};

export const storiesKeep: Command = async (deps, call) => {
  const stories = storiesOf(deps);
  const cid = firstArg(call.query, "cid");
  const creator = call.query.get("creator");
  if (!creator) throw new BadRequestError('option "creator" is required: the address that will post the story');
  const adopt = call.query.get("adopt") === "true";
  const { held } = await badRequestOn(() => stories.keep(cid, creator, { adopt }));
  sendJson(call.res, { ...present(stories.state()), Kept: held });
};

export const storiesFollow: Command = async (deps, call) => {
  const stories = storiesOf(deps);
  const creator = firstArg(call.query, "creator");
  sendJson(call.res, present(await badRequestOn(() => stories.follow(creator))));
};

export const storiesUnfollow: Command = async (deps, call) => {
  const stories = storiesOf(deps);
  const creator = firstArg(call.query, "creator");
  sendJson(call.res, present(await badRequestOn(() => stories.unfollow(creator))));
};

export const storiesSync: Command = async (deps, call) => {
  sendJson(call.res, present(await storiesOf(deps).sync()));
};

// Handles: each account's latest nickname and handle, each handle's holder and history, from the events alone
// (docs/identity.md). Live or expired is a matter of the chain's clock: the API judges it (src/api/social.ts).
import { ponder } from "ponder:registry";
import { account, handle, handleChange } from "ponder:schema";

type Change = "claimed" | "renewed" | "released" | "lapsed";

ponder.on("Handles:NicknameSet", async ({ event, context }) => {
  const { account: address, nickname } = event.args;
  const value = nickname === "" ? null : nickname;
  await context.db.insert(account).values({ address, nickname: value }).onConflictDoUpdate({ nickname: value });
});

ponder.on("Handles:HandleClaimed", async ({ event, context }) => {
  const { holder, handle: name, expiresAt } = event.args;
  const fields = { handle: name, handleExpiresAt: BigInt(expiresAt), handleReleasedAt: null };
  await context.db
    .insert(account)
    .values({ address: holder, ...fields })
    .onConflictDoUpdate(fields);
  await context.db
    .insert(handle)
    .values({ handle: name, holder, expiresAt: BigInt(expiresAt) })
    .onConflictDoUpdate({ holder, expiresAt: BigInt(expiresAt) });
  await context.db.insert(handleChange).values(changeRow(event, name, holder, "claimed", BigInt(expiresAt)));
});

ponder.on("Handles:HandleRenewed", async ({ event, context }) => {
  const { holder, handle: name, expiresAt } = event.args;
  await context.db.update(account, { address: holder }).set({ handleExpiresAt: BigInt(expiresAt) });
  await context.db.update(handle, { handle: name }).set({ expiresAt: BigInt(expiresAt) });
  await context.db.insert(handleChange).values(changeRow(event, name, holder, "renewed", BigInt(expiresAt)));
});

ponder.on("Handles:HandleReleased", async ({ event, context }) => {
  const { holder, handle: name } = event.args;
  await context.db.update(account, { address: holder }).set({ handleReleasedAt: event.block.timestamp });
  await context.db.update(handle, { handle: name }).set({ holder: null });
  await context.db.insert(handleChange).values(changeRow(event, name, holder, "released", null));
});

// The handle expired in `holder`'s hands and someone claimed it: the former holder no longer has it (the claim's
// HandleClaimed follows and sets the new holder).
ponder.on("Handles:HandleLapsed", async ({ event, context }) => {
  const { holder, handle: name } = event.args;
  await context.db
    .update(account, { address: holder })
    .set({ handle: null, handleExpiresAt: null, handleReleasedAt: null });
  await context.db.insert(handleChange).values(changeRow(event, name, holder, "lapsed", null));
});

/** A handle_change row: the history's order is the chain's (several blocks share a timestamp on a local chain). */
function changeRow(
  event: {
    id: string;
    block: { number: bigint; timestamp: bigint };
    log: { logIndex: number };
    transaction: { hash: `0x${string}` };
  },
  name: string,
  holder: `0x${string}`,
  change: Change,
  expiresAt: bigint | null,
) {
  return {
    id: event.id,
    handle: name,
    holder,
    change,
    expiresAt,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: event.block.timestamp,
    txHash: event.transaction.hash,
  };
}

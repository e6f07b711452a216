// FilterLists: lists, their entries (each listing kept, with its reason) and reports with their outcomes, from the
// events alone (docs/filters-and-stories.md, "Events").
import { ponder } from "ponder:registry";
import { filterEntry, filterList, filterReport, filterTarget } from "ponder:schema";
import { FILTER_TARGET_KINDS } from "@chorus/protocol";

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

ponder.on("FilterLists:ListCreated", async ({ event, context }) => {
  const { listId, maintainer, name, description } = event.args;
  await context.db.insert(filterList).values({
    id: listId,
    maintainer,
    name,
    description,
    entryCount: 0,
    reportCount: 0,
    openReports: 0,
    createdAt: event.block.timestamp,
    txHash: event.transaction.hash,
  });
});

ponder.on("FilterLists:ListEdited", async ({ event, context }) => {
  const { listId, name, description } = event.args;
  await context.db.update(filterList, { id: listId }).set({ name, description });
});

ponder.on("FilterLists:MaintainerOffered", async ({ event, context }) => {
  const { listId, to } = event.args;
  await context.db.update(filterList, { id: listId }).set({ offeredTo: to === ZERO_ADDRESS ? null : to });
});

ponder.on("FilterLists:MaintainerChanged", async ({ event, context }) => {
  const { listId, to } = event.args;
  await context.db.update(filterList, { id: listId }).set({ maintainer: to, offeredTo: null });
});

ponder.on("FilterLists:EntryAdded", async ({ event, context }) => {
  const { listId, subject, reason, reportId } = event.args;
  const kind = FILTER_TARGET_KINDS[event.args.kind]!;
  await context.db.insert(filterEntry).values({
    id: event.id,
    listId,
    kind,
    subject,
    reason,
    reportId: reportId === 0n ? null : reportId,
    addedAt: event.block.timestamp,
    addedBlock: event.block.number,
    addedLogIndex: event.log.logIndex,
    addedTx: event.transaction.hash,
  });
  await context.db.insert(filterTarget).values({ listId, kind, subject, entryId: event.id });
  await context.db.update(filterList, { id: listId }).set((row) => ({ entryCount: row.entryCount + 1 }));
});

ponder.on("FilterLists:EntryRemoved", async ({ event, context }) => {
  const { listId, subject } = event.args;
  const kind = FILTER_TARGET_KINDS[event.args.kind]!;
  const target = await context.db.find(filterTarget, { listId, kind, subject });
  // The contract removes only a listed target, so the listing exists.
  await context.db
    .update(filterEntry, { id: target!.entryId })
    .set({ removedAt: event.block.timestamp, removedTx: event.transaction.hash });
  await context.db.delete(filterTarget, { listId, kind, subject });
  await context.db.update(filterList, { id: listId }).set((row) => ({ entryCount: row.entryCount - 1 }));
});

ponder.on("FilterLists:Reported", async ({ event, context }) => {
  const { reportId, listId, reporter, subject, reason } = event.args;
  await context.db.insert(filterReport).values({
    id: reportId,
    listId,
    reporter,
    kind: FILTER_TARGET_KINDS[event.args.kind]!,
    subject,
    reason,
    status: "open",
    createdAt: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db
    .update(filterList, { id: listId })
    .set((row) => ({ reportCount: row.reportCount + 1, openReports: row.openReports + 1 }));
});

ponder.on("FilterLists:ReportResolved", async ({ event, context }) => {
  const { reportId, listId, maintainer, accepted, reason } = event.args;
  await context.db.update(filterReport, { id: reportId }).set({
    status: accepted ? "accepted" : "dismissed",
    resolvedBy: maintainer,
    resolution: reason,
    resolvedAt: event.block.timestamp,
    resolvedTx: event.transaction.hash,
  });
  await context.db.update(filterList, { id: listId }).set((row) => ({ openReports: row.openReports - 1 }));
});

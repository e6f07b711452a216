// Comments: each comment with its latest text and its edit and delete state, and each post's policy and count, from
// the events alone (contracts/interfaces/IComments.sol).
import { ponder } from "ponder:registry";
import { comment, post } from "ponder:schema";
import { COMMENT_POLICIES, POST_KINDS } from "@chorus/protocol";

ponder.on("Comments:CommentPosted", async ({ event, context }) => {
  const { commentId, postId, parentId, author, body } = event.args;
  const kind = POST_KINDS[event.args.kind]!;
  await context.db.insert(comment).values({
    id: commentId,
    postKind: kind,
    postId,
    parentId: parentId === 0n ? null : parentId,
    author,
    body,
    postedAt: event.block.timestamp,
    txHash: event.transaction.hash,
  });
  await context.db
    .insert(post)
    .values({ kind, id: postId, policy: "open", commentCount: 1 })
    .onConflictDoUpdate((row) => ({ commentCount: row.commentCount + 1 }));
});

ponder.on("Comments:CommentEdited", async ({ event, context }) => {
  const { commentId, body } = event.args;
  await context.db.update(comment, { id: commentId }).set({ body, editedAt: event.block.timestamp });
});

ponder.on("Comments:CommentDeleted", async ({ event, context }) => {
  const row = await context.db.update(comment, { id: event.args.commentId }).set({ deletedAt: event.block.timestamp });
  await context.db
    .update(post, { kind: row.postKind, id: row.postId })
    .set((p) => ({ commentCount: p.commentCount - 1 }));
});

ponder.on("Comments:CommentPolicySet", async ({ event, context }) => {
  const { postId } = event.args;
  const [kind, policy] = [POST_KINDS[event.args.kind]!, COMMENT_POLICIES[event.args.policy]!];
  await context.db.insert(post).values({ kind, id: postId, policy, commentCount: 0 }).onConflictDoUpdate({ policy });
});

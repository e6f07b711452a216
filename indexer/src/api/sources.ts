import schema from "ponder:schema";
import { normaliseTag } from "@chorus/protocol";
import { inArray, or, sql } from "ponder";
import { stored } from "./params";
import { SEARCH_SCHEMA } from "./search-document";

/**
 * A feed of several sources (a subscriptions feed, an instance's scope): videos by one of `creators`, released by one of
 * `channels`, or tagged with one of `tags`. Any list may be absent; all absent: no condition. Naming only empty lists
 * matches nothing, as following nobody should. Tags live in the search table (they come from the manifest on IPFS), so a
 * video counts as tagged once its manifest has been read.
 */
export function fromSources(query: { creators?: string[]; channels?: string[]; tags?: string[] }) {
  const { creators, channels, tags } = query;
  if (creators === undefined && channels === undefined && tags === undefined) return undefined;
  const v = schema.video;
  const wanted = [...new Set((tags ?? []).map(normaliseTag).filter(Boolean))];
  return (
    or(
      creators?.length ? inArray(v.creator, creators.map(stored)) : undefined,
      channels?.length ? inArray(v.channelId, channels.map(BigInt)) : undefined,
      wanted.length
        ? sql`EXISTS (SELECT 1 FROM ${sql.raw(`${SEARCH_SCHEMA}.document`)} tagged WHERE tagged.cid = ${v.manifestCid}
            AND tagged.tags && ARRAY[${sql.join(
              wanted.map((tag) => sql`${tag}`),
              sql`, `,
            )}]::text[])`
        : undefined,
    ) ?? sql`false`
  );
}

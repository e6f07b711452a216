"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { AccountName } from "@/components/AccountName";
import { usePublicConfig } from "@/components/ConfigContext";
import { NextPageButton } from "@/components/NextPageButton";
import type { Fetched } from "@/lib/indexer";
import styles from "./earn.module.css";

const PAGE_SIZE = 50;

const day = (seconds: number) =>
  new Date(seconds * 1000).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });

interface MemberPage {
  items: { member: { address: string }; expiresAt: number; active: boolean; joins: number }[];
  nextCursor: string | null;
}

/**
 * A list of members as the indexer pages them (a creator's members, a channel's paying members: latest expiry first,
 * so the active ones lead), read 50 at a time: a line while it reads, the error with Try again, the empty state, or
 * the count and each member with until when and how often they renewed, then a button for the next page.
 */
export function MemberPages<P extends MemberPage>(props: {
  /** The query's key: its name, then (after the chain id) whose members. */
  queryKey: [name: string, of: string];
  /** One page of at most `limit` members after `cursor` (null: the first page). */
  fetchPage: (
    indexerUrl: string,
    query: { limit: number; cursor: string | null },
    signal: AbortSignal,
  ) => Promise<Fetched<P>>;
  /** The list as the sentences name it: "your members", "the paying members". */
  what: string;
  /** Test ids: `<testId>-count` on the count (or empty state), `<testId>-more` on the next page's button. */
  testId: string;
  /** Each member's test id. */
  itemTestId: string;
  empty: ReactNode;
  /** The count line over the members (the first page and every member read so far). */
  count: (first: P, items: P["items"]) => ReactNode;
  moreLabel: string;
  /** What follows a member's expiry and renewals on their line. */
  details?: (member: P["items"][number]) => ReactNode;
}) {
  const config = usePublicConfig();
  const members = useInfiniteQuery({
    queryKey: [props.queryKey[0], config.chainId, props.queryKey[1]],
    initialPageParam: null as string | null,
    queryFn: async ({ pageParam, signal }) => {
      const page = await props.fetchPage(config.indexerUrl, { limit: PAGE_SIZE, cursor: pageParam }, signal);
      if (!page.ok)
        throw new Error(
          page.status === null
            ? "Couldn't reach the catalogue: check your connection (or that the indexer is running) and try again."
            : `The catalogue couldn't list ${props.what}: ${page.error}`,
        );
      return page.data;
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const items: P["items"] = members.data?.pages.flatMap((p) => p.items) ?? [];

  if (members.isPending) return <p className="muted">Reading {props.what}…</p>;
  if (members.isError && items.length === 0)
    return (
      <p className="field-error" role="alert">
        {members.error.message}{" "}
        <button type="button" className="btn btn-small" onClick={() => void members.refetch()}>
          Try again
        </button>
      </p>
    );
  if (items.length === 0)
    return (
      <p className="muted" data-testid={`${props.testId}-count`}>
        {props.empty}
      </p>
    );
  return (
    <>
      <p className="muted" data-testid={`${props.testId}-count`}>
        {props.count(members.data!.pages[0]!, items)}
      </p>
      <ul className={styles.members}>
        {items.map((m) => (
          <li key={m.member.address} data-testid={props.itemTestId} data-active={m.active}>
            <AccountName address={m.member.address} />
            <span className="muted">
              {m.active ? `member until ${day(m.expiresAt)}` : `ended ${day(m.expiresAt)}`}
              {m.joins > 1 ? ` · renewed ${m.joins - 1}×` : ""}
              {props.details?.(m)}
            </span>
          </li>
        ))}
      </ul>
      <NextPageButton pages={members} label={props.moreLabel} testId={`${props.testId}-more`} />
      {members.isError ? (
        <p className="field-error" role="alert">
          {members.error.message}
        </p>
      ) : null}
    </>
  );
}

"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId } from "react";
import { formatThreshold, formatVotingPeriod, submissionOutcome, thresholdVotesYes } from "@/lib/channels";
import { plural } from "@/lib/format";
import { callIndexerAll, channelName, type Channel } from "@/lib/indexer";
import { usePublicConfig } from "./ConfigContext";
import { useWallet } from "./WalletGate";

/** Where the upload flow posts a video: the creator's own channel (Videos.publish) or a community channel's vote. */
export type Destination = { kind: "own" } | { kind: "channel"; channelId: string; name: string };

/** The channels the connected wallet may submit to: those it belongs to, and those open to anyone. */
export function useSubmittableChannels() {
  const config = usePublicConfig();
  const { address } = useWallet();
  const all = useQuery({
    queryKey: ["channels", "all"],
    queryFn: async ({ signal }) => {
      const result = await callIndexerAll(config.indexerUrl, "listChannels", {}, signal);
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
  });
  const mine = useQuery({
    queryKey: ["channels", "member", address],
    enabled: Boolean(address),
    queryFn: async ({ signal }) => {
      const result = await callIndexerAll(config.indexerUrl, "listChannels", { query: { member: address } }, signal);
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
  });
  const memberIds = new Set((mine.data ?? []).map((c) => c.id));
  const options: { channel: Channel; member: boolean }[] = [
    ...(mine.data ?? []).map((channel) => ({ channel, member: true })),
    ...(all.data ?? [])
      .filter((c) => c.rules.submitters === "anyone" && !memberIds.has(c.id))
      .map((channel) => ({ channel, member: false })),
  ];
  return {
    options,
    all: all.data ?? null,
    loading: all.isPending || (Boolean(address) && mine.isPending),
    error: all.error ?? mine.error,
    connected: Boolean(address),
  };
}

export function PostToPicker({
  value,
  onChange,
  disabled,
}: {
  value: Destination;
  onChange: (d: Destination) => void;
  disabled?: boolean;
}) {
  const { options, all, loading, error, connected } = useSubmittableChannels();
  const name = useId();
  const selected = value.kind === "channel" ? options.find((o) => o.channel.id === value.channelId) : undefined;
  const chosen = value.kind === "channel" ? all?.find((c) => c.id === value.channelId) : undefined;

  // A channel preselected by the link (/upload?channel=<id>) is known by its id first; name it once it is loaded.
  useEffect(() => {
    if (value.kind === "channel" && chosen && channelName(chosen) !== value.name)
      onChange({ ...value, name: channelName(chosen) });
  }, [value, chosen, onChange]);

  return (
    <fieldset className="post-to" disabled={disabled} data-testid="post-to">
      <legend>Post to</legend>
      <label className="choice">
        <input
          type="radio"
          name={name}
          checked={value.kind === "own"}
          onChange={() => onChange({ kind: "own" })}
          data-testid="post-to-own"
        />
        <span>
          <strong>My own channel</strong>
          <small>Published at once under your address (Videos.publish).</small>
        </span>
      </label>
      {options.map(({ channel, member }) => (
        <label className="choice" key={channel.id}>
          <input
            type="radio"
            name={name}
            checked={value.kind === "channel" && value.channelId === channel.id}
            onChange={() => onChange({ kind: "channel", channelId: channel.id, name: channelName(channel) })}
            data-testid={`post-to-channel-${channel.id}`}
          />
          <span>
            <strong>{channelName(channel)}</strong>
            <small>
              Community channel · {plural(channel.memberCount, "member")} ·{" "}
              {formatThreshold(channel.rules, channel.memberCount)} to release
              {member ? " · you're a member" : " · open to anyone"}
            </small>
          </span>
        </label>
      ))}
      {loading ? <p className="field-hint">Looking for community channels…</p> : null}
      {error ? (
        <p className="field-error">
          Community channels couldn&apos;t be loaded right now ({error.message}). You can still publish to your own
          channel.
        </p>
      ) : null}
      {!loading && !error && options.length === 0 ? (
        <p className="field-hint">
          {connected
            ? "You're not a member of any community channel, and none is open to anyone."
            : "Connect a wallet to see the community channels you're a member of."}{" "}
          <Link href="/channels">Browse channels</Link>
        </p>
      ) : null}

      {value.kind === "channel" ? (
        <p className="publish-explain" data-testid="post-to-explain">
          {selected ? (
            <>
              Your video becomes a proposal in <strong>{value.name}</strong>, released when the channel&apos;s vote
              passes ({thresholdVotesYes(selected.channel.rules, selected.channel.memberCount)} within{" "}
              {formatVotingPeriod(selected.channel.rules.votingPeriod)}).{" "}
              {selected.member
                ? submissionOutcome(selected.channel.rules, selected.channel.memberCount, true) === "released"
                  ? "As a member, your submission counts as your yes vote — that is enough here, so it is released at once."
                  : `As a member, your submission counts as your yes vote; it needs ${selected.channel.requiredYes - 1} more.`
                : `You're not a member, so the members decide: it needs ${plural(selected.channel.requiredYes, "yes vote")}.`}
            </>
          ) : loading ? (
            <>Checking {value.name}…</>
          ) : all && !chosen ? (
            `There is no community channel #${value.channelId}. Choose another channel, or your own.`
          ) : connected ? (
            `You can't submit to ${value.name} with this account: it takes submissions from members only. Choose another channel, or your own.`
          ) : (
            `Connect a wallet to submit to ${value.name}.`
          )}
        </p>
      ) : null}
    </fieldset>
  );
}

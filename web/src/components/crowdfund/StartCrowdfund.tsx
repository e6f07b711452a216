"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { useConfig } from "wagmi";
import { getBlock } from "wagmi/actions";
import { checkStart, deadlineAfter, MAX_DURATION_DAYS, type StartDraft } from "@/lib/crowdfund";
import { callIndexerAll, channelName } from "@/lib/indexer";
import { addToIpfs } from "@/lib/ipfs-client";
import { parseToken, tokenSymbol } from "@/lib/money";
import { useHydrated } from "@/lib/use-hydrated";
import { startCrowdfundPlan, type CampaignRef } from "@/tx/crowdfundTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { useTypedToken } from "../earn/use-earnings";
import { TxStatus } from "../TxStatus";
import { useWallet, WalletGate } from "../WalletGate";

/**
 * "Start a crowdfund": for yourself (the proceeds are yours) or for a community channel you are a member of (they go
 * to its pot, shared by its members); a title and description (stored on IPFS), a goal, how many days it runs (the
 * deadline is counted from the chain's clock), and the token (ETH unless an ERC-20's address is given).
 */
export function StartCrowdfund() {
  const hydrated = useHydrated();
  const config = usePublicConfig();
  const wagmiConfig = useConfig();
  const router = useRouter();
  const search = useSearchParams();
  const id = useId();
  const { address } = useWallet();
  const [draft, setDraft] = useState<StartDraft>({ title: "", description: "", goal: "", days: "30", token: "" });
  const [channelId, setChannelId] = useState(search.get("channel") ?? "0");
  const [showErrors, setShowErrors] = useState(false);
  const [storing, setStoring] = useState<{ state: "idle" | "storing" } | { state: "error"; message: string }>({
    state: "idle",
  });
  const { tx, start, busy } = useContractTx<CampaignRef>();
  const channels = useQuery({
    queryKey: ["channels", "member", address],
    enabled: Boolean(address),
    queryFn: async ({ signal }) => {
      const result = await callIndexerAll(config.indexerUrl, "listChannels", { query: { member: address } }, signal);
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
  });
  // The goal is typed in the token's own units: its decimals and symbol are read from the contract (ETH at once).
  const tokenRead = useTypedToken(draft.token);
  const checked = checkStart(draft, tokenRead);
  const errors: Partial<Record<keyof StartDraft, string>> = !checked.ok && showErrors ? checked.errors : {};
  // A token that can't be read is said at once, not only on submit.
  if (!checked.ok && tokenRead.state === "unreadable" && checked.errors.token) errors.token = checked.errors.token;
  const working = storing.state === "storing" || busy;
  const done = tx.step === "indexed";
  const set = (key: keyof StartDraft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (!checked.ok || working || done) return;
    setStoring({ state: "storing" });
    let metadataCid: string;
    let chainNow: number;
    try {
      metadataCid = await addToIpfs({
        kind: "crowdfund-metadata",
        title: draft.title.trim(),
        description: draft.description.trim(),
      });
      chainNow = Number((await getBlock(wagmiConfig, { chainId: config.chainId })).timestamp);
    } catch (error) {
      setStoring({
        state: "error",
        message: `${error instanceof Error ? error.message : "The description couldn't be stored."} Nothing was started.`,
      });
      return;
    }
    setStoring({ state: "idle" });
    await start({
      ...startCrowdfundPlan(wagmiConfig, config, {
        channelId,
        token: checked.token,
        goal: checked.goal,
        deadline: deadlineAfter(chainNow, checked.days),
        metadataCid,
      }),
      token: tokenRead.state === "read" ? tokenRead.token : undefined,
      onIndexed: ({ campaignId }) => router.push(`/crowdfunds/${campaignId}`),
    });
  };

  const field = (key: keyof StartDraft, label: string, hint: string, input: React.ReactNode) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {input}
      <span id={`${id}-${key}-hint`} className={errors[key] ? "field-error" : "field-hint"}>
        {errors[key] ?? hint}
      </span>
    </div>
  );
  const inputProps = (key: keyof StartDraft) => ({
    id: `${id}-${key}`,
    className: "input",
    value: draft[key],
    onChange: set(key),
    disabled: !hydrated || working || done,
    "aria-invalid": errors[key] ? true : undefined,
    "aria-describedby": `${id}-${key}-hint`,
    "data-testid": `crowdfund-${key}`,
  });

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Start a crowdfund">
      <section className="panel stack">
        {field("title", "Title (required)", "What the money is for, in a line.", <input {...inputProps("title")} />)}
        {field(
          "description",
          "Description",
          "Optional: the plan, what backers get. Stored on IPFS.",
          <textarea {...inputProps("description")} className="textarea textarea-short" />,
        )}
        <div className="field">
          <label htmlFor={`${id}-for`}>For</label>
          <select
            id={`${id}-for`}
            className="input"
            value={channelId}
            onChange={(e) => setChannelId(e.target.value)}
            disabled={!hydrated || working || done}
            data-testid="crowdfund-for"
          >
            <option value="0">Myself (the funds are paid to my address)</option>
            {(channels.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {channelName(c)} (the funds go to the channel&apos;s pot, shared by its members)
              </option>
            ))}
            {channelId !== "0" && !(channels.data ?? []).some((c) => c.id === channelId) ? (
              <option value={channelId}>Channel #{channelId} (you must be a member)</option>
            ) : null}
          </select>
        </div>
        {field(
          "goal",
          parseToken(draft.token).ok ? `Goal (${tokenSymbol(tokenRead)})` : "Goal",
          "If the pledges reach it by the deadline, they are paid out; if not, every backer gets theirs back.",
          <input {...inputProps("goal")} inputMode="decimal" placeholder="1.5" />,
        )}
        {field(
          "days",
          "Runs for (days)",
          `1 to ${MAX_DURATION_DAYS} days, counted from the chain's clock. Reaching the goal early ends nothing.`,
          <input {...inputProps("days")} type="number" min={1} max={MAX_DURATION_DAYS} />,
        )}
        {field(
          "token",
          "Token",
          "Empty for ETH; or an ERC-20 token's address (backers approve it, then pledge).",
          <input {...inputProps("token")} placeholder="ETH" autoComplete="off" />,
        )}
      </section>
      <WalletGate purpose="start a crowdfund">
        <div className="tx-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!hydrated || working || done}
            data-testid="crowdfund-start"
          >
            {storing.state === "storing" ? "Storing the description…" : "Start the crowdfund"}
          </button>
        </div>
      </WalletGate>
      {storing.state === "error" ? (
        <p className="field-error" role="alert">
          {storing.message}
        </p>
      ) : null}
      <TxStatus
        tx={tx}
        testId="crowdfund-start-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={({ campaignId }) => <Link href={`/crowdfunds/${campaignId}`}>crowdfund #{campaignId} is open.</Link>}
      />
    </form>
  );
}

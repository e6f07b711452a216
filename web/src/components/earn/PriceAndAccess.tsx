"use client";
import type { Video } from "@chorus/protocol";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useId, useMemo, useState } from "react";
import { formatUnits, type Address } from "viem";
import { useConfig } from "wagmi";
import { callIndexer } from "@/lib/indexer";
import { formatAmount, formatPeriod, parseToken } from "@/lib/money";
import type { PostAccess } from "@chorus/protocol";
import { checkPriceForm, sameTerms, tokenText, type PriceTerms } from "@/lib/price";
import { pricePlan, readMembershipPlan, type MoneyPost } from "@/tx/paymentsTx";
import { useContractTx } from "@/tx/useContractTx";
import { usePublicConfig } from "../ConfigContext";
import { TxStatus } from "../TxStatus";
import { WalletGate, useWallet } from "../WalletGate";
import { moneyPostOf, usePostMoney } from "./BuyOrJoin";
import { useToken } from "./use-earnings";
import styles from "./earn.module.css";

/**
 * The owner's *Price and access* on the watch page: free, paid (a price in ETH or an ERC-20), members-only (the
 * creator's membership plan, set on /account) or withheld (nobody yet: how every post starts, so an encrypted upload
 * stays closed until its creator chooses), sent as `Earnings.setPrice`. Only the account the contract takes as the
 * post's creator sees it: a video's publisher, a release's proposer (Earnings.sol `_resolve`). The current terms come
 * from the indexer (`/posts/{kind}/{id}/money`), so what it shows is what buyers see.
 */
export function PriceAndAccess({
  video,
  encrypted,
}: {
  video: Pick<Video, "id" | "release" | "creator">;
  /** The manifest has `access` (the bytes past the preview are encrypted); null when the manifest can't be read. */
  encrypted: boolean | null;
}) {
  const post = useMemo(() => moneyPostOf(video), [video]);
  const money = usePostMoney(post);
  const { address } = useWallet();
  // A video's creator is its publisher at once; a release's is its proposer, which the chain read brings.
  const owner: string | undefined = post.kind === "video" ? video.creator : money.data?.creator;
  if (!address || !owner || address.toLowerCase() !== owner.toLowerCase()) return null;
  return (
    <section className={styles.splits} id="price" aria-labelledby={`price-${video.id}`} data-testid="price-access">
      <h2 id={`price-${video.id}`}>Price and access</h2>
      <WalletGate purpose="set the price">
        <PriceForm post={post} owner={address} encrypted={encrypted} />
      </WalletGate>
    </section>
  );
}

const ACCESS_LABEL: Record<PostAccess, string> = {
  withheld: "Nobody yet",
  free: "Free",
  paid: "Paid",
  members: "Members-only",
};

function PriceForm({ post, owner, encrypted }: { post: MoneyPost; owner: Address; encrypted: boolean | null }) {
  const id = useId();
  const wagmiConfig = useConfig();
  const config = usePublicConfig();
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: ["post-money-indexed", config.chainId, post.kind, post.id],
    queryFn: async ({ signal }) => {
      const answer = await callIndexer(
        config.indexerUrl,
        "getPostMoney",
        { params: { kind: post.kind, id: post.id } },
        signal,
      );
      if (!answer.ok) throw new Error(answer.error);
      return answer.data;
    },
  });
  const [access, setAccess] = useState<PostAccess>("free");
  const plan = useQuery({
    queryKey: ["membership-plan", config.chainId, owner.toLowerCase()],
    enabled: access === "members",
    queryFn: () => readMembershipPlan(wagmiConfig, config, owner),
  });
  const [amount, setAmount] = useState("");
  const [tokenInput, setTokenInput] = useState("");
  const [touched, setTouched] = useState(false);
  const [edited, setEdited] = useState(false);
  // The sent terms in words, with their token's symbol as it was when sent (the form may follow other terms since).
  const [sent, setSent] = useState("");
  const { tx, start, busy } = useContractTx<PriceTerms>();

  // The form starts from the terms in force, until the creator changes something.
  const currentToken = useToken(current.data?.price ? (current.data.price.token as Address) : null);
  useEffect(() => {
    if (edited || !current.data) return;
    setAccess(current.data.access);
    setTokenInput(tokenText(current.data.price?.token));
    if (current.data.price && currentToken.data)
      setAmount(formatUnits(BigInt(current.data.price.amount), currentToken.data.decimals));
  }, [current.data, currentToken.data, edited]);

  const tokenParsed = parseToken(tokenInput);
  const token = useToken(access === "paid" && tokenParsed.ok ? tokenParsed.token : null);
  const checked = checkPriceForm({
    access,
    amount,
    token: tokenInput,
    decimals: token.data?.decimals ?? null,
    encrypted,
  });
  const error =
    access === "paid" && tokenParsed.ok && token.isError
      ? `Couldn't read that token: ${token.error.message} Check the address, or leave it empty for ETH.`
      : !checked.ok
        ? checked.error
        : current.data && sameTerms(current.data, checked.terms)
          ? "These are already its terms — change something first."
          : null;
  // Refusing paid on public bytes is said at once, not only after a click: it changes what the creator should do.
  const shownError = touched || (access !== "free" && !encrypted) ? error : null;

  const describe = (terms: PriceTerms, symbolOf: { symbol: string; decimals: number } | undefined) =>
    terms.access === "paid"
      ? `paid: ${symbolOf ? formatAmount(terms.price, symbolOf) : `${terms.price} base units`} to buy it`
      : terms.access === "members"
        ? "members-only: your members watch it"
        : terms.access === "withheld"
          ? "withheld: nobody but you and its rights holders gets its key"
          : encrypted
            ? "free: anyone who connects a wallet gets its key"
            : "free: anyone can watch it";

  /** A change by the creator: the form stops following the current terms, and a shown error waits for the next try. */
  const changed = () => {
    setEdited(true);
    setTouched(false);
  };

  const submit = () => {
    setTouched(true);
    if (error || !checked.ok) return;
    setSent(describe(checked.terms, token.data));
    void start({
      ...pricePlan(wagmiConfig, config, post, checked.terms),
      onIndexed: () => {
        setEdited(false);
        void queryClient.invalidateQueries({ queryKey: ["post-money-indexed"] });
        void queryClient.invalidateQueries({ queryKey: ["post-money"] });
      },
    });
  };

  return (
    <>
      <p
        className={current.data?.access === "withheld" ? "notice" : "muted"}
        data-testid="price-current"
        data-access={current.data?.access}
        style={{ margin: "4px 0" }}
      >
        {current.isPending
          ? "Reading its terms from the catalogue…"
          : current.isError
            ? `Couldn't read its terms from the catalogue: ${current.error.message} Reload the page to try again.`
            : current.data.access === "paid" && current.data.price
              ? `Now: paid — ${currentToken.data ? formatAmount(BigInt(current.data.price.amount), currentToken.data) : "…"} to buy it.`
              : current.data.access === "members"
                ? "Now: members-only — your members watch it."
                : current.data.access === "withheld"
                  ? "Nobody can watch this yet — choose who may: buyers, your members or everyone. Until then only you and its rights holders get its key; viewers see the preview and that you haven't opened it."
                  : encrypted
                    ? "Now: free — its bytes are encrypted, and anyone who connects a wallet gets the key."
                    : "Now: free — anyone can watch it."}
      </p>
      {encrypted === false ? (
        <p className="muted" data-testid="price-public-note">
          This video was uploaded unencrypted: anyone can fetch its bytes from IPFS, so it can only be free (fans can
          still tip it). To sell a video, choose &quot;Paid / members-only&quot; when you upload it.
        </p>
      ) : null}
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <fieldset className={styles.presets} disabled={busy}>
          <legend>Who can watch</legend>
          {(["free", "paid", "members", "withheld"] as const).map((value) => (
            <label key={value} style={{ marginRight: 12 }}>
              <input
                type="radio"
                name={`${id}-access`}
                value={value}
                checked={access === value}
                onChange={() => {
                  changed();
                  setAccess(value);
                }}
                data-testid={`price-access-${value}`}
              />{" "}
              {ACCESS_LABEL[value]}
            </label>
          ))}
        </fieldset>
        {access === "paid" ? (
          <div className={styles.row}>
            <div className="field">
              <label htmlFor={`${id}-amount`}>Price ({token.data?.symbol ?? "token"})</label>
              <input
                id={`${id}-amount`}
                className="input"
                inputMode="decimal"
                autoComplete="off"
                placeholder="0.01"
                value={amount}
                onChange={(e) => {
                  changed();
                  setAmount(e.target.value);
                }}
                disabled={busy}
                data-testid="price-amount"
              />
            </div>
            <div className="field" style={{ flex: "1 1 14em" }}>
              <label htmlFor={`${id}-token`}>Token (empty for ETH, or an ERC-20 address)</label>
              <input
                id={`${id}-token`}
                className="input mono"
                placeholder="ETH"
                autoComplete="off"
                spellCheck={false}
                value={tokenInput}
                onChange={(e) => {
                  changed();
                  setTokenInput(e.target.value);
                }}
                disabled={busy}
                data-testid="price-token"
              />
            </div>
          </div>
        ) : null}
        {access === "members" && encrypted ? (
          <p className="muted" data-testid="price-plan">
            {plan.isPending ? (
              "Reading your membership plan…"
            ) : plan.isError ? (
              `Couldn't read your membership plan: ${plan.error.message}`
            ) : plan.data ? (
              <>
                Your members watch it: they join for {formatAmount(plan.data.price, plan.data.token)} per{" "}
                {formatPeriod(plan.data.periodSeconds)} (<Link href="/account">change the plan</Link>).
              </>
            ) : (
              <>
                You have no membership plan yet, so nobody can join to watch it —{" "}
                <Link href="/account">open memberships on your account page</Link> first or after.
              </>
            )}
          </p>
        ) : null}
        {shownError ? (
          <p className="field-error" role="alert" data-testid="price-error">
            {shownError}
          </p>
        ) : null}
        <div className={styles.actions} style={{ justifyContent: "flex-start" }}>
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="price-save">
            {busy ? "Saving…" : "Save price and access"}
          </button>
        </div>
      </form>
      <TxStatus
        tx={tx}
        testId="price-status"
        confirmed={() => "waiting for the catalogue…"}
        indexed={() => `the video is now ${sent}.`}
      />
    </>
  );
}

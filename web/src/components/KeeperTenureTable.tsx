import Link from "next/link";
import { AccountName } from "./AccountName";
import type { DealKeeper, KeeperTenure } from "@/lib/indexer";
import { TimeAgo } from "./TimeAgo";
import { TokenAmount } from "./TokenAmount";

const KEEPER_STATUS: Record<DealKeeper["status"], string> = {
  active: "holding a copy",
  left: "left",
  evicted: "evicted (missed proofs)",
  released: "served to the end",
};

/**
 * Keepers' tenures in deals, one row each: status, periods proven and missed, earnings, last proof. A deal's page lists
 * its keepers (first column: the keeper, `by: "keeper"`, all in the deal's `token`); a keeper's storage page lists its
 * deals (`by: "deal"`, each tenure in its own deal's token).
 */
export function KeeperTenureTable(
  props: { testId: string } & (
    | { by: "keeper"; token: string; tenures: DealKeeper[] }
    | { by: "deal"; tenures: KeeperTenure[] }
  ),
) {
  const { by, testId } = props;
  const tenures: (DealKeeper & { token: string })[] =
    props.by === "deal" ? props.tenures : props.tenures.map((t) => ({ ...t, token: props.token }));
  return (
    <table className="data-table" data-testid={testId}>
      <thead>
        <tr>
          <th>{by === "keeper" ? "Keeper" : "Deal"}</th>
          <th>Status</th>
          <th>Proven</th>
          <th>Missed</th>
          <th>Earned</th>
          <th>Last proof</th>
        </tr>
      </thead>
      <tbody>
        {tenures.map((t) => (
          <tr key={`${by === "deal" ? t.dealId : t.keeper}-${t.slot}-${t.joinedAt}`}>
            <td>
              {by === "keeper" ? (
                <Link href={`/storage?address=${t.keeper}`} title={t.keeper}>
                  <AccountName address={t.keeper} />
                </Link>
              ) : (
                <Link href={`/storage/deals/${t.dealId}`}>#{t.dealId}</Link>
              )}
            </td>
            <td>{KEEPER_STATUS[t.status] ?? t.status}</td>
            <td>{t.proven}</td>
            <td>{t.misses}</td>
            <td>
              <TokenAmount amount={t.earned} token={t.token} />
            </td>
            <td>{t.lastProvenAt ? <TimeAgo timestamp={t.lastProvenAt} /> : "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

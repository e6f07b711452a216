import { EARNING_SOURCES, type SeriesBucket } from "@chorus/protocol";
import { bucketLabel, SOURCE_COLOURS, SOURCE_LABELS, type SeriesRow } from "@/lib/earnings";
import { useTokenAmounts } from "../earn/use-earnings";
import styles from "./Earnings.module.css";

const HEIGHT = 160;
const BAR = 10;
const GAP = 4;

/**
 * Income over time as stacked bars (one per day or week, one colour per source), in inline SVG: no chart library for
 * a few dozen rectangles (web/README.md, "Earnings"). The picture is for sighted readers only (`aria-hidden`); the
 * table under it carries the same numbers for keyboards and screen readers, and is what the tests read.
 */
export function EarningsChart({ rows, token, bucket }: { rows: SeriesRow[]; token: string; bucket: SeriesBucket }) {
  // biome-ignore lint/complexity/useMathMinMax: bigints; Math.max takes numbers only.
  const max = rows.reduce((m, r) => (r.total > m ? r.total : m), 0n);
  const width = Math.max(rows.length * (BAR + GAP), 1);
  // bigint → a fraction of the tallest bar, precise enough for pixels.
  const height = (amount: bigint) => (max === 0n ? 0 : (Number((amount * 10_000n) / max) / 10_000) * HEIGHT);
  const formatAmount = useTokenAmounts(token).format;
  return (
    <figure className={styles.chart}>
      <svg
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        className={styles.svg}
        aria-hidden="true"
        focusable="false"
        data-testid="earnings-chart"
      >
        {rows.map((row, i) => {
          let y = HEIGHT;
          return (
            <g key={row.start}>
              <title>{`${bucketLabel(row.start, bucket)}: ${formatAmount(row.total)}`}</title>
              {EARNING_SOURCES.map((source) => {
                const h = height(row.bySource[source]);
                if (h === 0) return null;
                y -= h;
                return (
                  <rect key={source} x={i * (BAR + GAP)} y={y} width={BAR} height={h} fill={SOURCE_COLOURS[source]} />
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className={styles.legend}>
        {EARNING_SOURCES.map((source) => (
          <span key={source}>
            <span className={styles.swatch} style={{ background: SOURCE_COLOURS[source] }} aria-hidden="true" />
            {SOURCE_LABELS[source]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** The chart's numbers as a table: one row per bucket with income, newest first. */
export function EarningsTable({ rows, token, bucket }: { rows: SeriesRow[]; token: string; bucket: SeriesBucket }) {
  const withIncome = rows.filter((r) => r.total > 0n).reverse();
  // In the token's own decimals and symbol, read from its contract (ETH at once).
  const formatAmount = useTokenAmounts(token).format;
  return (
    <div className={styles.scroll}>
      <table className="data-table" data-testid="earnings-series-table">
        <caption className={styles.caption}>Income by {bucket}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">{bucket === "day" ? "Day" : "Week"}</th>
            {EARNING_SOURCES.map((s) => (
              <th scope="col" key={s}>
                {SOURCE_LABELS[s]}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {withIncome.map((row) => (
            <tr key={row.start}>
              <th scope="row">{bucketLabel(row.start, bucket)}</th>
              {EARNING_SOURCES.map((s) => (
                <td key={s}>{row.bySource[s] === 0n ? "—" : formatAmount(row.bySource[s])}</td>
              ))}
              <td>{formatAmount(row.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

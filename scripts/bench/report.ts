// The shape of a result, and the three ways it is reported: an aligned table and a Markdown table on stdout, and JSON.
import { formatMBps, formatMs, formatRatio, round } from "./util.ts";

/** `%`: a share in percent (e.g. a hit rate). */
export type Unit = "ms" | "B/s" | "ev/s" | "%";

/** One side of a comparison: a figure measured in this run (median of its samples unless `statistic` says otherwise). */
export interface Figure {
  label: string;
  value: number;
  unit: Unit;
  statistic: "median" | "max";
  samples: number[];
}

export interface Goal {
  /** What the goal says, for people, e.g. "ratio ≥ 0.95". */
  text: string;
  /** Which number the goal is about. */
  on: "ratio" | "measured";
  op: "≥" | "≤";
  threshold: number;
}

export interface Result {
  id: string;
  name: string;
  baseline: Figure;
  measured: Figure;
  /** How `ratio` is computed, e.g. "baseline / measured". */
  ratioDefinition: string;
  ratio: number;
  /** When `ratio` is the median of per-round ratios: their spread. */
  ratioSpread?: { min: number; q1: number; median: number; q3: number; max: number; rounds: number };
  /** Benchmarks without a goal in the brief are reported for information only. */
  goal?: Goal;
  pass?: boolean;
  /** Median share of the machine's CPU that other processes used while this was measured (0..1). */
  contention?: number;
  notes?: string;
  details?: Record<string, unknown>;
}

export interface Failure {
  id: string;
  name: string;
  error: string;
}

export function judge(result: Omit<Result, "pass">): Result {
  if (!result.goal) return result;
  const value = result.goal.on === "ratio" ? result.ratio : result.measured.value;
  const pass = result.goal.op === "≥" ? value >= result.goal.threshold : value <= result.goal.threshold;
  return { ...result, pass };
}

export const formatFigure = (figure: Figure): string => {
  const value =
    figure.unit === "ms"
      ? formatMs(figure.value)
      : figure.unit === "ev/s"
        ? `${Math.round(figure.value).toLocaleString("en-US")} events/s`
        : figure.unit === "%"
          ? `${figure.value.toFixed(1)} %`
          : formatMBps(figure.value);
  return `${figure.label} ${value}`;
};

interface Row {
  name: string;
  baseline: string;
  measured: string;
  ratio: string;
  goal: string;
  result: string;
}

function rows(results: readonly Result[], failures: readonly Failure[]): Row[] {
  const out: Row[] = results.map((r) => ({
    name: r.name,
    baseline: formatFigure(r.baseline),
    measured: formatFigure(r.measured),
    ratio: `${formatRatio(r.ratio)} (${r.ratioDefinition}${r.ratioSpread ? `, median of ${r.ratioSpread.rounds} paired rounds: ${spreadText(r.ratioSpread)}` : ""})`,
    goal: r.goal?.text ?? "— (info)",
    result: r.pass === undefined ? "info" : r.pass ? "PASS" : "FAIL",
  }));
  for (const f of failures)
    out.push({
      name: f.name,
      baseline: "—",
      measured: "—",
      ratio: "—",
      goal: "—",
      result: `ERROR: ${summarizeError(f.error)}`,
    });
  return out;
}

const spreadText = (s: NonNullable<Result["ratioSpread"]>) =>
  `min–max ${formatRatio(s.min)}–${formatRatio(s.max)}, IQR ${formatRatio(s.q1)}–${formatRatio(s.q3)}`;

/** The first line of an error, plus the first line of the output it quotes that names an error, shortened. */
function summarizeError(error: string): string {
  const lines = error
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const cause = lines.slice(1).find((l) => /error/i.test(l));
  const text = cause ? `${lines[0]} ${cause}` : (lines[0] ?? "unknown error");
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

const HEADER: Row = {
  name: "Benchmark",
  baseline: "Baseline (same run)",
  measured: "Measured",
  ratio: "Ratio",
  goal: "Goal",
  result: "Result",
};
const COLUMNS = Object.keys(HEADER) as (keyof Row)[];

export function textTable(results: readonly Result[], failures: readonly Failure[]): string {
  const all = [HEADER, ...rows(results, failures)];
  const widths = COLUMNS.map((c) => Math.max(...all.map((row) => row[c].length)));
  const line = (row: Row) =>
    COLUMNS.map((c, i) => row[c].padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return [line(HEADER), rule, ...all.slice(1).map(line)].join("\n");
}

export function markdownTable(results: readonly Result[], failures: readonly Failure[]): string {
  const escapeCell = (text: string) => text.replaceAll("|", "\\|").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  const line = (row: Row) => `| ${COLUMNS.map((c) => escapeCell(row[c])).join(" | ")} |`;
  return [line(HEADER), `|${COLUMNS.map(() => "---").join("|")}|`, ...rows(results, failures).map(line)].join("\n");
}

/** JSON-friendly copy: numbers rounded, samples kept. */
export function resultJson(result: Result) {
  const figure = (f: Figure) => ({
    label: f.label,
    value: round(f.value, f.unit === "ms" ? 1 : 0),
    unit: f.unit,
    statistic: f.statistic,
    samples: f.samples.map((s) => round(s, f.unit === "ms" ? 1 : 0)),
  });
  return {
    id: result.id,
    name: result.name,
    baseline: figure(result.baseline),
    measured: figure(result.measured),
    ratio: round(result.ratio, 4),
    ratioDefinition: result.ratioDefinition,
    ...(result.ratioSpread
      ? {
          ratioSpread: Object.fromEntries(
            Object.entries(result.ratioSpread).map(([k, v]) => [k, k === "rounds" ? v : round(v, 4)]),
          ),
        }
      : {}),
    goal: result.goal ?? null,
    pass: result.pass ?? null,
    ...(result.contention === undefined ? {} : { otherProcessesCpuShare: round(result.contention, 3) }),
    ...(result.notes ? { notes: result.notes } : {}),
    ...(result.details ? { details: result.details } : {}),
  };
}

/** A line per result measured while other processes kept the machine busy (its figures are less reliable). */
export function contentionWarnings(results: readonly Result[], threshold = 0.15): string[] {
  return results
    .filter((r) => (r.contention ?? 0) > threshold)
    .map(
      (r) =>
        `⚠ ${r.name}: other processes used ${(r.contention! * 100).toFixed(0)} % of the machine's CPU while it was measured; its figures are noisy.`,
    );
}

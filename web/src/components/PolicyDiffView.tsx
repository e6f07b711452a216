import { diffPolicy, diffSummary } from "@/lib/policy";

/**
 * The line diff between two policy versions: removed lines in red with "−", added in green with "+", each also
 * labelled for screen readers ("Removed:", "Added:"), with old/new line numbers; long unchanged runs are folded.
 */
export function PolicyDiffView({
  before,
  after,
  beforeLabel,
  afterLabel,
  testId = "policy-diff",
}: {
  before: string;
  after: string;
  beforeLabel: string;
  afterLabel: string;
  testId?: string;
}) {
  const diff = diffPolicy(before, after);
  return (
    <figure className="diff" data-testid={testId} data-added={diff.added} data-removed={diff.removed}>
      <figcaption className="diff-head">
        <span>
          {beforeLabel} → {afterLabel}
        </span>
        <span className="diff-summary">
          {diff.added ? <span className="diff-count-added">+{diff.added}</span> : null}
          {diff.removed ? <span className="diff-count-removed">−{diff.removed}</span> : null}
          <span className="visually-hidden">{diffSummary(diff)}</span>
          {diff.same ? <span>No changes</span> : null}
        </span>
      </figcaption>
      {diff.same ? null : (
        <ol className="diff-lines" aria-label={`Changes: ${diffSummary(diff)}`}>
          {diff.lines.map((line, i) =>
            line.kind === "fold" ? (
              <li key={i} className="diff-line" data-kind="fold">
                <span className="diff-num" aria-hidden="true" />
                <span className="diff-num" aria-hidden="true" />
                <span className="diff-mark" aria-hidden="true" />
                <span className="diff-text">
                  ⋯ {line.count} unchanged {line.count === 1 ? "line" : "lines"}
                </span>
              </li>
            ) : (
              <li key={i} className="diff-line" data-kind={line.kind}>
                <span className="diff-num" aria-hidden="true">
                  {line.oldNumber ?? ""}
                </span>
                <span className="diff-num" aria-hidden="true">
                  {line.newNumber ?? ""}
                </span>
                <span className="diff-mark" aria-hidden="true">
                  {line.kind === "added" ? "+" : line.kind === "removed" ? "−" : ""}
                </span>
                <span className="diff-text">
                  <span className="visually-hidden">
                    {line.kind === "added" ? "Added: " : line.kind === "removed" ? "Removed: " : "Unchanged: "}
                  </span>
                  {line.kind === "added" ? (
                    <ins>{line.text || " "}</ins>
                  ) : line.kind === "removed" ? (
                    <del>{line.text || " "}</del>
                  ) : (
                    line.text || " "
                  )}
                </span>
              </li>
            ),
          )}
        </ol>
      )}
    </figure>
  );
}

import { notFound } from "next/navigation";
import { RetryButton } from "./RetryButton";
import { ErrorState } from "./States";

/**
 * A page's "the catalogue didn't answer" state: unreachable (no HTTP status) or answering with an error, what to do
 * about it, the indexer's URL and error for whoever runs it, and a retry. `failedTitle` names what couldn't be loaded
 * when the indexer did answer ("Couldn't load this video").
 */
export function IndexerError({
  failure,
  indexerUrl,
  failedTitle,
  headingLevel = 2,
}: {
  failure: { status: number | null; error: string };
  indexerUrl: string;
  failedTitle: string;
  headingLevel?: 1 | 2;
}) {
  const unreachable = failure.status === null;
  return (
    <ErrorState
      headingLevel={headingLevel}
      title={unreachable ? "Can't reach the catalogue" : failedTitle}
      detail={`${indexerUrl} — ${failure.error}`}
      actions={<RetryButton />}
    >
      <p>
        {unreachable
          ? "The indexer that knows about Chorus videos and channels isn't reachable right now. Try again in a minute; if you run Chorus yourself, check that it's started (npm start)."
          : "The indexer answered with an error. Try again in a minute; if it keeps happening, the indexer's log says why."}
      </p>
    </ErrorState>
  );
}

/**
 * What a detail page (/watch/:id, /channels/:id, /storage/deals/:id) shows when the indexer did not answer its object:
 * Next's not-found page for an id the indexer doesn't know (404) or refuses (400), else the page-wide IndexerError.
 */
export function detailUnavailable(
  failure: { status: number | null; error: string },
  indexerUrl: string,
  failedTitle: string,
) {
  if (failure.status === 404 || failure.status === 400) notFound();
  return (
    <div className="page page-narrow">
      <IndexerError headingLevel={1} failure={failure} indexerUrl={indexerUrl} failedTitle={failedTitle} />
    </div>
  );
}

import Link from "next/link";
import { IndexerError } from "@/components/IndexerError";
import { EmptyState, ErrorState } from "@/components/States";
import { ScopeSwitch } from "@/components/instance/ScopeSwitch";
import { callIndexer } from "@/lib/indexer";
import { type InstanceScope, scopeQuery } from "@/lib/instance";
import { getServerConfig } from "@/lib/server-config";
import { SearchResults } from "./SearchResults";
import styles from "./Search.module.css";

const FILTERS = ["q", "type", "duration", "since", "released", "kept", "cursor"] as const;
type Filter = (typeof FILTERS)[number];

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/**
 * The search results page and, with `tag`, a tag's page: a GET form (so it works without JavaScript and every search
 * has a URL) with the words, what to find and the filters, then one page of results with a link to the next. With an
 * instance's `scope`, video searches look in that scope unless `all=1` (the switch above the results says which).
 */
export async function SearchPage({
  params,
  tag,
  scope = null,
}: {
  params: Record<string, string | string[]>;
  tag?: string;
  scope?: InstanceScope | null;
}) {
  const config = await getServerConfig();
  const value = Object.fromEntries(FILTERS.map((k) => [k, first(params[k])])) as Record<Filter, string>;
  const type = value.type === "channels" || value.type === "creators" ? value.type : "videos";
  const videoFilters = type === "videos";
  const query = Object.fromEntries(
    FILTERS.filter((k) => value[k] !== "" && (videoFilters || ["q", "type", "cursor"].includes(k))).map((k) => [
      k,
      value[k],
    ]),
  );
  const all = first(params.all) === "1";
  const sources = scope && !all && videoFilters ? scopeQuery(scope) : {};
  const result = await callIndexer(config.indexerUrl, "search", {
    query: { ...query, ...(tag ? { tag } : {}), ...sources },
  });
  const here = tag ? `/tags/${encodeURIComponent(tag)}` : "/search";
  const hrefOf = (next: URLSearchParams) => `${here}${next.size ? `?${next}` : ""}`;
  const withCursor = (cursor: string | null) => {
    const next = new URLSearchParams(query);
    if (all) next.set("all", "1");
    if (cursor) next.set("cursor", cursor);
    else next.delete("cursor");
    return hrefOf(next);
  };
  /** The same search (from its first page) in the instance's scope or in all of Chorus. */
  const inScope = (everything: boolean) => {
    const next = new URLSearchParams(query);
    next.delete("cursor");
    if (everything) next.set("all", "1");
    return hrefOf(next);
  };
  /** The same search with other words (a correction), from its first page. */
  const withWords = (q: string) => {
    const next = new URLSearchParams(query);
    next.set("q", q);
    next.delete("cursor");
    if (all) next.set("all", "1");
    return hrefOf(next);
  };
  const filtered = videoFilters && (value.duration || value.since || value.released === "1" || value.kept === "1");

  return (
    <div className="page">
      <div className="page-header">
        <h1>{tag ? `#${tag}` : value.q ? `Results for “${value.q}”` : "Search"}</h1>
        <p>
          {tag
            ? "Videos their creators tagged with this, best match first when you add words, else newest first."
            : "Titles, descriptions, tags, channels and their policies, creators' names and handles."}
        </p>
      </div>

      {scope && videoFilters ? (
        <ScopeSwitch scope={scope} all={all} instanceHref={inScope(false)} allHref={inScope(true)} />
      ) : null}

      <form
        action={here}
        method="get"
        className={styles.filters}
        aria-label="Search and filters"
        data-testid="search-form"
      >
        <div className="field">
          <label htmlFor="search-q">Words</label>
          <input
            id="search-q"
            name="q"
            type="search"
            className="input"
            defaultValue={value.q}
            maxLength={200}
            placeholder={tag ? `Search within #${tag}` : "What are you looking for?"}
            data-testid="search-page-input"
          />
        </div>
        {tag ? null : (
          <div className="field">
            <label htmlFor="search-type">Find</label>
            <select id="search-type" name="type" className="input" defaultValue={type} data-testid="search-type">
              <option value="videos">Videos</option>
              <option value="channels">Channels</option>
              <option value="creators">Creators</option>
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="search-duration">Length (videos)</label>
          <select
            id="search-duration"
            name="duration"
            className="input"
            defaultValue={value.duration}
            data-testid="search-duration"
          >
            <option value="">Any</option>
            <option value="short">Under 4 minutes</option>
            <option value="medium">4–20 minutes</option>
            <option value="long">Over 20 minutes</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="search-since">Published (videos)</label>
          <select id="search-since" name="since" className="input" defaultValue={value.since}>
            <option value="">Any time</option>
            <option value="day">Today</option>
            <option value="week">This week</option>
            <option value="month">This month</option>
            <option value="year">This year</option>
          </select>
        </div>
        <label className={styles.check}>
          <input type="checkbox" name="released" value="1" defaultChecked={value.released === "1"} /> Released by a
          channel
        </label>
        <label className={styles.check}>
          <input type="checkbox" name="kept" value="1" defaultChecked={value.kept === "1"} /> Kept by storage deals
        </label>
        {all ? <input type="hidden" name="all" value="1" /> : null}
        <button type="submit" className="btn btn-primary" data-testid="search-submit">
          Search
        </button>
      </form>

      {!result.ok ? (
        result.status === 400 ? (
          <ErrorState title="This search can't be run" detail={result.error}>
            <p>One of the search's settings isn&apos;t valid (the detail says which). Change it and search again.</p>
          </ErrorState>
        ) : (
          <IndexerError failure={result} indexerUrl={config.indexerUrl} failedTitle="Search isn't answering properly" />
        )
      ) : result.data.items.length === 0 ? (
        <EmptyState
          title={value.cursor ? "No more results" : value.q ? `Nothing matches “${value.q}”` : "Nothing here yet"}
          actions={
            filtered || value.q ? (
              <Link href={tag ? here : `/search${value.q ? `?q=${encodeURIComponent(value.q)}` : ""}`} className="btn">
                {filtered ? "Remove the filters" : "Clear the search"}
              </Link>
            ) : (
              <Link href="/" className="btn">
                Browse the latest videos
              </Link>
            )
          }
        >
          {result.data.didYouMean ? (
            <p className={styles.didYouMean} data-testid="search-did-you-mean">
              Did you mean{" "}
              <Link href={withWords(result.data.didYouMean)} data-testid="search-did-you-mean-link">
                <strong>{result.data.didYouMean}</strong>
              </Link>
              ?
            </p>
          ) : null}
          <p>
            {value.q
              ? "Try fewer or other words, check the spelling, look for channels or creators instead, or remove a filter."
              : tag
                ? "No video has this tag yet. Creators add tags when they publish."
                : "No video matches these filters yet."}
          </p>
        </EmptyState>
      ) : (
        <section aria-label="Results" data-testid="search-results">
          <SearchResults items={result.data.items} gateway={config.gatewayUrl} />
          <nav className={styles.pager} aria-label="Pages of results">
            {value.cursor ? (
              <Link href={withCursor(null)} className="btn">
                First page
              </Link>
            ) : null}
            {result.data.nextCursor ? (
              <Link href={withCursor(result.data.nextCursor)} className="btn" data-testid="search-next">
                Next page
              </Link>
            ) : null}
          </nav>
        </section>
      )}
    </div>
  );
}

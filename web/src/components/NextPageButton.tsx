"use client";

/** What the button needs of a react-query infinite query. */
interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** "Load more" for an infinite list: shown while there is a next page, "Loading…" (disabled) while it is fetched. */
export function NextPageButton({
  pages,
  label = "Load more",
  className = "btn",
  testId,
}: {
  pages: Pages;
  label?: string;
  className?: string;
  testId: string;
}) {
  if (!pages.hasNextPage) return null;
  return (
    <button
      type="button"
      className={className}
      disabled={pages.isFetchingNextPage}
      onClick={() => void pages.fetchNextPage()}
      data-testid={testId}
    >
      {pages.isFetchingNextPage ? "Loading…" : label}
    </button>
  );
}

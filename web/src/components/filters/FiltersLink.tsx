import Link from "next/link";

/** The top bar's link to /filters (an icon below 640 px, like the other sections). */
export function FiltersLink() {
  return (
    <Link href="/filters" className="btn btn-ghost nav-link" data-testid="filters-link" title="Filters">
      <svg
        width={18}
        height={18}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
      >
        <path d="M3 5h18l-7 8v6l-4 2v-8z" />
      </svg>
      <span className="nav-label">Filters</span>
    </Link>
  );
}

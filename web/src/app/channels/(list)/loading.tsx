/** The channel list's skeleton. In the `(list)` route group so that it wraps this page only: a `channels/loading.tsx`
 * would also wrap `channels/[id]`, whose 404 must be decided before anything streams (see watch/[id]/layout.tsx). */
export default function Loading() {
  return (
    <div className="page" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading channels…
      </span>
      <div className="page-header">
        <div className="skeleton skeleton-line" style={{ width: "min(260px, 100%)", height: 28 }} />
      </div>
      <div className="stack">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="skeleton" style={{ height: 88, borderRadius: 12 }} />
        ))}
      </div>
    </div>
  );
}

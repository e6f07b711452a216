/** A deal's skeleton; it wraps the page only, so the layout still answers 404 for an unknown deal. */
export default function Loading() {
  return (
    <div className="page page-narrow stack" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading the deal…
      </span>
      <div className="skeleton skeleton-line" style={{ width: "min(320px, 100%)", height: 28 }} />
      <div className="skeleton" style={{ height: 240, borderRadius: 12 }} />
      <div className="skeleton" style={{ height: 140, borderRadius: 12 }} />
    </div>
  );
}

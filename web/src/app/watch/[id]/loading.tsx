export default function Loading() {
  return (
    <div className="page" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading video…
      </span>
      <div className="watch">
        <div>
          <div className="skeleton" style={{ aspectRatio: "16 / 9", borderRadius: 12 }} />
          <div className="skeleton skeleton-line" style={{ width: "60%", height: 24, margin: "18px 0 14px" }} />
          <div style={{ display: "flex", gap: 12, alignItems: "center" }}>
            <div className="skeleton avatar" />
            <div className="skeleton skeleton-line" style={{ width: 160 }} />
          </div>
          <div className="skeleton" style={{ height: 110, marginTop: 16, borderRadius: 12 }} />
        </div>
        <div className="compact-list">
          {Array.from({ length: 5 }, (_, i) => (
            <div className="compact-card" key={i}>
              <div className="skeleton skeleton-thumb" style={{ borderRadius: 8 }} />
              <div style={{ display: "flex", flexDirection: "column", gap: 8 }}>
                <div className="skeleton skeleton-line" />
                <div className="skeleton skeleton-line" style={{ width: "60%" }} />
              </div>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

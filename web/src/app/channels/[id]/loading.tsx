export default function Loading() {
  return (
    <div className="page" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading channel…
      </span>
      <div className="channel-header">
        <div className="skeleton channel-avatar channel-avatar-lg" />
        <div style={{ display: "flex", flexDirection: "column", gap: 10, flex: 1 }}>
          <div className="skeleton skeleton-line" style={{ width: "min(260px, 100%)", height: 28 }} />
          <div className="skeleton skeleton-line" style={{ width: "60%" }} />
          <div className="skeleton skeleton-line" style={{ width: "40%" }} />
        </div>
      </div>
      <div className="skeleton" style={{ height: 40, borderRadius: 8, marginBottom: 20 }} />
      <div className="skeleton" style={{ height: 260, borderRadius: 12 }} />
    </div>
  );
}

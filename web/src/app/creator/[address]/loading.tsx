import { VideoGridSkeleton } from "@/components/VideoCard";

export default function Loading() {
  return (
    <div className="page" aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading channel…
      </span>
      <div className="channel-header">
        <div className="skeleton avatar avatar-lg" />
        <div style={{ display: "flex", flexDirection: "column", gap: 10 }}>
          <div className="skeleton skeleton-line" style={{ width: 220, height: 26 }} />
          <div className="skeleton skeleton-line" style={{ width: 340 }} />
        </div>
      </div>
      <VideoGridSkeleton count={8} />
    </div>
  );
}

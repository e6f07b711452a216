import { VideoGridSkeleton } from "@/components/VideoCard";

export default function Loading() {
  return (
    <div className="page" aria-busy="true">
      <div className="page-header">
        <div className="skeleton skeleton-line" style={{ width: 200, height: 28 }} />
      </div>
      <span className="visually-hidden" role="status">
        Loading videos…
      </span>
      <VideoGridSkeleton />
    </div>
  );
}

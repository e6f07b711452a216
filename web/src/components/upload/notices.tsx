"use client";
import { channelName } from "@/lib/indexer";
import { useSubmittableChannels, type Destination } from "../PostToPicker";

export function StudioSkeleton() {
  return (
    <div aria-busy="true">
      <span className="visually-hidden" role="status">
        Loading…
      </span>
      <div className="skeleton" style={{ minHeight: 320, borderRadius: 12 }} />
    </div>
  );
}

/** Arrived from a channel's "Submit a video": say where the video will go before a file is chosen. */

export function PreselectedChannel({ destination }: { destination: Extract<Destination, { kind: "channel" }> }) {
  const { all } = useSubmittableChannels();
  const channel = all?.find((c) => c.id === destination.channelId);
  return (
    <p className="notice" data-testid="preselected-channel">
      {all && !channel ? (
        <>There is no community channel #{destination.channelId}; choose where to post once your file is uploading.</>
      ) : (
        <>
          Submitting to <strong>{channel ? channelName(channel) : destination.name}</strong> — you can change this under
          &ldquo;Post to&rdquo; once you&apos;ve chosen a file.
        </>
      )}
    </p>
  );
}

export function WorkerDown({ url }: { url: string }) {
  return (
    <p className="notice notice-warning" role="alert">
      <strong>The transcoding worker isn&apos;t reachable</strong> ({url}). Uploads won&apos;t work until it is running
      — if you run Chorus yourself, start it with <code>npm start</code>.
    </p>
  );
}

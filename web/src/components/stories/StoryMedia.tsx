"use client";
import { useQuery } from "@tanstack/react-query";
import { videoManifestSchema } from "@chorus/protocol";
import { gatewayUrl } from "@/lib/media";
import { cidKind, type Story } from "@/lib/stories";
import { usePublicConfig } from "../ConfigContext";
import { Player } from "../Player";
import styles from "./Stories.module.css";

/**
 * A story's picture or short video. The chain only has a CID (docs/filters-and-stories.md): a raw CID is a picture;
 * a directory is a short video when it holds a `manifest.json` the worker wrote, else a picture too big for one block.
 */
export function StoryMedia({ story }: { story: Story }) {
  const { gatewayUrl: gateway } = usePublicConfig();
  const kind = cidKind(story.cid);
  const manifest = useQuery({
    queryKey: ["story-manifest", story.cid],
    enabled: kind === "image-or-video",
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
    queryFn: async ({ signal }) => {
      const response = await fetch(`${gateway}/ipfs/${story.cid}/manifest.json`, { signal });
      if (!response.ok) return null; // a file, not a directory: a picture
      const parsed = videoManifestSchema.safeParse(await response.json().catch(() => null));
      return parsed.success ? parsed.data : null;
    },
  });

  if (kind === "invalid") return <p className={styles.mediaProblem}>This story&apos;s CID can&apos;t be read.</p>;
  if (kind === "image-or-video" && manifest.isPending) return <div className={styles.media} aria-busy="true" />;
  const video = manifest.data;
  if (video) {
    const src = gatewayUrl(gateway, story.cid, video.master);
    const poster = video.thumbnail ? gatewayUrl(gateway, story.cid, video.thumbnail) : null;
    if (src)
      return (
        <div className={styles.media} data-testid="story-video">
          <Player src={src} poster={poster} title={story.caption || "Story"} renditions={video.renditions} />
        </div>
      );
  }
  return (
    // A plain <img>, as Thumbnail: the gateway URL is known at request time and the file is immutable.
    <img
      src={`${gateway}/ipfs/${story.cid}`}
      alt={story.caption ? `Story: ${story.caption}` : "Story picture"}
      className={styles.media}
      data-testid="story-image"
    />
  );
}

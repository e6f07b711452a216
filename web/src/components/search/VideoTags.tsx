import { parseTags } from "@chorus/protocol";
import Link from "next/link";
import styles from "./Search.module.css";

/** A video's tags as links to their pages (normalised again: a manifest written by hand may not be). */
export function VideoTags({ tags }: { tags: readonly string[] | undefined }) {
  const shown = parseTags(tags ?? []);
  if (!shown.length) return null;
  return (
    <ul className={styles.tags} aria-label="Tags" data-testid="video-tags">
      {shown.map((tag) => (
        <li key={tag}>
          <Link href={`/tags/${encodeURIComponent(tag)}`} className={styles.tag}>
            #{tag}
          </Link>
        </li>
      ))}
    </ul>
  );
}

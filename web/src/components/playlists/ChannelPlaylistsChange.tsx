import type { Proposal } from "@chorus/protocol";
import { describeDiff } from "@/lib/channel-playlists";
import { plural } from "@/lib/format";
import styles from "./playlists.module.css";

type Setting = NonNullable<Proposal["proposedSetting"]>;

/**
 * What a proposal for the channel's playlists would set, readable: what it changes from the list before it (a playlist
 * added, removed or edited — "Edits “Picks”: +2 videos, renamed from “Old”" — or the list reordered), then each
 * playlist's title and size in order (the indexer reads both documents), or that it removes them, or why there is nothing to show — a value that is not
 * a CID, or a document that isn't a channel's playlists, sets no playlists if it passes.
 */
export function ChannelPlaylistsChange({ setting }: { setting: Setting }) {
  const proposed = setting.channelPlaylists;
  if (setting.value === "0x")
    return (
      <p className="change-line" data-testid="playlists-change" data-state="remove">
        Remove the channel&apos;s playlists
      </p>
    );
  if (!proposed?.documentCid || proposed.documentStatus === "invalid")
    return (
      <p className="change-line" data-testid="playlists-change" data-state="invalid">
        {proposed?.documentCid
          ? "A document that isn't a list of playlists"
          : "A value that names no list of playlists"}
        : if it passes, the channel has no playlists
      </p>
    );
  if (!proposed.playlists)
    return (
      <p className="change-line muted" data-testid="playlists-change" data-state="unavailable">
        The proposed playlists can&apos;t be fetched from IPFS right now. Reload in a minute. CID{" "}
        <span className="mono">{proposed.documentCid}</span>
      </p>
    );
  const changes = proposed.changes ? describeDiff(proposed.changes) : [];
  return (
    <div className="change-line" data-testid="playlists-change" data-state="list">
      {changes.length ? (
        <ul data-testid="playlists-changes">
          {changes.map((line, index) => (
            <li key={`${index}-${line}`} className={styles.userText}>
              {line}
            </li>
          ))}
        </ul>
      ) : proposed.changes ? (
        <p className="muted">The same playlists as now.</p>
      ) : null}
      <p>The channel&apos;s playlists become, in this order:</p>
      <ol>
        {proposed.playlists.map((p, index) => (
          <li key={`${index}-${p.title}`} className={styles.userText}>
            <strong>{p.title}</strong> <span className="muted">— {plural(p.videoCount, "video")}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

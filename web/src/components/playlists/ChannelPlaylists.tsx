import { channelPlaylistRef } from "@chorus/protocol";
import Link from "next/link";
import { Thumbnail } from "@/components/Thumbnail";
import { channelListId, channelPlaylistHref } from "@/lib/channel-playlists";
import { plural } from "@/lib/format";
import { callIndexer } from "@/lib/indexer";
import { gatewayUrl } from "@/lib/media";
import { inListHref } from "@/lib/playlists";
import { getServerConfig } from "@/lib/server-config";
import styles from "./playlists.module.css";

/**
 * "Playlists" on a community channel's page: the playlists its members voted (the channel setting
 * Playlists.CHANNEL_PLAYLISTS_KEY), in their order, each with its first video's picture, opening like a published
 * playlist, each linked by its stable id (by position if its document predates ids). None voted, a value that names no document, or a document that isn't a playlists document: a line saying
 * there are none and how members set them — never an error page. A catalogue that doesn't answer: a line saying so.
 */
export async function ChannelPlaylists({ channelId }: { channelId: string }) {
  const config = await getServerConfig();
  const result = await callIndexer(config.indexerUrl, "getChannelPlaylists", { params: { id: channelId } });
  const propose = (
    <Link href={`/channels/${channelId}?tab=proposals&new=playlists`} data-testid="propose-playlists">
      Propose {result.ok && result.data.playlists.length ? "a change" : "some"}
    </Link>
  );
  const heading = (
    <h2 id="channel-playlists-heading" className="section-title">
      Playlists
    </h2>
  );
  if (!result.ok || result.data.playlists.length === 0) {
    const state = !result.ok ? "error" : result.data.documentStatus === "unavailable" ? "unavailable" : "none";
    return (
      <section
        id="playlists"
        aria-labelledby="channel-playlists-heading"
        data-testid="channel-playlists"
        data-state={state}
      >
        {heading}
        <p className="muted">
          {state === "error"
            ? `The catalogue didn't answer, so the channel's playlists can't be shown (${result.ok ? "" : result.error}). Reload in a minute.`
            : state === "unavailable"
              ? "The channel's playlists can't be fetched from IPFS right now. Reload in a minute."
              : "No playlists yet: the members decide the channel's playlists by vote."}{" "}
          {state === "error" ? null : propose}
        </p>
      </section>
    );
  }
  return (
    <section
      id="playlists"
      aria-labelledby="channel-playlists-heading"
      data-testid="channel-playlists"
      data-state="list"
    >
      {heading}
      <ul className={styles.grid}>
        {result.data.playlists.map((p, index) => {
          const first = p.entries[0];
          const thumb =
            first?.manifestCid && first.thumbnail
              ? gatewayUrl(config.gatewayUrl, first.manifestCid, first.thumbnail)
              : null;
          const ref = channelPlaylistRef(p, index);
          const href = channelPlaylistHref(channelId, ref);
          return (
            <li key={ref} className={styles.card} data-testid="channel-playlist">
              <Link href={href} className="thumb" tabIndex={-1} aria-hidden="true">
                <Thumbnail src={thumb} fallback="No thumbnail" />
              </Link>
              <Link href={href} className={styles.userText}>
                {p.title}
              </Link>
              <span className="muted">
                {plural(p.entries.length, "video")}
                {first ? (
                  <>
                    {" · "}
                    <Link href={inListHref(first.videoId, channelListId(channelId, ref))}>Play all</Link>
                  </>
                ) : null}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="muted">
        Voted by proposal #{result.data.proposalId}. {propose}
      </p>
    </section>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { Address } from "@/components/Address";
import { Avatar } from "@/components/Avatar";
import { LiveChat } from "@/components/chat/LiveChat";
import { TipButton } from "@/components/earn/TipButton";
import { detailUnavailable } from "@/components/IndexerError";
import { LiveWatch } from "@/components/live/LiveWatch";
import { TimeAgo } from "@/components/TimeAgo";
import type { Stream } from "@chorus/protocol";
import { callIndexer } from "@/lib/indexer";
import { getServerConfig } from "@/lib/server-config";
import { getStream } from "./data";
import styles from "./live.module.css";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const result = await getStream(id);
  if (!result.ok) return { title: result.status === 404 ? "Stream not found" : "Live stream" };
  return { title: result.data.live ? `🔴 ${result.data.title}` : result.data.title };
}

/**
 * /live/[id]: a live stream, for anyone (no wallet). The picture comes from this server's relay (lib/live-relay.ts,
 * /api/live/[id]/…), which verifies the stream's announcements with the key recorded on chain; title, creator and start
 * come from the indexer. The chat goes beside the player on wide screens, below it on phones; /live/[id]/chat is the same
 * panel alone (a pop-out).
 */
export default async function LivePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const config = await getServerConfig();
  const result = await getStream(id);
  if (!result.ok) return detailUnavailable(result, config.indexerUrl, "Couldn't load this stream");
  const stream = result.data;
  const vod = stream.vod ? await vodLink(config.indexerUrl, stream) : null;

  return (
    <div className="page">
      <div className={`watch ${styles.layout}`}>
        <div>
          <LiveWatch id={stream.id} title={stream.title} endedOnChain={!stream.live} vod={vod} />
          <h1 className="watch-title">{stream.title}</h1>
          <div className="watch-meta">
            <div className="channel">
              <Link href={`/creator/${stream.creator}`} tabIndex={-1} aria-hidden="true">
                <Avatar address={stream.creator} />
              </Link>
              <div className="channel-name">
                <Address address={stream.creator} />
                <small>
                  {stream.live ? (
                    <TimeAgo timestamp={stream.startedAt} prefix="Started " />
                  ) : (
                    <>
                      Streamed <TimeAgo timestamp={stream.startedAt} />
                    </>
                  )}
                  {stream.channelId !== "0" ? (
                    <>
                      {" · in "}
                      <Link href={`/channels/${stream.channelId}`}>channel #{stream.channelId}</Link>
                    </>
                  ) : null}
                  {" · "}
                  <Link href={`/creator/${stream.creator}`}>View channel</Link>
                </small>
              </div>
            </div>
            <TipButton target={{ kind: "stream", id: stream.id }} to="the streamer" />
          </div>
        </div>
        <section aria-label="Chat" className={styles.chat} data-testid="chat-slot">
          <LiveChat stream={stream} />
          <p className={styles.popout}>
            <Link href={`/live/${stream.id}/chat`} target="_blank">
              Pop out the chat
            </Link>
          </p>
        </section>
      </div>
    </div>
  );
}

/** The VOD a stream became: its video page when the creator published the manifest, else the manifest on the gateway. */
async function vodLink(indexerUrl: string, stream: Stream): Promise<{ href: string; label: string }> {
  const videos = await callIndexer(indexerUrl, "listVideos", { query: { creator: stream.creator, limit: 50 } });
  const video = videos.ok ? videos.data.items.find((v) => v.manifestCid === stream.vod) : undefined;
  if (video) return { href: `/watch/${video.id}`, label: "watch the recording" };
  const config = await getServerConfig();
  return {
    href: `${config.gatewayUrl}/ipfs/${stream.vod}/`,
    label: "the recording's files (not published as a video yet)",
  };
}

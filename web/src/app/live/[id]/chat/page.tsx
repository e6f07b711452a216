import type { Metadata } from "next";
import Link from "next/link";
import { LiveChat } from "@/components/chat/LiveChat";
import { detailUnavailable } from "@/components/IndexerError";
import { callIndexer } from "@/lib/indexer";
import { getServerConfig } from "@/lib/server-config";
import styles from "./page.module.css";

/** The pop-out chat of a stream (as Twitch's): the chat panel alone, to keep in its own window beside OBS or a game. */

async function getStream(id: string) {
  const config = await getServerConfig();
  if (!/^[1-9]\d{0,19}$/.test(id))
    return { config, result: { ok: false as const, status: 404, error: "not a stream id" } };
  return { config, result: await callIndexer(config.indexerUrl, "getStream", { params: { id } }) };
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { result } = await getStream((await params).id);
  return { title: result.ok ? `Chat · ${result.data.title}` : "Chat" };
}

export default async function PopOutChat({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { config, result } = await getStream(id);
  if (!result.ok) return detailUnavailable(result, config.indexerUrl, "Couldn't load this stream's chat");
  const stream = result.data;
  return (
    <div className={styles.popout}>
      <p className={styles.heading}>
        <Link href={`/live/${stream.id}`}>{stream.title}</Link>
        {stream.live ? null : <span className={styles.ended}> · ended</span>}
      </p>
      <LiveChat stream={stream} fill />
    </div>
  );
}

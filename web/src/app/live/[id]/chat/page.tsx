import type { Metadata } from "next";
import Link from "next/link";
import { LiveChat } from "@/components/chat/LiveChat";
import { detailUnavailable } from "@/components/IndexerError";
import { getServerConfig } from "@/lib/server-config";
import { getStream } from "../data";
import styles from "./page.module.css";

/**
 * The pop-out chat of a stream (as Twitch's): the chat panel alone, to keep in its own window beside OBS or a game. An
 * unknown stream is a 404 from ../layout.tsx.
 */
export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const result = await getStream((await params).id);
  return { title: result.ok ? `Chat · ${result.data.title}` : "Chat" };
}

export default async function PopOutChat({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const result = await getStream(id);
  if (!result.ok)
    return detailUnavailable(result, (await getServerConfig()).indexerUrl, "Couldn't load this stream's chat");
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

import type { Metadata } from "next";
import { PlaylistPage } from "@/components/playlists/PlaylistPage";

export const metadata: Metadata = { title: "Playlist" };

/** `/playlists/<local id>`: the playlist lives in the browser, so the page is all client-side. */
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PlaylistPage id={id} />;
}

import type { Metadata } from "next";
import { PlaylistsPage } from "@/components/playlists/PlaylistsPage";

export const metadata: Metadata = { title: "Playlists" };

export default function Page() {
  return <PlaylistsPage />;
}

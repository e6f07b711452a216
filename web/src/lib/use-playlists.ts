"use client";
import { useCallback, useMemo } from "react";
import { PLAYLISTS_KEY, parseStoredPlaylists, playlistsDocument, type Playlist } from "./playlists";
import { readStoredText, useStoredText } from "./use-stored-list";

/**
 * This browser's playlists (lib/playlists.ts), shared live by every component and tab, and `update`, which applies a
 * change to what is stored now (not to what this render saw, so two quick changes both land). `ready` is false while
 * server-rendered (localStorage unknown).
 */
export function usePlaylists(): {
  playlists: Playlist[];
  ready: boolean;
  update: (change: (playlists: Playlist[]) => Playlist[]) => void;
} {
  const { text, write } = useStoredText(PLAYLISTS_KEY);
  const playlists = useMemo(() => parseStoredPlaylists(text ?? null), [text]);
  const update = useCallback(
    (change: (playlists: Playlist[]) => Playlist[]) =>
      write(playlistsDocument(change(parseStoredPlaylists(readStoredText(PLAYLISTS_KEY))))),
    [write],
  );
  return { playlists, ready: text !== undefined, update };
}

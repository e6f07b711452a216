"use client";
import Link from "next/link";
import { useRef, useState } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import { EmptyState } from "@/components/States";
import { Thumbnail } from "@/components/Thumbnail";
import { downloadText } from "@/lib/download";
import { plural } from "@/lib/format";
import { gatewayUrl } from "@/lib/media";
import { mergeImport, type Playlist, playlistsDocument, readPlaylistsFile } from "@/lib/playlists";
import { usePlaylists } from "@/lib/use-playlists";
import { MyPublishedPlaylists } from "./MyPublishedPlaylists";
import styles from "./playlists.module.css";

/**
 * `/playlists`: with a wallet connected, the playlists it published (from the indexer); then this browser's playlists
 * (name, count, first picture, whether published), and Export / Import as a file. No wallet needed.
 */
export function PlaylistsPage() {
  const { playlists, ready } = usePlaylists();
  return (
    <div className="page" data-testid="playlists-page" data-ready={ready}>
      <div className="page-header">
        <h1>Playlists</h1>
        <p>
          Your playlists, kept in <em>this browser</em> (no wallet, no account). Save a video to one with{" "}
          <strong>Save</strong> under the player; take them to another browser with Export and Import below.
        </p>
      </div>
      {ready ? <MyPublishedPlaylists local={playlists} /> : null}
      {ready && playlists.length > 0 ? (
        <h2 className="section-title" id="local-playlists-heading">
          In this browser
        </h2>
      ) : null}
      {!ready ? null : playlists.length === 0 ? (
        <EmptyState
          title="No playlists yet"
          actions={
            <Link className="btn btn-primary" href="/">
              Browse videos
            </Link>
          }
        >
          <p>
            Press <strong>Save</strong> under a video to start one, or import a file that Export wrote in another
            browser.
          </p>
        </EmptyState>
      ) : (
        <ul className={styles.grid} data-testid="playlists-list">
          {playlists.map((p) => (
            <PlaylistCard key={p.id} playlist={p} />
          ))}
        </ul>
      )}
      <ExportImport />
    </div>
  );
}

function PlaylistCard({ playlist }: { playlist: Playlist }) {
  const config = usePublicConfig();
  const first = playlist.items[0];
  const thumb =
    first?.manifestCid && first.thumbnail ? gatewayUrl(config.gatewayUrl, first.manifestCid, first.thumbnail) : null;
  const href = `/playlists/${playlist.id}`;
  return (
    <li className={styles.card} data-testid="playlist-card">
      <Link href={href} className="thumb" tabIndex={-1} aria-hidden="true">
        <Thumbnail src={thumb} fallback={first ? "No thumbnail" : "Empty playlist"} />
      </Link>
      <Link href={href}>{playlist.name}</Link>
      <span className="muted">
        {plural(playlist.items.length, "video")}
        {playlist.published ? " · published" : ""}
      </span>
    </li>
  );
}

function ExportImport() {
  const { playlists, ready, update } = usePlaylists();
  const fileRef = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const load = async (file: File) => {
    if (file.size > 5_000_000) {
      setResult({ ok: false, text: `Nothing was imported — ${file.name} is over 5 MB, so it isn't a playlists file.` });
      return;
    }
    const read = readPlaylistsFile(await file.text());
    if (!read.ok) {
      setResult({ ok: false, text: `Nothing was imported — ${file.name} can't be read: ${read.problem}` });
      return;
    }
    let counts = { added: 0, extended: 0 };
    update((mine) => {
      const merged = mergeImport(mine, read.playlists);
      counts = merged;
      return merged.playlists;
    });
    const skipped = read.skipped ? ` ${plural(read.skipped, "malformed entry", "malformed entries")} skipped.` : "";
    setResult({
      ok: true,
      text:
        counts.added + counts.extended === 0
          ? `Imported ${file.name}: you already had everything in it.${skipped}`
          : `Imported ${file.name}: ${plural(counts.added, "playlist")} added, ${plural(counts.extended, "playlist")} given the videos it lacked.${skipped}`,
    });
  };

  return (
    <section className={styles.section} aria-labelledby="playlist-files">
      <h2 id="playlist-files" className="section-title">
        Export and import
      </h2>
      <p className="muted">
        Export writes all your playlists to a file. Importing one adds its playlists to yours; a playlist you already
        have (the same one, exported from here or imported before) gets the videos it lacks, at its end. Nothing is
        removed or renamed.
      </p>
      <div className={styles.row}>
        <button
          type="button"
          className="btn"
          disabled={!ready || playlists.length === 0}
          onClick={() => downloadText("chorus-playlists.json", playlistsDocument(playlists))}
          data-testid="export-playlists"
        >
          Export playlists
        </button>
        <button type="button" className="btn" disabled={!ready} onClick={() => fileRef.current?.click()}>
          Import playlists…
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Playlists file to import"
          data-testid="import-playlists"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void load(file);
            if (fileRef.current) fileRef.current.value = "";
          }}
        />
      </div>
      {result ? (
        <p
          className={result.ok ? "notice notice-success" : "notice notice-error"}
          role="status"
          data-testid="playlists-import-result"
          style={{ marginTop: 12 }}
        >
          {result.text}
        </p>
      ) : null}
    </section>
  );
}

"use client";
import Link from "next/link";
import { useEffect, useId, useRef, useState } from "react";
import { PlusIcon } from "@/components/Icons";
import { checkName, createPlaylist, MAX_NAME, newPlaylistId, type PlaylistItem, setSaved } from "@/lib/playlists";
import { plural } from "@/lib/format";
import { usePlaylists } from "@/lib/use-playlists";
import styles from "./playlists.module.css";

/**
 * The watch page's "Save" button: a dialog (Escape closes it) with a checkbox per playlist — ticking saves the video
 * there, unticking takes it out — and a field to make a new playlist with the video in it. No wallet: the playlists
 * stay in this browser.
 */
export function SaveToPlaylist({ item }: { item: PlaylistItem }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-ghost btn-small"
        aria-haspopup="dialog"
        data-testid="save-to-playlist"
        onClick={() => setOpen(true)}
      >
        <PlusIcon size={16} /> Save
      </button>
      {open ? (
        <SaveDialog
          item={item}
          onClose={() => {
            setOpen(false);
            buttonRef.current?.focus();
          }}
        />
      ) : null}
    </>
  );
}

function SaveDialog({ item, onClose }: { item: PlaylistItem; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const { playlists, ready, update } = usePlaylists();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const create = () => {
    const checked = checkName(name);
    if (!checked.ok) {
      setError(checked.error);
      return;
    }
    update((all) => createPlaylist(all, { id: newPlaylistId(), name: checked.name, createdAt: Date.now() }, item));
    setName("");
    setError(null);
    setStatus(`Saved to the new playlist “${checked.name}”.`);
  };

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      onClose={onClose}
      aria-labelledby={`${id}-title`}
      data-testid="save-dialog"
    >
      <h2 id={`${id}-title`}>Save to a playlist</h2>
      <p className="muted">Your playlists are kept in this browser — no wallet, no account.</p>
      {!ready ? null : playlists.length === 0 ? (
        <p className="muted">You have no playlists yet: name one below and the video goes in it.</p>
      ) : (
        <fieldset className={styles.choices}>
          <legend className="visually-hidden">Playlists to keep “{item.title}” in</legend>
          {playlists.map((p) => {
            const saved = p.items.some((i) => i.videoId === item.videoId);
            return (
              <label key={p.id} className={styles.choice}>
                <input
                  type="checkbox"
                  checked={saved}
                  data-testid="playlist-choice"
                  onChange={(e) => {
                    const on = e.target.checked;
                    update((all) => setSaved(all, p.id, item, on));
                    setStatus(on ? `Saved to “${p.name}”.` : `Taken out of “${p.name}”.`);
                  }}
                />
                <span className={styles.choiceName}>{p.name}</span>
                <span className="muted">{plural(p.items.length, "video")}</span>
              </label>
            );
          })}
        </fieldset>
      )}
      <form
        className={styles.newForm}
        onSubmit={(event) => {
          event.preventDefault();
          create();
        }}
      >
        <label htmlFor={`${id}-name`}>New playlist</label>
        <div className={styles.row}>
          <input
            id={`${id}-name`}
            className="input"
            value={name}
            maxLength={MAX_NAME + 20}
            placeholder="Name"
            data-testid="new-playlist-name"
            aria-invalid={error !== null}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="btn" data-testid="create-playlist">
            Create
          </button>
        </div>
        {error ? (
          <span id={`${id}-error`} className="field-error">
            {error}
          </span>
        ) : null}
      </form>
      <p role="status" className={styles.status} data-testid="save-status">
        {status}
      </p>
      <div className={styles.dialogActions}>
        <Link href="/playlists">Your playlists</Link>
        <button type="button" className="btn" onClick={() => ref.current?.close()} data-testid="save-done">
          Done
        </button>
      </div>
    </dialog>
  );
}

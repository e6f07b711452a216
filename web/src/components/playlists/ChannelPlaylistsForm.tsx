"use client";
import { type ChannelPlaylist, diffChannelPlaylists, type PlaylistEntry } from "@chorus/protocol";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import { SubmitButton, useProposal } from "@/components/NewProposal";
import {
  addPlaylist,
  describeDiff,
  describePlaylists,
  draftProblem,
  editPlaylist,
  fromBrowserPlaylist,
  moveItem,
  removeItem,
  sameList,
  withIds,
} from "@/lib/channel-playlists";
import { plural } from "@/lib/format";
import { callIndexer, type Channel } from "@/lib/indexer";
import { addToIpfs } from "@/lib/ipfs-client";
import { useHydrated } from "@/lib/use-hydrated";
import { usePlaylists } from "@/lib/use-playlists";
import styles from "./ChannelPlaylistsForm.module.css";
import { ChannelVideoPicker } from "./ChannelVideoPicker";

type Source = "mine" | "channel";

const summary = (list: readonly ChannelPlaylist[]) =>
  describePlaylists(list.map((p) => ({ title: p.title, videoCount: p.entries.length })));

/**
 * "Set the channel's playlists": the whole list the vote would set, starting from the list in force — add a playlist
 * from one of this browser's own playlists or from videos the channel released, edit one in place (title, description,
 * its videos and their order), reorder, remove — then one proposal (the list's document stored on IPFS through this
 * app's server, its CID proposed as the channel's setting). Every playlist carries a stable id (one from a document
 * that predates ids gets one here), so the links to it outlive the vote. An empty list proposes removing them.
 */
export function ChannelPlaylistsForm({ channel, onChanged }: { channel: Channel; onChanged: () => void }) {
  const id = useId();
  const hydrated = useHydrated();
  const config = usePublicConfig();
  const { submit, working, done, status } = useProposal(channel, onChanged);
  const current = useQuery({
    queryKey: ["channel-playlists", channel.id],
    queryFn: async ({ signal }) => {
      const result = await callIndexer(
        config.indexerUrl,
        "getChannelPlaylists",
        { params: { id: channel.id } },
        signal,
      );
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
  });
  const [edited, setEdited] = useState<ChannelPlaylist[] | null>(null);
  /** The id of the playlist open in the editor. */
  const [editing, setEditing] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const now = useMemo(() => current.data?.playlists ?? [], [current.data]);
  const base = useMemo(() => withIds(now), [now]);
  const draft = edited ?? base;
  const changes = describeDiff(diffChannelPlaylists(now, draft));
  const disabled = !hydrated || working || done || current.isPending;
  const open = draft.find((p) => p.id === editing);
  /** Closes the editor and gives the focus back to the playlist's Edit button (keyboard users keep their place). */
  const closeEditor = (playlistId: string) => {
    setEditing(null);
    requestAnimationFrame(() =>
      document.querySelector<HTMLButtonElement>(`[data-edit-id="${CSS.escape(playlistId)}"]`)?.focus(),
    );
  };

  const problem = current.isError
    ? `The channel's playlists now couldn't be read, so the list can't start from them: ${current.error.message} Reload in a minute.`
    : open
      ? `Finish editing “${open.title}” first: Done keeps your changes, Cancel drops them.`
      : sameList(draft, base)
        ? now.length
          ? "This is the list the channel has now. Add, edit, move or remove a playlist first."
          : "Add a playlist first."
        : draftProblem(draft);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (problem || current.isPending) return;
    const playlists = draft;
    void submit(async () => ({
      kind: "channel-playlists",
      documentCid: playlists.length ? await addToIpfs({ kind: "channel-playlists", playlists }) : null,
    }));
  };

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label="Set the channel's playlists">
      <p className="publish-explain" data-testid="playlists-now">
        Now:{" "}
        {current.isPending ? "reading the channel's playlists…" : now.length ? `${summary(now)}.` : "no playlists."} A
        vote replaces the whole list with the one below, in its order; an empty list removes them. Links to a playlist
        keep working when it is edited or moved.
      </p>
      <section aria-labelledby={`${id}-draft`} className="stack" style={{ gap: 8 }}>
        <h3 id={`${id}-draft`}>The list to propose</h3>
        {draft.length === 0 ? (
          <p className="muted" data-testid="draft-empty">
            Empty{now.length ? ": proposing it removes the channel's playlists." : ". Add a playlist below."}
          </p>
        ) : (
          <ol className={styles.draft} data-testid="draft-playlists">
            {draft.map((p, index) =>
              p.id !== undefined && p.id === editing ? (
                <li key={p.id} className={styles.draftItem} data-testid="draft-playlist" data-editing="true">
                  <PlaylistEditor
                    channelId={channel.id}
                    playlist={p}
                    disabled={disabled}
                    onDone={(changed) => {
                      const result = editPlaylist(draft, index, changed);
                      if (!result.ok) return result.error;
                      setEdited(result.draft);
                      closeEditor(p.id!);
                      return null;
                    }}
                    onCancel={() => closeEditor(p.id!)}
                  />
                </li>
              ) : (
                <li key={p.id ?? index} className={styles.draftItem} data-testid="draft-playlist">
                  <span className={styles.draftTitle}>
                    <strong>{p.title}</strong>{" "}
                    <span className={`muted ${styles.draftCount}`}>{plural(p.entries.length, "video")}</span>
                  </span>
                  <span className={styles.draftActions}>
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={disabled || index === 0}
                      onClick={() => setEdited(moveItem(draft, index, -1))}
                      aria-label={`Move “${p.title}” up`}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={disabled || index === draft.length - 1}
                      onClick={() => setEdited(moveItem(draft, index, 1))}
                      aria-label={`Move “${p.title}” down`}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="btn btn-small"
                      disabled={disabled || editing !== null}
                      onClick={() => setEditing(p.id ?? null)}
                      aria-label={`Edit “${p.title}”`}
                      data-testid="draft-edit"
                      data-edit-id={p.id}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="btn btn-small btn-ghost"
                      disabled={disabled}
                      onClick={() => setEdited(removeItem(draft, index))}
                      aria-label={`Remove “${p.title}”`}
                      data-testid="draft-remove"
                    >
                      Remove
                    </button>
                  </span>
                </li>
              ),
            )}
          </ol>
        )}
        {changes.length && !current.isPending ? (
          <div data-testid="draft-changes">
            <p className="muted">What the vote changes:</p>
            <ul>
              {changes.map((line, index) => (
                <li key={`${index}-${line}`} className={styles.draftTitle}>
                  {line}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      <AddPlaylist
        channelId={channel.id}
        disabled={disabled}
        onAdd={(playlist) => {
          const added = addPlaylist(draft, playlist);
          if (added.ok) setEdited(added.draft);
          return added.ok ? null : added.error;
        }}
      />
      {showErrors && problem ? (
        <p className="field-error" role="alert" data-testid="playlists-problem">
          {problem}
        </p>
      ) : null}
      <div className="tx-actions">
        <SubmitButton
          working={working}
          done={done}
          label={draft.length === 0 && now.length ? "Propose removing the playlists" : "Propose these playlists"}
        />
      </div>
      {status}
    </form>
  );
}

/**
 * One playlist of the draft, open for editing: its title, description and videos — reordered, removed, or added from
 * the channel's — applied to the draft by Done (its id kept), dropped by Cancel. The title takes the focus on opening.
 */
function PlaylistEditor({
  channelId,
  playlist,
  disabled,
  onDone,
  onCancel,
}: {
  channelId: string;
  playlist: ChannelPlaylist;
  disabled: boolean;
  /** Answers why the change can't be made, or null. */
  onDone: (edited: Omit<ChannelPlaylist, "id">) => string | null;
  onCancel: () => void;
}) {
  const id = useId();
  const titleRef = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState(playlist.title);
  const [description, setDescription] = useState(playlist.description);
  const [entries, setEntries] = useState<PlaylistEntry[]>(playlist.entries);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => titleRef.current?.focus(), []);

  return (
    <fieldset className={styles.add} disabled={disabled} data-testid="playlist-editor">
      <legend>Edit “{playlist.title}”</legend>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          ref={titleRef}
          className="input"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          autoComplete="off"
          data-testid="edit-title"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <textarea
          id={`${id}-description`}
          className="textarea"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          data-testid="edit-description"
        />
      </div>
      <section aria-labelledby={`${id}-videos`} className="stack" style={{ gap: 6 }}>
        <h4 id={`${id}-videos`}>Its videos, in playing order</h4>
        {entries.length === 0 ? (
          <p className="muted">No videos: add some from the channel&apos;s, or remove the playlist instead.</p>
        ) : (
          <ol className={styles.draft} data-testid="edit-videos">
            {entries.map((e, index) => (
              <li key={e.videoId} className={styles.draftItem} data-testid="edit-video">
                <span className={styles.draftTitle}>{e.title}</span>
                <span className={styles.draftActions}>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={index === 0}
                    onClick={() => setEntries(moveItem(entries, index, -1))}
                    aria-label={`Move video “${e.title}” up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={index === entries.length - 1}
                    onClick={() => setEntries(moveItem(entries, index, 1))}
                    aria-label={`Move video “${e.title}” down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    onClick={() => setEntries(removeItem(entries, index))}
                    aria-label={`Take video “${e.title}” out`}
                    data-testid="edit-video-remove"
                  >
                    Take out
                  </button>
                </span>
              </li>
            ))}
          </ol>
        )}
        {adding ? (
          <ChannelVideoPicker channelId={channelId} chosen={entries} onChange={setEntries} />
        ) : (
          <div>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => setAdding(true)}
              data-testid="edit-add-videos"
            >
              Add the channel&apos;s videos…
            </button>
          </div>
        )}
      </section>
      <div className="tx-actions">
        <button
          type="button"
          className="btn"
          onClick={() => setError(onDone({ title, description, entries }))}
          data-testid="edit-done"
        >
          Done
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel} data-testid="edit-cancel">
          Cancel
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert" data-testid="edit-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Adds one playlist to the draft: a copy of one of this browser's playlists, or some of the channel's videos. */
function AddPlaylist({
  channelId,
  disabled,
  onAdd,
}: {
  channelId: string;
  disabled: boolean;
  /** Answers why it couldn't be added, or null. */
  onAdd: (playlist: ChannelPlaylist) => string | null;
}) {
  const id = useId();
  const [source, setSource] = useState<Source>("mine");
  const [chosen, setChosen] = useState("");
  const [title, setTitle] = useState("");
  const [picked, setPicked] = useState<PlaylistEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const mine = usePlaylists();

  const add = () => {
    let playlist: ChannelPlaylist;
    if (source === "mine") {
      const from = mine.playlists.find((p) => p.id === chosen);
      if (!from) {
        setError("Choose one of your playlists.");
        return;
      }
      playlist = fromBrowserPlaylist(from);
    } else {
      playlist = { title, description: "", entries: picked };
    }
    const problem = onAdd(playlist);
    setError(problem);
    if (!problem) {
      setChosen("");
      setTitle("");
      setPicked([]);
    }
  };

  return (
    <fieldset className={styles.add} disabled={disabled} data-testid="add-playlist">
      <legend>Add a playlist</legend>
      <div className="segmented" role="group" aria-label="Where its videos come from">
        <button
          type="button"
          aria-pressed={source === "mine"}
          onClick={() => setSource("mine")}
          data-testid="add-source-mine"
        >
          One of your playlists
        </button>
        <button
          type="button"
          aria-pressed={source === "channel"}
          onClick={() => setSource("channel")}
          data-testid="add-source-channel"
        >
          The channel&apos;s videos
        </button>
      </div>
      {source === "mine" ? (
        !mine.ready ? null : mine.playlists.length === 0 ? (
          <p className="muted">
            This browser has no playlists of yours. Save videos to one (the <em>Save</em> button under a video) or on{" "}
            <Link href="/playlists">your Playlists page</Link>, or pick from the channel&apos;s videos.
          </p>
        ) : (
          <div className="field">
            <label htmlFor={`${id}-mine`}>Your playlist (this browser&apos;s)</label>
            <select
              id={`${id}-mine`}
              className="input"
              value={chosen}
              onChange={(e) => setChosen(e.target.value)}
              data-testid="add-from-mine"
            >
              <option value="">Choose a playlist…</option>
              {mine.playlists.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} ({plural(p.items.length, "video")})
                </option>
              ))}
            </select>
            <span className="field-hint">Its name and videos, in its order, as they are now.</span>
          </div>
        )
      ) : (
        <>
          <div className="field">
            <label htmlFor={`${id}-title`}>Title</label>
            <input
              id={`${id}-title`}
              className="input"
              value={title}
              onChange={(e) => setTitle(e.target.value)}
              autoComplete="off"
              data-testid="new-playlist-title"
            />
          </div>
          <ChannelVideoPicker channelId={channelId} chosen={picked} onChange={setPicked} />
        </>
      )}
      <div className="tx-actions">
        <button type="button" className="btn" onClick={add} data-testid="add-playlist-submit">
          Add to the list
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert" data-testid="add-playlist-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

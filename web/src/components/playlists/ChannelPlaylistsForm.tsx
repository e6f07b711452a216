"use client";
import type { ChannelPlaylist } from "@chorus/protocol";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, useId, useState } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import { SubmitButton, useProposal } from "@/components/NewProposal";
import {
  addPlaylist,
  describePlaylists,
  draftProblem,
  entryOf,
  fromBrowserPlaylist,
  movePlaylist,
  removePlaylist,
  sameList,
} from "@/lib/channel-playlists";
import { plural } from "@/lib/format";
import { callIndexer, type Channel } from "@/lib/indexer";
import { addToIpfs } from "@/lib/ipfs-client";
import { useHydrated } from "@/lib/use-hydrated";
import { usePlaylists } from "@/lib/use-playlists";
import styles from "./ChannelPlaylistsForm.module.css";

type Source = "mine" | "channel";

const summary = (list: readonly ChannelPlaylist[]) =>
  describePlaylists(list.map((p) => ({ title: p.title, videoCount: p.entries.length })));

/**
 * "Set the channel's playlists": the whole list the vote would set, starting from the list in force — add a playlist
 * from one of this browser's own playlists or from videos the channel released, reorder, remove — then one proposal
 * (the list's document stored on IPFS through this app's server, its CID proposed as the channel's setting). An empty
 * list proposes removing them.
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
  const [showErrors, setShowErrors] = useState(false);
  const now = current.data?.playlists ?? [];
  const draft = edited ?? now;
  const disabled = !hydrated || working || done || current.isPending;

  const problem = current.isError
    ? `The channel's playlists now couldn't be read, so the list can't start from them: ${current.error.message} Reload in a minute.`
    : sameList(draft, now)
      ? now.length
        ? "This is the list the channel has now. Add, move or remove a playlist first."
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
        vote replaces the whole list with the one below, in its order; an empty list removes them.
      </p>
      <section aria-labelledby={`${id}-draft`} className="stack" style={{ gap: 8 }}>
        <h3 id={`${id}-draft`}>The list to propose</h3>
        {draft.length === 0 ? (
          <p className="muted" data-testid="draft-empty">
            Empty{now.length ? ": proposing it removes the channel's playlists." : ". Add a playlist below."}
          </p>
        ) : (
          <ol className={styles.draft} data-testid="draft-playlists">
            {draft.map((p, index) => (
              <li key={`${index}-${p.title}`} className={styles.draftItem} data-testid="draft-playlist">
                <span className={styles.draftTitle}>
                  <strong>{p.title}</strong>{" "}
                  <span className={`muted ${styles.draftCount}`}>{plural(p.entries.length, "video")}</span>
                </span>
                <span className={styles.draftActions}>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={disabled || index === 0}
                    onClick={() => setEdited(movePlaylist(draft, index, -1))}
                    aria-label={`Move “${p.title}” up`}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={disabled || index === draft.length - 1}
                    onClick={() => setEdited(movePlaylist(draft, index, 1))}
                    aria-label={`Move “${p.title}” down`}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    disabled={disabled}
                    onClick={() => setEdited(removePlaylist(draft, index))}
                    aria-label={`Remove “${p.title}”`}
                    data-testid="draft-remove"
                  >
                    Remove
                  </button>
                </span>
              </li>
            ))}
          </ol>
        )}
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
  const config = usePublicConfig();
  const [source, setSource] = useState<Source>("mine");
  const [chosen, setChosen] = useState("");
  const [title, setTitle] = useState("");
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const mine = usePlaylists();
  const videos = useQuery({
    queryKey: ["channel-videos-for-playlists", channelId],
    enabled: source === "channel",
    queryFn: async ({ signal }) => {
      const result = await callIndexer(
        config.indexerUrl,
        "listVideos",
        { query: { channel: channelId, limit: 100 } },
        signal,
      );
      if (!result.ok) throw new Error(result.error);
      return result.data.items;
    },
  });

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
      const all = videos.data ?? [];
      playlist = {
        title,
        description: "",
        entries: picked.flatMap((videoId) => all.filter((v) => v.id === videoId)).map(entryOf),
      };
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
          {videos.isPending ? (
            <p className="muted">Loading the channel&apos;s videos…</p>
          ) : videos.isError ? (
            <p className="field-error">
              The channel&apos;s videos couldn&apos;t be loaded: {videos.error.message} Try again in a minute.
            </p>
          ) : videos.data.length === 0 ? (
            <p className="muted">The channel hasn&apos;t released a video yet.</p>
          ) : (
            <fieldset className={styles.videos}>
              <legend>Its videos, in the order you tick them</legend>
              {videos.data.map((v) => {
                const entry = entryOf(v);
                const at = picked.indexOf(v.id);
                return (
                  <label key={v.id} className={styles.video}>
                    <input
                      type="checkbox"
                      checked={at >= 0}
                      onChange={(e) =>
                        setPicked(e.target.checked ? [...picked, v.id] : picked.filter((x) => x !== v.id))
                      }
                      data-testid="channel-video-choice"
                    />
                    <span className={styles.videoTitle}>{entry.title}</span>
                    {at >= 0 ? <span className="muted">#{at + 1}</span> : null}
                  </label>
                );
              })}
            </fieldset>
          )}
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

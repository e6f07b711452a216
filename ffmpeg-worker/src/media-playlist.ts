/** The parts of an HLS media (variant) playlist the worker checks after ffmpeg has written it. */
export interface MediaPlaylist {
  targetDurationSeconds: number | undefined;
  /** #EXT-X-ENDLIST present: ffmpeg finished the playlist. */
  ended: boolean;
  segments: { uri: string; durationSeconds: number }[];
}

export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines[0] !== "#EXTM3U") throw new SyntaxError("Not an HLS playlist (no #EXTM3U header)");
  const playlist: MediaPlaylist = { targetDurationSeconds: undefined, ended: false, segments: [] };
  let pendingDuration: number | undefined;
  for (const line of lines.slice(1)) {
    if (line.startsWith("#EXT-X-TARGETDURATION:"))
      playlist.targetDurationSeconds = Number(line.slice("#EXT-X-TARGETDURATION:".length));
    else if (line === "#EXT-X-ENDLIST") playlist.ended = true;
    else if (line.startsWith("#EXTINF:")) pendingDuration = Number.parseFloat(line.slice("#EXTINF:".length));
    else if (line && !line.startsWith("#")) {
      if (pendingDuration === undefined || !Number.isFinite(pendingDuration))
        throw new SyntaxError(`Segment ${line} has no #EXTINF`);
      playlist.segments.push({ uri: line, durationSeconds: pendingDuration });
      pendingDuration = undefined;
    }
  }
  return playlist;
}

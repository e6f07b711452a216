"use client";
import { useCallback, useMemo } from "react";
import { addToHistory, type Candidate, HISTORY_KEY, parseHistory, type Watched, watchedOf } from "./recommend";
import { readStoredText, useStoredText } from "./use-stored-list";

/** This browser's watch history (lib/recommend.ts): read, add a watch, clear. Never leaves the browser. */
export function useWatchHistory(): {
  history: Watched[];
  ready: boolean;
  record: (candidate: Candidate) => void;
  clear: () => void;
} {
  const { text, write } = useStoredText(HISTORY_KEY);
  const history = useMemo(() => parseHistory(text ?? null), [text]);
  const record = useCallback(
    (candidate: Candidate) =>
      write(JSON.stringify(addToHistory(parseHistory(readStoredText(HISTORY_KEY)), watchedOf(candidate, Date.now())))),
    [write],
  );
  const clear = useCallback(() => write(null), [write]);
  return { history, ready: text !== undefined, record, clear };
}

"use client";
import { useEffect, useState, type RefObject } from "react";
import { SPEEDS, speedLabel } from "@/lib/player";
import { SettingsIcon } from "../Icons";
import type { Engine, Level } from "./useHlsEngine";

export type Menu = "quality" | "speed" | null;

/** Which of the player's menus is open; they close on Escape (focus back on their button) and on clicks elsewhere. */
export function useMenu(wrapperRef: RefObject<HTMLDivElement | null>) {
  const [menu, setMenu] = useState<Menu>(null);
  useEffect(() => {
    if (!menu) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setMenu(null);
        wrapperRef.current?.querySelector<HTMLButtonElement>(`[data-menu-button="${menu}"]`)?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (!(event.target as HTMLElement).closest?.(".player-menu-wrap")) setMenu(null);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    wrapperRef.current?.querySelector<HTMLButtonElement>('.player-menu button[aria-checked="true"]')?.focus();
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [menu, wrapperRef]);
  const toggle = (which: Exclude<Menu, null>) => setMenu((m) => (m === which ? null : which));
  return { menu, setMenu, toggle };
}

export function SpeedMenu({
  open,
  rate,
  onToggle,
  onChoose,
}: {
  open: boolean;
  rate: number;
  onToggle: () => void;
  onChoose: (rate: number) => void;
}) {
  return (
    <div className="player-menu-wrap ctrl-speed">
      <button
        type="button"
        className="ctrl"
        data-menu-button="speed"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={onToggle}
        aria-label={`Playback speed: ${speedLabel(rate)}`}
        title="Playback speed"
      >
        {rate === 1 ? "1×" : `${rate}×`}
      </button>
      {open ? (
        <div className="player-menu" role="menu" aria-label="Playback speed">
          <div className="player-menu-title">Speed</div>
          {SPEEDS.map((s) => (
            <button key={s} type="button" role="menuitemradio" aria-checked={rate === s} onClick={() => onChoose(s)}>
              {speedLabel(s)}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** Auto (naming the rung it plays) and each rung with its bitrate. */
export function QualityMenu({
  open,
  engine,
  levels,
  playingLevel,
  selectedLevel,
  onToggle,
  onChoose,
}: {
  open: boolean;
  engine: Engine | null;
  levels: Level[];
  playingLevel: number;
  selectedLevel: number;
  onToggle: () => void;
  onChoose: (index: number) => void;
}) {
  const autoQuality = selectedLevel === -1;
  const playingLabel = levels.find((l) => l.index === playingLevel)?.label;
  const selectedLabel = levels.find((l) => l.index === selectedLevel)?.label;
  const qualityLabel = autoQuality ? `Auto${playingLabel ? ` (${playingLabel})` : ""}` : (selectedLabel ?? "…");
  return (
    <div className="player-menu-wrap">
      <button
        type="button"
        className="ctrl"
        data-menu-button="quality"
        data-testid="quality-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={onToggle}
        aria-label={`Quality: ${qualityLabel}`}
        title="Quality"
      >
        <SettingsIcon size={18} />
        <span>{qualityLabel}</span>
      </button>
      {open ? (
        <div className="player-menu" role="menu" aria-label="Quality" data-testid="quality-menu">
          <div className="player-menu-title">Quality</div>
          <button type="button" role="menuitemradio" aria-checked={autoQuality} onClick={() => onChoose(-1)}>
            <span>Auto</span>
            {/* The quality button's label already says which rung Auto is playing. */}
            {autoQuality && playingLabel ? <small aria-hidden="true">{playingLabel}</small> : null}
          </button>
          {levels.map((level) => (
            <button
              key={level.index}
              type="button"
              role="menuitemradio"
              aria-checked={selectedLevel === level.index}
              onClick={() => onChoose(level.index)}
            >
              <span>{level.label}</span>
              <small>{Math.round(level.bitrate / 1000)} kbps</small>
            </button>
          ))}
          {engine === "native" ? <div className="player-menu-title">Your browser picks the quality</div> : null}
        </div>
      ) : null}
    </div>
  );
}

"use client";
import { useEffect, useRef, useState } from "react";
import { FilmIcon } from "./Icons";

/** A video's thumbnail from the gateway, with a placeholder that explains itself when there is none or it won't load. */
export function Thumbnail({ src, fallback }: { src: string | null; fallback: string }) {
  const [failed, setFailed] = useState(false);
  const imgRef = useRef<HTMLImageElement>(null);
  // An image that failed before hydration fired its error event before React listened: check once mounted.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `src` is the trigger: a new image is checked again.
  useEffect(() => {
    const img = imgRef.current;
    if (img?.complete && img.naturalWidth === 0) setFailed(true);
  }, [src]);
  if (!src || failed) {
    return (
      <span className="thumb-placeholder">
        <FilmIcon size={28} />
        <span>{src ? "Thumbnail unavailable from IPFS right now" : fallback}</span>
      </span>
    );
  }
  // A plain <img>: the gateway URL is only known at request time, and the file is already an immutable IPFS object.
  return <img ref={imgRef} src={src} alt="" loading="lazy" decoding="async" onError={() => setFailed(true)} />;
}

"use client";
import { useRef, useState, type DragEvent } from "react";
import { UploadIcon } from "../Icons";

export function Dropzone({ onFile, error }: { onFile: (file: File) => void; error: string | null }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    depth.current = 0;
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for the mouse; keyboard and screen-reader users have the "Choose a video file" button inside it.
    <div
      className="dropzone"
      data-dragging={dragging}
      onDragEnter={(e) => {
        e.preventDefault();
        depth.current++;
        setDragging(true);
      }}
      onDragOver={(e) => e.preventDefault()}
      onDragLeave={() => {
        depth.current--;
        if (depth.current <= 0) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <div className="dropzone-icon">
        <UploadIcon size={32} />
      </div>
      <h2>{dragging ? "Drop it to start uploading" : "Drag and drop a video file here"}</h2>
      <p>
        MP4, MOV, MKV, WebM… It starts uploading right away — you can write the details and connect a wallet while it
        processes.
      </p>
      <button type="button" className="btn btn-primary btn-large" onClick={() => inputRef.current?.click()}>
        Choose a video file
      </button>
      <input
        ref={inputRef}
        type="file"
        accept="video/*,.mkv,.mov,.mp4,.webm,.m4v,.avi"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Video file"
        data-testid="upload-file"
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          e.target.value = "";
          if (chosen) onFile(chosen);
        }}
      />
      {error ? (
        <p className="notice notice-error" role="alert" style={{ margin: 0 }}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

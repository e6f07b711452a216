"use client";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { usePublicConfig } from "@/components/ConfigContext";
import { type CameraMedia, type LiveSession, sendCameraPart } from "@/lib/live-worker";
import styles from "./GoLive.module.css";

/**
 * The browser camera and microphone as the stream's encoder: a preview, device pickers, a level meter, and Start /
 * Stop. While started, a MediaRecorder cuts WebM (VP8 or H.264, with Opus) every 250 ms and the parts go to the
 * worker one at a time (`POST /live/:id/ingest`, lib/live-worker.ts), which transcodes them like an RTMP encoder's.
 */

const TIMESLICE_MS = 250;
/** What Chromium and Firefox record; the worker's ffmpeg decodes each. The first one supported is used. */
const MIME_TYPES = ["video/webm;codecs=vp8,opus", "video/webm;codecs=h264,opus", "video/webm;codecs=vp8", "video/webm"];

type Phase = "off" | "previewing" | "streaming" | "stopping";

export function CameraPanel({
  session,
  onStreamingChange,
  stopRef,
}: {
  session: LiveSession;
  onStreamingChange?: (streaming: boolean) => void;
  /** The studio calls it before ending the stream, so the recorder's last part is sent first. */
  stopRef?: React.RefObject<(() => Promise<void>) | null>;
}) {
  const config = usePublicConfig();
  const ids = useId();
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const recorderRef = useRef<MediaRecorder | null>(null);
  const stoppedRef = useRef<Promise<void> | null>(null);
  const [phase, setPhase] = useState<Phase>("off");
  const [error, setError] = useState<string | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [cameraId, setCameraId] = useState("");
  const [micId, setMicId] = useState("");
  const [level, setLevel] = useState(0);
  const [sent, setSent] = useState(0);
  const [picture, setPicture] = useState<CameraMedia | null>(null);

  const closeMedia = useCallback(() => {
    for (const track of streamRef.current?.getTracks() ?? []) track.stop();
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
  }, []);

  /** Opens the chosen camera and microphone for the preview (asks for permission the first time). */
  const open = useCallback(async () => {
    setError(null);
    if (!navigator.mediaDevices?.getUserMedia) {
      setError(
        "This browser can't share a camera here (it needs https or localhost). Open Chorus on localhost, or use OBS.",
      );
      return;
    }
    closeMedia();
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        video: {
          ...(cameraId ? { deviceId: { exact: cameraId } } : {}),
          width: { ideal: 1280 },
          height: { ideal: 720 },
          frameRate: { ideal: 30 },
        },
        audio: micId ? { deviceId: { exact: micId } } : true,
      });
      streamRef.current = stream;
      if (videoRef.current) videoRef.current.srcObject = stream;
      const settings = stream.getVideoTracks()[0]?.getSettings() ?? {};
      setPicture({
        width: settings.width ?? 640,
        height: settings.height ?? 480,
        frameRate: settings.frameRate ?? 30,
        audio: stream.getAudioTracks().length > 0,
      });
      setDevices(await navigator.mediaDevices.enumerateDevices());
      setPhase("previewing");
    } catch (e) {
      const name = e instanceof DOMException ? e.name : "";
      setError(
        name === "NotAllowedError"
          ? "The browser wasn't allowed to use the camera or microphone. Allow them for this site (the icon in the address bar), then try again."
          : name === "NotFoundError" || name === "OverconstrainedError"
            ? "No camera or microphone was found (or the chosen one is gone). Plug one in or pick another, then try again."
            : name === "NotReadableError"
              ? "The camera or microphone is in use by another program. Close it there, then try again."
              : `The camera couldn't be opened (${e instanceof Error ? e.message : String(e)}). Try again, or use OBS.`,
      );
    }
  }, [cameraId, micId, closeMedia]);

  // The level meter: the microphone's loudness, from an analyser, while the preview is open.
  useEffect(() => {
    const stream = streamRef.current;
    if (phase === "off" || !stream || stream.getAudioTracks().length === 0) return;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    context.createMediaStreamSource(stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      // RMS on a rough dB scale: −60 dB and quieter reads 0, full scale reads 1.
      const db = 20 * Math.log10(Math.sqrt(sum / samples.length) || 1e-6);
      setLevel(Math.max(0, Math.min(1, (db + 60) / 60)));
      frame = requestAnimationFrame(tick);
    };
    tick();
    return () => {
      cancelAnimationFrame(frame);
      void context.close();
    };
  }, [phase]);

  useEffect(
    () => () => {
      if (recorderRef.current && recorderRef.current.state !== "inactive") recorderRef.current.stop();
      closeMedia();
    },
    [closeMedia],
  );

  const start = () => {
    const stream = streamRef.current;
    if (!stream || !picture) return;
    const mimeType = MIME_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
    if (!mimeType) {
      setError("This browser can't record WebM video, so it can't stream from here. Use OBS (the other tab).");
      return;
    }
    setError(null);
    const recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 2_500_000 });
    recorderRef.current = recorder;
    const connection = crypto.randomUUID();
    let part = 0;
    let failed = false;
    // One part at a time, in order: the worker refuses a part that skips ahead.
    let queue: Promise<void> = Promise.resolve();
    const send = (data: Blob, final: boolean) => {
      const n = part++;
      queue = queue.then(async () => {
        if (failed) return;
        try {
          await sendCameraPart(config.workerUrl, session, { connection, part: n, data, media: picture, final });
          setSent(n + 1);
        } catch (e) {
          failed = true;
          setError(`The camera stopped streaming: ${e instanceof Error ? e.message : String(e)}`);
          if (recorder.state !== "inactive") recorder.stop();
        }
      });
    };
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) send(event.data, false);
    };
    stoppedRef.current = new Promise<void>((resolve) => {
      recorder.onstop = () => {
        // An empty last part tells the worker this connection is over (ffmpeg finishes its last segment).
        send(new Blob([]), true);
        void queue.then(() => {
          setPhase(streamRef.current ? "previewing" : "off");
          onStreamingChange?.(false);
          resolve();
        });
      };
    });
    recorder.start(TIMESLICE_MS);
    setSent(0);
    setPhase("streaming");
    onStreamingChange?.(true);
  };

  const stop = useCallback(async () => {
    const recorder = recorderRef.current;
    if (!recorder || recorder.state === "inactive") return stoppedRef.current ?? undefined;
    setPhase("stopping");
    recorder.stop();
    await stoppedRef.current;
  }, []);
  useEffect(() => {
    if (stopRef) stopRef.current = stop;
  }, [stop, stopRef]);

  const cameras = devices.filter((d) => d.kind === "videoinput");
  const mics = devices.filter((d) => d.kind === "audioinput");
  const streaming = phase === "streaming" || phase === "stopping";

  return (
    <div className={styles.camera} data-testid="camera-panel">
      <div className={styles.preview}>
        {/* The creator's own preview: muted so it doesn't echo itself. */}
        <video ref={videoRef} autoPlay muted playsInline aria-label="Camera preview" data-testid="camera-preview" />
        {phase === "off" ? <p className={styles.previewHint}>The camera is off.</p> : null}
        {streaming ? (
          <span className={styles.liveBadge} data-testid="camera-live">
            LIVE
          </span>
        ) : null}
      </div>

      <div className={styles.cameraControls}>
        <div className="field">
          <label htmlFor={`${ids}-camera`}>Camera</label>
          <select
            id={`${ids}-camera`}
            className="input"
            value={cameraId}
            onChange={(e) => setCameraId(e.target.value)}
            disabled={streaming}
          >
            <option value="">
              {cameras.length ? "Default camera" : "Default camera (open it to list the others)"}
            </option>
            {cameras.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {d.label || `Camera ${i + 1}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-mic`}>Microphone</label>
          <select
            id={`${ids}-mic`}
            className="input"
            value={micId}
            onChange={(e) => setMicId(e.target.value)}
            disabled={streaming}
          >
            <option value="">Default microphone</option>
            {mics.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {d.label || `Microphone ${i + 1}`}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-level`}>Microphone level</label>
          <meter id={`${ids}-level`} className={styles.meter} min={0} max={1} low={0.7} high={0.9} value={level} />
        </div>
        <div className="tx-actions">
          {streaming ? (
            <button
              type="button"
              className="btn"
              onClick={() => void stop()}
              disabled={phase === "stopping"}
              data-testid="camera-stop"
            >
              {phase === "stopping" ? "Stopping…" : "Stop the camera"}
            </button>
          ) : (
            <>
              <button type="button" className="btn" onClick={() => void open()} data-testid="camera-open">
                {phase === "off" ? "Open camera and microphone" : "Use the chosen devices"}
              </button>
              <button
                type="button"
                className="btn btn-primary"
                onClick={start}
                disabled={phase !== "previewing" || session.status === "ended"}
                data-testid="camera-start"
              >
                Start streaming
              </button>
            </>
          )}
        </div>
        <p className="field-hint" role="status" data-testid="camera-status">
          {streaming
            ? `Sending to the worker · ${sent} part${sent === 1 ? "" : "s"} of ${TIMESLICE_MS} ms sent${picture ? ` · ${picture.width}×${picture.height}` : ""}`
            : phase === "previewing"
              ? "Check the picture and the level, then Start streaming."
              : "Open the camera to see a preview; nothing is sent until you start streaming."}
        </p>
        {streaming ? (
          <p className="field-hint">Pickers are locked while streaming: stop the camera to change them.</p>
        ) : null}
        {error ? (
          <p className="field-error" role="alert" data-testid="camera-error">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

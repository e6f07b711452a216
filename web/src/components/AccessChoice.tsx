"use client";
import type { JobAccess } from "@chorus/protocol";
import styles from "./AccessChoice.module.css";

/**
 * The upload's "Paid / members-only" choice (docs/paid-videos.md). It must be made before the file is sent: the
 * worker encrypts the segments after the preview as it prepares them, so none reaches IPFS in clear.
 */
export function AccessChoice({
  value,
  onChange,
}: {
  value: JobAccess | null;
  onChange: (next: JobAccess | null) => void;
}) {
  return (
    <fieldset className={styles.choice}>
      <legend>Who can watch</legend>
      <label>
        <input type="radio" name="access" checked={value === null} onChange={() => onChange(null)} /> Everyone
      </label>
      <label>
        <input
          type="radio"
          name="access"
          checked={value !== null}
          onChange={() => onChange({ encrypted: true, previewSeconds: 30 })}
        />{" "}
        Paid / members-only
      </label>
      {value ? (
        <>
          <label className={styles.preview}>
            Free preview (seconds)
            <input
              type="number"
              min={0}
              max={600}
              step={1}
              value={value.previewSeconds}
              onChange={(event) => {
                const seconds = Math.round(Number(event.target.value));
                onChange({
                  encrypted: true,
                  previewSeconds: Number.isFinite(seconds) ? Math.min(600, Math.max(0, seconds)) : 0,
                });
              }}
            />
          </label>
          <p className={styles.note}>
            Everything after the preview is encrypted; buyers and members get the key after one wallet signature. You
            set its price (or make it members-only) on its watch page once it is published. A buyer could still share
            the key or a recording: this keeps honest people honest, it is not DRM.
          </p>
        </>
      ) : null}
    </fieldset>
  );
}

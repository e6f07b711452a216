import { avatarGradient } from "@/lib/format";

/** A channel without a picture gets colours derived from its address: recognisable, and the same everywhere. */
export function Avatar({ address, size }: { address: string; size?: "sm" | "lg" }) {
  return (
    <span
      className={`avatar${size ? ` avatar-${size}` : ""}`}
      style={{ background: avatarGradient(address) }}
      aria-hidden="true"
    />
  );
}

import { avatarGradient } from "@/lib/format";

/** A channel's avatar: its initial on a gradient derived from its id (channels have no picture yet). */
export function ChannelAvatar({ id, name, size = "md" }: { id: string; name: string; size?: "md" | "lg" }) {
  const initial = [...name.trim()][0]?.toUpperCase() ?? "#";
  // avatarGradient reads hex digits: spread the id over them (Knuth's multiplicative hash), so neighbours differ.
  const seed = /^\d+$/.test(id) ? ((BigInt(id) * 2654435761n) % 2n ** 48n).toString(16).padStart(12, "0") : "0";
  return (
    <span
      className={`channel-avatar channel-avatar-${size}`}
      style={{ background: avatarGradient(seed) }}
      aria-hidden="true"
    >
      {initial}
    </span>
  );
}

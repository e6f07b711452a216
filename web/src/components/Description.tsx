import { linkify } from "@/lib/linkify";

/** A description as inert text, with http(s) links made clickable — never as HTML. */
export function Description({ text }: { text: string }) {
  if (!text.trim()) return <p className="description-empty">No description.</p>;
  return (
    <p className="description-text">
      {linkify(text).map((segment, i) =>
        segment.kind === "link" ? (
          <a key={i} href={segment.href} rel="noopener nofollow ugc" target="_blank">
            {segment.text}
          </a>
        ) : (
          <span key={i}>{segment.text}</span>
        ),
      )}
    </p>
  );
}

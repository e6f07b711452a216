import type { FilterTargetKind } from "@chorus/protocol";
import Link from "next/link";
import { shortAddress } from "@/lib/format";

/** A list entry's or report's target in words, linked where it has a page: "video 12", "author 0x1234…abcd". */
export function Target({ kind, value }: { kind: FilterTargetKind; value: string }) {
  switch (kind) {
    case "video":
      return (
        <>
          video <Link href={`/watch/${value}`}>#{value}</Link>
        </>
      );
    case "release":
      return <>the channel release of proposal #{value}</>;
    case "comment":
      return <>comment #{value}</>;
    case "author":
      return (
        <>
          everything by{" "}
          <Link href={`/creator/${value}`} className="mono" title={value}>
            {shortAddress(value)}
          </Link>
        </>
      );
    case "channel":
      return (
        <>
          everything channel <Link href={`/channels/${value}`}>#{value}</Link> releases
        </>
      );
    case "word":
      return <>the word “{value}”</>;
  }
}

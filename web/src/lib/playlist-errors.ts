import { playlistsAbi } from "@chorus/deployments";
import type { Abi, ContractErrorName } from "viem";
import { shortAddress } from "./format";

/**
 * Playlists' custom errors as sentences: what happened, and what to do. An exhaustive switch over the generated ABI's
 * error names (no default), so a new contract error fails `npm run typecheck` until it has a sentence here.
 */

type PlaylistsErrorName = ContractErrorName<typeof playlistsAbi>;
const PLAYLISTS_ERRORS: ReadonlySet<string> = new Set(
  (playlistsAbi as Abi).flatMap((item) => (item.type === "error" ? [item.name] : [])),
);

export function describePlaylistsError(errorName: string, args: readonly unknown[] = []): string | null {
  return PLAYLISTS_ERRORS.has(errorName) ? sentence(errorName as PlaylistsErrorName, args) : null;
}

function sentence(errorName: PlaylistsErrorName, args: readonly unknown[]): string {
  switch (errorName) {
    case "PlaylistsMalformedCid":
      return "The contract refused the playlist document's IPFS CID as malformed, so nothing changed. Try again.";
    case "PlaylistsUnknownPlaylist":
      return `Published playlist ${String(args[0])} doesn't exist on this chain, so nothing changed. Publish it again.`;
    case "PlaylistsNotOwner":
      return `Only the account that published playlist ${String(args[0])} can change it, and ${typeof args[1] === "string" ? shortAddress(args[1]) : "this account"} didn't. Connect that wallet.`;
    case "PlaylistsRemoved":
      return `Published playlist ${String(args[0])} has been removed, so it can't be changed. Publish it again as a new one.`;
  }
}

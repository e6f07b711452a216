import { filterListsAbi } from "@chorus/deployments";
import { constants, FILTER_TARGET_KINDS, REPORT_STATUSES } from "@chorus/protocol";
import { hexToString, type ContractErrorName, type Hex } from "viem";
import { shortAddress } from "./format";

/*
 * The FilterLists contract's custom errors as sentences: what happened and what to do. An exhaustive switch over the
 * names its generated ABI declares, so a new error fails `npm run typecheck` until it has a sentence here.
 */
type FilterListsErrorName = ContractErrorName<typeof filterListsAbi>;
const FILTER_LISTS_ERRORS: ReadonlySet<string> = new Set(
  filterListsAbi.flatMap((item) => (item.type === "error" ? [item.name] : [])),
);
const { MAX_NAME_BYTES, MAX_DESCRIPTION_BYTES, MAX_REASON_BYTES } = constants.FilterLists;

const cap = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;
const text = (value: unknown) => (value === undefined ? "?" : String(value));

/** A target (kind, subject) from an error's arguments, as words: "video 12", "the word “spoiler”". */
function targetWords(kind: unknown, subject: unknown): string {
  const name = typeof kind === "number" ? FILTER_TARGET_KINDS[kind] : undefined;
  if (!name || typeof subject !== "string") return "that target";
  const hex = subject as Hex;
  if (name === "author") return `the account ${shortAddress(`0x${hex.slice(-40)}`)}`;
  if (name === "word") return `the word “${hexToString(hex, { size: 32 }).replace(/\0+$/, "")}”`;
  return `${name} ${BigInt(hex).toString()}`;
}

export function describeFilterListsError(errorName: string, args: readonly unknown[] = []): string | null {
  return FILTER_LISTS_ERRORS.has(errorName) ? sentence(errorName as FilterListsErrorName, args) : null;
}

function sentence(errorName: FilterListsErrorName, args: readonly unknown[]): string {
  switch (errorName) {
    case "FilterListsUnknownList":
      return `List ${text(args[0])} doesn't exist on this chain, so nothing changed. Pick a list from the Lists page.`;
    case "FilterListsUnknownReport":
      return `Report ${text(args[0])} doesn't exist, so nothing changed. Reload the list's page.`;
    case "FilterListsNotMaintainer":
      return `Only the list's maintainer can do that, and ${shortAddress(text(args[1]))} isn't it. Connect the maintainer's wallet, or report the item instead.`;
    case "FilterListsNotOffered":
      return `List ${text(args[0])} isn't offered to ${shortAddress(text(args[1]))}, so you can't take it over. Ask its maintainer to offer it to this address.`;
    case "FilterListsOfferedToMaintainer":
      return "You already maintain this list, so it can't be offered to you. Enter the address of the person taking it over.";
    case "FilterListsBadName":
      return `A list's name must be 1 to ${MAX_NAME_BYTES} bytes (this one is ${text(args[0])}). Shorten it and try again.`;
    case "FilterListsDescriptionTooLong":
      return `A list's description can be at most ${MAX_DESCRIPTION_BYTES} bytes (this one is ${text(args[0])}). Shorten it and try again.`;
    case "FilterListsBadReason":
      return `A reason must be 1 to ${MAX_REASON_BYTES} bytes (this one is ${text(args[0])}). Write one that fits and try again.`;
    case "FilterListsBadSubject":
      return `The contract doesn't accept ${targetWords(args[0], args[1])} as a target (words are lower case, without spaces, at most 32 bytes). Correct it and try again.`;
    case "FilterListsAlreadyListed":
      return `${cap(targetWords(args[1], args[2]))} is already on list ${text(args[0])}, so nothing changed — it is hidden for the list's subscribers already.`;
    case "FilterListsNotListed":
      return `${cap(targetWords(args[1], args[2]))} isn't on list ${text(args[0])}, so there was nothing to remove. Reload the page.`;
    case "FilterListsReportAlreadyOpen":
      return `You already have an open report of this to this list (report ${text(args[0])}); wait for the maintainer to decide it.`;
    case "FilterListsReportResolved": {
      const status = typeof args[1] === "number" ? REPORT_STATUSES[args[1]] : undefined;
      return `Report ${text(args[0])} was already ${status ?? "resolved"}, so nothing changed. Reload the page to see the decision.`;
    }
  }
}

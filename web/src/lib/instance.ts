import { addressSchema, bigIdSchema, normaliseTag } from "@chorus/protocol";
import { CID } from "multiformats/cid";
import { getAddress } from "viem";
import { z } from "zod";

/**
 * Instance settings ("WordPress for video"): whoever runs a Chorus web server names it, gives it a logo and an accent
 * colour, and may scope its front page and search to chosen channels, creators and tags. Read from the server's
 * environment at request time with the rest of the configuration (config.ts); nothing here reaches the browser except
 * as rendered markup. A scope only chooses what the listings show first: every video, channel and creator page stays
 * reachable by its URL, and a visible switch shows all of Chorus.
 */

export const DEFAULT_INSTANCE_NAME = "Chorus";
const INSTANCE_NAME_MAX = 40;
/** As many sources per list as one indexer request takes (protocol's MAX_FEED_SOURCES). */
const SCOPE_MAX = 100;

const unsetIfEmpty = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** `a, b,,c` → ["a", "b", "c"], each checked by `parse` (which returns the stored form, or null when invalid). */
const scopeList = (name: string, what: string, example: string, parse: (entry: string) => string | null) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .transform((text, ctx) => {
        const entries = text
          .split(",")
          .map((entry) => entry.trim())
          .filter(Boolean);
        const kept: string[] = [];
        for (const entry of entries) {
          const value = parse(entry);
          if (value === null) ctx.addIssue({ code: "custom", message: `${name}: "${entry}" is not ${what}` });
          else if (!kept.includes(value)) kept.push(value);
        }
        if (kept.length > SCOPE_MAX)
          ctx.addIssue({ code: "custom", message: `${name} names ${kept.length}; at most ${SCOPE_MAX}` });
        return kept;
      })
      .optional()
      .describe(`comma-separated, like ${example}`),
  );

/** `ipfs://<cid>[/path]` → the CID and path, or null. */
function ipfsPath(value: string): string | null {
  const match = /^ipfs:\/\/([^/?#]+)(\/[^?#]*)?$/.exec(value);
  if (!match) return null;
  try {
    return `${CID.parse(match[1]!).toString()}${match[2] ?? ""}`;
  } catch {
    return null;
  }
}

const isHttpUrl = (value: string) => {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
};

/** The instance variables, validated with the rest of the environment (config.ts spreads them into its schema). */
export const instanceEnvShape = {
  INSTANCE_NAME: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .max(INSTANCE_NAME_MAX, `INSTANCE_NAME must be at most ${INSTANCE_NAME_MAX} characters`)
      .default(DEFAULT_INSTANCE_NAME),
  ),
  INSTANCE_LOGO_URL: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .refine(
        (value) => isHttpUrl(value) || ipfsPath(value) !== null,
        "INSTANCE_LOGO_URL must be an http(s) URL or ipfs://<cid> (an image), like ipfs://bafy…/logo.svg",
      )
      .optional(),
  ),
  INSTANCE_ACCENT: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      .regex(/^#[0-9a-fA-F]{6}$/, "INSTANCE_ACCENT must be a colour as #rrggbb, like #e0462f")
      .transform((value) => value.toLowerCase())
      .optional(),
  ),
  INSTANCE_SCOPE_CHANNELS: scopeList("INSTANCE_SCOPE_CHANNELS", "a channel id", "3,7", (entry) =>
    bigIdSchema.safeParse(entry).success ? entry : null,
  ),
  INSTANCE_SCOPE_CREATORS: scopeList("INSTANCE_SCOPE_CREATORS", "an address", "0xAbc…,0xDef…", (entry) =>
    addressSchema.safeParse(entry).success ? getAddress(entry.toLowerCase()) : null,
  ),
  INSTANCE_SCOPE_TAGS: scopeList(
    "INSTANCE_SCOPE_TAGS",
    "a tag",
    "cooking,lo-fi",
    (entry) => normaliseTag(entry) || null,
  ),
};

type InstanceEnv = z.output<z.ZodObject<typeof instanceEnvShape>>;

/** What the front page and search show by default on a scoped instance: videos from any of these. */
export interface InstanceScope {
  channels: string[];
  creators: string[];
  tags: string[];
}

/** The CSS custom properties of globals.css that carry the accent colour. */
export interface AccentPalette {
  "--accent": string;
  "--accent-strong": string;
  "--accent-strong-hover": string;
  "--accent-text": string;
}

export interface InstanceSettings {
  name: string;
  /** The logo's URL (an ipfs:// logo through the gateway), or null for the built-in one. */
  logoUrl: string | null;
  /** The accent colours to set on the page, or null for the built-in ones. */
  accent: AccentPalette | null;
  /** null: the whole of Chorus (no scope set). */
  scope: InstanceScope | null;
}

/** The settings from the validated environment (`gatewayUrl` without a trailing slash, for ipfs:// logos). */
export function instanceFrom(env: InstanceEnv, gatewayUrl: string): InstanceSettings {
  const logo = env.INSTANCE_LOGO_URL;
  const ipfs = logo === undefined ? null : ipfsPath(logo);
  const scope = {
    channels: env.INSTANCE_SCOPE_CHANNELS ?? [],
    creators: env.INSTANCE_SCOPE_CREATORS ?? [],
    tags: env.INSTANCE_SCOPE_TAGS ?? [],
  };
  const scoped = scope.channels.length + scope.creators.length + scope.tags.length > 0;
  return {
    name: env.INSTANCE_NAME || DEFAULT_INSTANCE_NAME,
    logoUrl: logo === undefined ? null : ipfs !== null ? `${gatewayUrl}/ipfs/${ipfs}` : logo,
    accent: env.INSTANCE_ACCENT === undefined ? null : accentPalette(env.INSTANCE_ACCENT),
    scope: scoped ? scope : null,
  };
}

/** The indexer's query for a scope (`/videos` and `/search` take the same three lists); empty lists are left out. */
export function scopeQuery(scope: InstanceScope): Partial<InstanceScope> {
  return Object.fromEntries(Object.entries(scope).filter(([, list]) => list.length > 0));
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 channels, 1 creator and #cooking, #bikes": what a scope names, for the switch's sentence. */
export function describeScope(scope: InstanceScope): string {
  const parts = [
    scope.channels.length ? count(scope.channels.length, "channel", "channels") : null,
    scope.creators.length ? count(scope.creators.length, "creator", "creators") : null,
    scope.tags.length === 0
      ? null
      : scope.tags.length <= 3
        ? `${scope.tags.length === 1 ? "the tag" : "the tags"} ${scope.tags.map((t) => `#${t}`).join(", ")}`
        : count(scope.tags.length, "tag", "tags"),
  ].filter((part): part is string => part !== null);
  return parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

// ---- the accent colour, readable whatever the operator picks ----

type Rgb = [number, number, number];

const rgbOf = (hex: string): Rgb => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as Rgb;
const hexOf = (rgb: Rgb) => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;

/** WCAG 2 relative luminance. */
function luminance([r, g, b]: Rgb): number {
  const linear = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(rgbOf(a)), luminance(rgbOf(b))];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const mix = (from: Rgb, to: Rgb, amount: number): Rgb => from.map((c, i) => c + (to[i]! - c) * amount) as Rgb;

/** `colour` moved towards `towards` in small steps until it reaches `ratio` against `against` (AA text: 4.5). */
function readable(colour: string, towards: Rgb, against: string, ratio: number): string {
  const start = rgbOf(colour);
  for (let step = 0; step <= 20; step++) {
    const candidate = hexOf(mix(start, towards, step / 20));
    if (contrast(candidate, against) >= ratio) return candidate;
  }
  return hexOf(towards);
}

/** White: the text on primary buttons. */
const BUTTON_TEXT = "#ffffff";
/** The lightest surface links sit on (globals.css --surface-3). */
const LIGHTEST_SURFACE = "#2b2b35";
const AA = 4.5;

/**
 * The page's accent colours from one operator colour. The colour itself marks borders, focus rings and progress;
 * buttons (white text) get it darkened and links (on the dark surfaces) get it lightened just enough to read at WCAG AA
 * (4.5:1) — so no choice of colour makes a button's label or a link unreadable.
 */
export function accentPalette(hex: string): AccentPalette {
  const strong = readable(hex, [0, 0, 0], BUTTON_TEXT, AA);
  return {
    "--accent": hex,
    "--accent-strong": strong,
    "--accent-strong-hover": hexOf(mix(rgbOf(strong), [0, 0, 0], 0.1)),
    "--accent-text": readable(hex, [255, 255, 255], LIGHTEST_SURFACE, AA),
  };
}

// How every service reads its environment: once, at start, through one zod schema, so that a mistake is one message
// naming each variable at fault and what it must be, not a failure an hour later. (`@chorus/protocol/env`; the web app
// builds its schema from the same pieces' idea in web/src/lib/config.ts and shares ConfigError.)
//
// The rules, the same in every service: an unset variable and an empty one (`FOO=` in a .env file) both mean "use the
// default"; values are trimmed; a problem reads `NAME must be <what>, got "<value>"`.
import { z } from "zod";

/** zod 4, as the schemas here use it: services build their schemas with this one (the root node_modules holds a zod 3). */
export { z };

/** A configuration that cannot run: every problem found, each naming its variable. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  /** Who is misconfigured ("keeper", "ffmpeg-worker", "Chorus web"). */
  readonly service: string;
  readonly problems: string[];
  constructor(
    service: string,
    problems: string[],
    /** Where the variables are documented, e.g. "see keeper/.env.example". */
    hint?: string,
  ) {
    super(`${service} is misconfigured${hint ? ` (${hint})` : ""}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.service = service;
    this.problems = problems;
  }
}

/** An environment: process.env, or a plain object in tests. */
export type Env = Record<string, string | undefined>;

/**
 * Parses `env` with `schema` (an object of the variables below); throws ConfigError listing every problem at once.
 * The only place a service turns its environment into its configuration.
 */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: Env,
  { service, hint }: { service: string; hint?: string },
): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.join(".");
    return name === "" || issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
  });
  throw new ConfigError(service, problems, hint);
}

const blankIsUnset = (value: unknown) => {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
};

/**
 * One variable: unset or blank is `undefined`; otherwise `parse` turns the text into the value, or returns undefined
 * when it is not `what` ("a whole number from 0 to 65535"), which becomes `NAME must be <what>, got "<raw>"` (without
 * the value when `secret`).
 */
export function variable<T>(
  name: string,
  what: string,
  parse: (raw: string) => T | undefined,
  { secret = false } = {},
) {
  return z.preprocess(blankIsUnset, z.string().optional()).transform((raw, ctx): T | undefined => {
    if (raw === undefined) return undefined;
    const value = parse(raw);
    if (value === undefined) {
      // A secret (a private key) is never echoed into logs.
      ctx.addIssue({ code: "custom", message: `${name} must be ${what}${secret ? "" : `, got "${raw}"`}` });
      return z.NEVER;
    }
    return value;
  });
}

/** `schema`, with `fallback` when the variable is unset or blank. */
export function withDefault<T>(schema: z.ZodType<T | undefined, unknown>, fallback: T) {
  return schema.transform((value): T => value ?? fallback);
}

/** `schema`, failing with `NAME is required: <why>` when the variable is unset or blank. */
export function required<T>(name: string, why: string, schema: z.ZodType<T | undefined, unknown>) {
  return schema.transform((value, ctx): T => {
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message: `${name} is required: ${why}` });
      return z.NEVER;
    }
    return value;
  });
}

/** Any text (trimmed). */
export const text = (name: string) => variable(name, "text", (raw) => raw);

/** A whole number in [min, max] (digits only: no sign, no decimals, no exponent). */
export const wholeNumber = (
  name: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
) =>
  variable(name, `a whole number from ${min} to ${max}`, (raw) => {
    const value = Number(raw);
    return /^\d+$/.test(raw) && Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
  });

/** A TCP port; 0 picks a free one. */
export const port = (name: string) => wholeNumber(name, { max: 65_535 });

/** An amount in wei, as digits. */
export const wei = (name: string) =>
  variable(name, "a whole number of wei", (raw) => (/^\d+$/.test(raw) ? BigInt(raw) : undefined));

/** An http(s) base URL without query or fragment; a trailing slash is dropped so that `${base}/path` has no "//". */
export const httpUrl = (name: string) =>
  variable(name, "an http(s) URL without query or fragment, like http://127.0.0.1:5001", (raw) => {
    try {
      const url = new URL(raw);
      if ((url.protocol !== "http:" && url.protocol !== "https:") || url.search !== "" || url.hash !== "")
        return undefined;
      return raw.replace(/\/+$/, "");
    } catch {
      return undefined;
    }
  });

/** One of `values`. */
export const oneOf = <const T extends string>(name: string, values: readonly T[]) =>
  variable(name, `one of ${values.join(", ")}`, (raw) =>
    (values as readonly string[]).includes(raw) ? (raw as T) : undefined,
  );

const BYTE_UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** A size in bytes: `10737418240`, `10GiB`, `500MB`, `1.5 GiB` (units case-insensitive). */
export const byteSize = (name: string) =>
  variable(name, "a size like 10GiB, 500MB or 1073741824", (raw) => {
    const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw);
    const unit = match ? BYTE_UNITS[match[2]!.toLowerCase()] : undefined;
    if (!match || unit === undefined) return undefined;
    const value = Math.floor(Number(match[1]) * unit);
    return Number.isSafeInteger(value) ? value : undefined;
  });

/** A comma-separated list; each item (trimmed, blanks dropped) must pass `item`. An empty list is unset. */
export const list = <T>(name: string, what: string, item: (raw: string) => T | undefined) =>
  variable(name, what, (raw) => {
    const items = raw
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "")
      .map(item);
    return items.length > 0 && items.every((value) => value !== undefined) ? (items as T[]) : undefined;
  });

/**
 * Errors and query-parameter parsing for the Kubo-compatible RPC API.
 *
 * Kubo answers a failed command with HTTP 500 (or 400 for a bad request) and
 * a JSON body `{ "Message": "...", "Code": 0, "Type": "error" }`;
 * kubo-rpc-client turns `Message` into the message of the Error it throws.
 */

export class RpcError extends Error {
  override name = "RpcError";
  readonly status: number;
  /** Kubo's cmds error code: 0 = normal error, 1 = client error */
  readonly code: number;

  constructor(message: string, status = 500, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.code = status >= 400 && status < 500 ? 1 : 0;
  }
}

/** A request error (HTTP 400, Kubo code 1), e.g. a missing argument or a malformed option. */
export class BadRequestError extends RpcError {
  override name = "BadRequestError";
  constructor(message: string) {
    super(message, 400);
  }
}

const TRUE = new Set(["", "1", "t", "true", "True", "TRUE"]);
const FALSE = new Set(["0", "f", "false", "False", "FALSE"]);

/** A boolean option; a bare `?flag` means true, as in go-ipfs-cmds. */
export function boolParam(q: URLSearchParams, name: string, fallback: boolean): boolean {
  const v = q.get(name);
  if (v === null) return fallback;
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new BadRequestError(`could not convert value "${v}" of option "${name}" to a boolean`);
}

/** A non-negative integer option. */
export function intParam(q: URLSearchParams, name: string, fallback: number): number;
export function intParam(q: URLSearchParams, name: string, fallback?: number): number | undefined;
export function intParam(q: URLSearchParams, name: string, fallback?: number): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return fallback;
  if (!/^-?\d+$/.test(v)) throw new BadRequestError(`could not convert value "${v}" of option "${name}" to an integer`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new BadRequestError(`value "${v}" of option "${name}" is out of range`);
  return n;
}

export function stringParam(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  return v === null || v === "" ? undefined : v;
}

/** All `arg` values; throws Kubo's message when a required argument is missing. */
export function args(q: URLSearchParams, argName: string, required = true): string[] {
  const all = q.getAll("arg");
  if (required && all.length === 0) throw new BadRequestError(`argument "${argName}" is required`);
  return all;
}

export function firstArg(q: URLSearchParams, argName: string): string {
  const [first] = args(q, argName);
  if (first === undefined) throw new BadRequestError(`argument "${argName}" is required`);
  return first;
}

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a Go duration ("300ms", "1.5s", "2m30s") into milliseconds, as
 * used by Kubo's global `timeout` option (kubo-rpc-client sends e.g. "5000ms").
 */
export function parseDuration(value: string): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  // biome-ignore lint/suspicious/noAssignInExpressions: the exec loop; a sticky regex needs lastIndex, which matchAll hides.
  while ((m = re.exec(value)) !== null) {
    const unit = UNITS[m[2] ?? ""];
    if (unit === undefined) break;
    total += Number(m[1]) * unit;
    matched = re.lastIndex;
  }
  if (value === "" || matched !== value.length) {
    if (value === "0") return 0;
    throw new BadRequestError(`invalid duration "${value}" for option "timeout"`);
  }
  return total;
}

// One log format for every service (`@chorus/protocol/log`): a JSON object per line on stderr,
//   {"time":"2026-12-06T10:00:00.000Z","level":"info","service":"keeper","msg":"proved deal=1 period=2","deal":"1"}
// with `time`, `level`, `service` and `msg` first and the event's fields after them, so `jq`, `grep '"jobId":"…"'` and
// log collectors read every service the same way. On a terminal (stderr is a TTY) the same record prints for humans:
//   10:00:00.000 info  keeper  proved deal=1 period=2 deal=1
// stdout stays free for each service's one plain readiness line ("keeper ready …"), which launchers and tests wait for.

export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;
/** What services take and call: a level, a short message that says what happened, and the event's fields. */
export type Logger = (level: LogLevel, msg: string, fields?: LogFields) => void;

export interface LogRecord extends LogFields {
  time: string;
  level: LogLevel;
  service: string;
  msg: string;
}

/** Fields as JSON can carry them: errors as their message (and stack), bigints as decimal strings. */
function plain(value: unknown): unknown {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === "bigint") return value.toString();
  return value;
}

export function toRecord(
  service: string,
  level: LogLevel,
  msg: string,
  fields: LogFields = {},
  time = new Date(),
): LogRecord {
  const record: LogRecord = { time: time.toISOString(), level, service, msg };
  // Fields never overwrite the four that every line has.
  for (const [key, value] of Object.entries(fields)) if (!(key in record)) record[key] = plain(value);
  return record;
}

const quoteIfNeeded = (value: unknown) => {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return /[\s"=]/.test(text) || text === "" ? JSON.stringify(text) : text;
};

/** A record for a person at a terminal: local clock time, level, service, message, then `key=value` fields. */
export function formatForHumans(record: LogRecord): string {
  const { time, level, service, msg, ...fields } = record;
  const clock = new Date(time).toTimeString().slice(0, 8) + time.slice(19, 23);
  const rest = Object.entries(fields).map(([key, value]) => `${key}=${quoteIfNeeded(value)}`);
  return [clock, level.padEnd(5), service, msg, ...rest].join(" ");
}

/** The record of a line in this format, or undefined for any other line (a child's own output, a readiness line). */
export function parseLogLine(line: string): LogRecord | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(line) as Partial<LogRecord>;
    return typeof value.time === "string" &&
      typeof value.level === "string" &&
      typeof value.service === "string" &&
      typeof value.msg === "string"
      ? (value as LogRecord)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The logger of `service`: JSON lines on stderr, or the human form when stderr is a terminal (`pretty` overrides;
 * `write` replaces stderr, e.g. in tests).
 */
export function createLogger(
  service: string,
  {
    write = (line: string) => void process.stderr.write(line),
    pretty = process.stderr.isTTY === true,
  }: { write?: (line: string) => void; pretty?: boolean } = {},
): Logger {
  return (level, msg, fields) => {
    const record = toRecord(service, level, msg, fields);
    write(`${pretty ? formatForHumans(record) : JSON.stringify(record)}\n`);
  };
}

export const silentLogger: Logger = () => {};

/**
 * For code that reports plain lines (the IPFS node's `log` option, the keeper's actions): each line becomes a record's
 * msg, at `warn` when it says something failed and `info` otherwise.
 */
export function lineLogger(logger: Logger): (line: string) => void {
  return (line) => logger(/\b(error|failed|unreachable|cannot)\b/i.test(line) ? "warn" : "info", line);
}

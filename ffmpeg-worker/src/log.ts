/**
 * Structured logs: one JSON object per line on stderr, tagged with the job id (and the manifest CID once there is
 * one) so a job can be followed with `grep '"jobId":"…"'`. stdout stays free for the one "ready" line.
 */
export type LogLevel = 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;
export type Logger = (level: LogLevel, message: string, fields?: LogFields) => void;

export function jsonLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  return (level, message, fields = {}) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, service: 'ffmpeg-worker', message, ...fields })}\n`);
  };
}

export const silentLogger: Logger = () => {};

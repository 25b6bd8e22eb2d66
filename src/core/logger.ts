// The core logs to stdout so `docker logs` shows it, one line per record,
// tagged `[ccc]` so its lines can be told from the workload's (`[workload]`).
// The core's own messages are escaped and cut (see log-text.ts); lines of the
// workload are passed as they are (colours and all), already cut to a bounded
// length by the line splitter that reads them.
import { forLog } from "./log-text.js";
import { isoNow } from "./timestamp.js";

export const LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Writes a line from another source (the workload, a privileged command) with its own tag. */
  tagged(tag: string, line: string): void;
}

export function parseLogLevel(value: string | undefined): LogLevel {
  const upper = (value ?? "INFO").trim().toUpperCase();
  if (upper === "WARNING") return "WARN";
  return (LOG_LEVELS as readonly string[]).includes(upper) ? (upper as LogLevel) : "INFO";
}

export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const log = (at: LogLevel, message: string): void => {
    if (LOG_LEVELS.indexOf(at) >= threshold) write(`${isoNow()} ${at.padEnd(5)} [ccc] ${forLog(message)}\n`);
  };
  return {
    debug: (m) => log("DEBUG", m),
    info: (m) => log("INFO", m),
    warn: (m) => log("WARN", m),
    error: (m) => log("ERROR", m),
    tagged: (tag, line) => write(`${isoNow()} [${tag}] ${line}\n`),
  };
}

// Text that reaches the core's log from outside (request targets, payload
// values in a command line, error messages that quote them) is escaped and
// cut: a control character must not forge a log line or drive a terminal, and
// one request must not add kilobytes to the log.

/** The longest core log message, in characters, before it is cut. */
export const MAX_LOG_MESSAGE_CHARS = 4096;
/** The longest request target (URL) quoted in a log line. */
export const MAX_LOGGED_URL_CHARS = 200;

// C0 controls, DEL and C1 controls; tabs too, so one record stays one line of fields.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function escapeControl(char: string): string {
  const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  return named[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

/** Escapes control characters and cuts the text to `max` characters, saying how much was left out. */
export function forLog(text: string, max = MAX_LOG_MESSAGE_CHARS): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const escaped = cut.replace(CONTROL, escapeControl);
  return text.length > max ? `${escaped}… (${text.length - max} more characters)` : escaped;
}

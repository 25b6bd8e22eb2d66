/**
 * What `boss exec SERVICE …` and `boss run SERVICE …` take after the service name. Everything there is the
 * command's (`boss exec appdb psql -U x`), so no `--` is needed; a leading `--` is still accepted. The older
 * form with boss's flags between the service and `--` (`boss run web --json -- migrate`) keeps working:
 * words before a `--` that start with a flag are boss's.
 */
export function splitCommandWords(words: readonly string[]): { bossFlags: string[]; command: string[] } {
  const separator = words.indexOf("--");
  if (separator === 0) return { bossFlags: [], command: words.slice(1) };
  if (separator > 0 && words[0]?.startsWith("-")) {
    return { bossFlags: words.slice(0, separator), command: words.slice(separator + 1) };
  }
  return { bossFlags: [], command: [...words] };
}

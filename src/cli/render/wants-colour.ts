import type { Writable } from "node:stream";

/** What decides colour: the stream written to (a terminal or not) and the environment. */
export interface ColourTarget {
  stream: Writable;
  env: NodeJS.ProcessEnv;
}

/**
 * Whether output may carry colour and other escape codes — the one decision for
 * help and for the renderers, made as chalk and Node make it: FORCE_COLOR when
 * set (`0` or `false`: never; anything else: always, piped too), else never with
 * a non-empty NO_COLOR or TERM=dumb, else only on a terminal.
 */
export function wantsColour({ stream, env }: ColourTarget): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.NO_COLOR) return false;
  if (env.TERM === "dumb") return false;
  return (stream as Writable & { isTTY?: boolean }).isTTY === true;
}

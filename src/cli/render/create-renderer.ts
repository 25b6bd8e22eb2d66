import type { Writable } from "node:stream";
import { wantsColour } from "./wants-colour.js";
import { JsonRenderer } from "./json-renderer.js";
import { PlainRenderer } from "./plain-renderer.js";
import type { Renderer } from "./renderer.js";

export interface RendererOptions {
  stdout: Writable;
  stderr: Writable;
  plain: boolean;
  json: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * --json → JSON lines; a terminal that wants colour → the live view; anything
 * else (a pipe, --plain, NO_COLOR, FORCE_COLOR=0, TERM=dumb) → plain lines,
 * coloured only when FORCE_COLOR asks for it and --plain does not forbid it.
 * The live view is loaded only for a terminal: it brings ora, which a piped or
 * scripted command need not load.
 */
export async function createRenderer(options: RendererOptions): Promise<Renderer> {
  if (options.json) return new JsonRenderer(options.stdout, options.stderr);
  const stdout = options.stdout as Writable & { isTTY?: boolean; columns?: number };
  const colour = !options.plain && wantsColour({ stream: stdout, env: options.env });
  // A pty that reports no width (e.g. under `script`) cannot redraw lines: ora would divide by zero columns.
  const redraws = stdout.isTTY === true && (stdout.columns ?? 0) > 0 && options.env.TERM !== "dumb";
  if (colour && redraws) {
    const { TtyRenderer } = await import("./tty-renderer.js");
    return new TtyRenderer(options.stdout, options.stderr);
  }
  return new PlainRenderer(options.stdout, options.stderr, colour);
}

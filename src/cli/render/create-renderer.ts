import type { Writable } from "node:stream";
import { JsonRenderer } from "./json-renderer.js";
import { PlainRenderer } from "./plain-renderer.js";
import type { Renderer } from "./renderer.js";
import { TtyRenderer } from "./tty-renderer.js";

export interface RendererOptions {
  stdout: Writable;
  stderr: Writable;
  plain: boolean;
  json: boolean;
  env: NodeJS.ProcessEnv;
}

export function createRenderer(options: RendererOptions): Renderer {
  if (options.json) return new JsonRenderer(options.stdout, options.stderr);
  const stdout = options.stdout as Writable & { isTTY?: boolean; columns?: number };
  // A pty that reports no width (e.g. under `script`) cannot redraw lines: ora would divide by zero columns.
  const isTty = stdout.isTTY === true && (stdout.columns ?? 0) > 0;
  const noColor = options.env.NO_COLOR !== undefined && options.env.NO_COLOR !== "";
  if (options.plain || !isTty || noColor || options.env.TERM === "dumb") {
    return new PlainRenderer(options.stdout, options.stderr);
  }
  return new TtyRenderer(options.stdout, options.stderr);
}

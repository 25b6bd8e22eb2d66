// Shared pieces of the core's in-process tests: files written into a folder
// (test/helpers/temp-dir.ts makes it), a config built from YAML, a silent
// logger that keeps its lines, and a small HTTP client (fetch with a timeout).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfigText, type CoreConfig } from "../../src/core/config/config.js";
import type { Logger } from "../../src/core/logger.js";
import { startCore, type RunningCore } from "../../src/core/run-core.js";

export interface CapturedLogger extends Logger {
  lines: string[];
}

export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`DEBUG ${m}`),
    info: (m) => lines.push(`INFO ${m}`),
    warn: (m) => lines.push(`WARN ${m}`),
    error: (m) => lines.push(`ERROR ${m}`),
    tagged: (tag, line) => lines.push(`[${tag}] ${line}`),
  };
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

export function configFrom(yaml: string, dir: string): CoreConfig {
  return parseConfigText(yaml, dir);
}

export async function startTestCore(
  config: CoreConfig,
  env: NodeJS.ProcessEnv = {},
): Promise<RunningCore & { logger: CapturedLogger; url: string }> {
  const logger = captureLogger();
  const core = await startCore({
    config,
    logger,
    env: { PATH: process.env.PATH, CCC_PORT: "0", CCC_HOST: "127.0.0.1", ...env },
  });
  return { ...core, logger, url: `http://127.0.0.1:${core.port}` };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

export async function call(
  url: string,
  method = "GET",
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON (e.g. /metrics)
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Polls until `check` returns true or the time is up. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

// The Docker engine for the core's integration tests, through the docker CLI
// (argv arrays, no shell). Everything created carries the label boss.test=core
// and this run's RUN_LABEL, so the harness's removeLabelled(RUN_LABEL) finds it
// and nothing else is touched. The engine check is the harness's too.
import { execFile } from "node:child_process";
import { request as httpRequest } from "node:http";
import { promisify } from "node:util";

const run = promisify(execFile);

export const TEST_LABEL = "boss.test=core";
/** This run's own label, so cleanup never touches another run's objects. */
export const RUN_LABEL = `boss.test-run=core-${process.pid}-${Date.now().toString(36)}`;

export async function docker(args: string[], options: { timeoutMs?: number } = {}): Promise<string> {
  const { stdout } = await run("docker", args, { timeout: options.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim();
}

/** Runs docker and returns its exit code and output instead of throwing. */
export async function dockerResult(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("docker", args, { timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

export interface HttpAnswer {
  status: number;
  text: string;
  json: Record<string, unknown>;
}

/**
 * HTTP with a hard timeout. Not fetch: against a published port whose server is
 * not listening yet, Node 20's fetch can hang forever (docker-proxy accepts, then resets).
 */
export function http(url: string, method = "GET", body?: unknown, timeoutMs = 30_000): Promise<HttpAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method, timeout: timeoutMs, headers: payload ? { "Content-Type": "application/json" } : {} },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON
          }
          resolve({ status: response.statusCode ?? 0, text, json });
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    request.on("error", reject);
    request.end(payload);
  });
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ""}`,
  );
}

/** The host port published for a container's 8080. */
export async function publishedPort(container: string, port = 8080): Promise<number> {
  const text = await docker(["port", container, `${port}/tcp`]);
  const found = /:(\d+)\s*$/m.exec(text.split("\n")[0] ?? "");
  if (!found) throw new Error(`no published port for ${container}:${port} (${text})`);
  return Number(found[1]);
}

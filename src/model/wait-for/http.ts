import { withPlan } from "./wait-plan.js";
import { get as httpGet } from "node:http";
import { get as httpsGet } from "node:https";
import { engineHost } from "./engine-host.js";
import { waitStrategy, type WaitStrategy } from "./wait-strategy.js";

const requestTimeoutMs = 2000;

/** What `waitFor.http` asks for when not given a URL. */
export interface HttpWaitOptions {
  /** Host port (a published port). */
  port: number;
  /** Default "/". */
  path?: string;
  /** The status code that means ready; default: any 2xx. */
  status?: number;
  /** Default: the engine's host (127.0.0.1 unless DOCKER_HOST names another machine). */
  host?: string;
}

export function http(target: string | HttpWaitOptions): WaitStrategy {
  const url =
    typeof target === "string"
      ? new URL(target)
      : new URL(target.path ?? "/", `http://${target.host ?? engineHost()}:${target.port}`);
  const status = typeof target === "string" ? undefined : target.status;
  const wanted = status === undefined ? "a 2xx status" : `status ${status}`;
  const ok = (code: number) => (status === undefined ? code >= 200 && code < 300 : code === status);
  const strategy = waitStrategy(`GET ${url.href} to answer with ${wanted}`, () => answers(url, ok));
  // Given a port and no host, the check is of the service's own published port, wherever the engine is.
  const own = typeof target !== "string" && target.host === undefined;
  return withPlan(strategy, { kind: "http", url: url.href, own, ...(status === undefined ? {} : { status }) });
}

/**
 * One GET with a timeout. Not fetch(): on Node 20 a fetch to a published port
 * whose server is not up yet can hang past any deadline.
 */
function answers(url: URL, ok: (status: number) => boolean): Promise<boolean> {
  const get = url.protocol === "https:" ? httpsGet : httpGet;
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: requestTimeoutMs }, (response) => {
      response.resume();
      const code = response.statusCode ?? 0;
      if (ok(code)) resolve(true);
      else reject(new Error(`GET ${url.href} answered ${code}`));
    });
    request.once("timeout", () => request.destroy(new Error(`no answer within ${requestTimeoutMs} ms`)));
    request.once("error", reject);
  });
}

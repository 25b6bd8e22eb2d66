// One JSON request to the core with a hard timeout. node:http rather than
// fetch: against a published port whose server is not up yet, Node 20's fetch
// can wait forever (the userland proxy accepts, then closes).
import { request } from "node:http";

export function httpJson(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<Record<string, unknown>> {
  const { method = "GET", headers = {}, body, timeoutMs = 5000 } = options;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        timeout: timeoutMs,
        headers: { ...headers, ...(payload ? { "Content-Type": "application/json" } : {}) },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => {
          if (response.statusCode !== 200) return reject(new Error(`${method} ${url}: ${response.statusCode} ${text}`));
          try {
            resolve(JSON.parse(text) as Record<string, unknown>);
          } catch {
            reject(new Error(`${method} ${url}: not JSON: ${text.slice(0, 200)}`));
          }
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(payload);
  });
}

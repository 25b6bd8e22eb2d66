// The core's HTTP API. Bad input never kills the core: every request ends in a
// JSON answer with a status code (4xx for the caller's mistakes, 500 with the
// error text for a step that failed), and nothing a handler throws escapes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import type { Controller } from "../controller.js";
import { messageOf, statusOf } from "../errors.js";
import type { Logger } from "../logger.js";
import type { MetricsCollector } from "../metrics/collector.js";
import { PROMETHEUS_CONTENT_TYPE, toPrometheus } from "../metrics/prometheus.js";
import { isoNow, formatMicros, nowMicros } from "../timestamp.js";
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from "./body.js";
import { HttpError } from "./http-error.js";

export interface CoreServerOptions {
  controller: Controller;
  metrics: MetricsCollector;
  logger: Logger;
  /** CCC_TOKEN: when set, /api/* (except /api/health) needs `Authorization: Bearer <token>`. */
  token?: string | null;
  maxBodyBytes?: number;
  version?: string;
}

interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
}

type Handler = (request: IncomingMessage) => Promise<Reply>;

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim() ?? "";
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createCoreServer(options: CoreServerOptions): Server {
  const { controller, metrics, logger } = options;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const startedAt = nowMicros();
  const ok = (body: unknown): Reply => ({ status: 200, body });

  const routes: Record<string, Partial<Record<string, Handler>>> = {
    "/api/start": { POST: async (req) => ok(await controller.start(await readJsonBody(req, maxBody))) },
    "/api/update": {
      POST: async (req) => ok({ applied: true, ...(await controller.update(await readJsonBody(req, maxBody))) }),
    },
    "/api/stop": {
      POST: async (req) => {
        await readJsonBody(req, maxBody); // a body is allowed, and ignored
        return ok(await controller.stop());
      },
    },
    "/api/metrics": { GET: async () => ok(await metrics.collect()) },
    "/metrics": {
      GET: async () => ({
        status: 200,
        body: await toPrometheus(await metrics.collect()),
        contentType: PROMETHEUS_CONTENT_TYPE,
      }),
    },
    "/api/health": {
      GET: () =>
        Promise.resolve(
          ok({
            status: "ok",
            timestamp: isoNow(),
            core_started_at: formatMicros(startedAt),
            version: options.version ?? "dev",
            state: controller.snapshot(),
          }),
        ),
    },
  };

  async function handle(request: IncomingMessage): Promise<Reply> {
    const path = new URL(request.url ?? "/", "http://core").pathname.replace(/\/+$/, "") || "/";
    const methods = routes[path];
    if (!methods) throw new HttpError(404, `no route ${path}`);
    const method = request.method === "HEAD" ? "GET" : (request.method ?? "GET");
    const handler = methods[method];
    if (!handler) {
      throw new HttpError(405, `${path} accepts ${Object.keys(methods).join(", ")}, not ${request.method}`, {
        Allow: Object.keys(methods).join(", "),
      });
    }
    if (options.token && path.startsWith("/api/") && path !== "/api/health") {
      if (!tokenMatches(request.headers.authorization, options.token)) {
        throw new HttpError(401, "this route needs Authorization: Bearer <CCC_TOKEN>", {
          "WWW-Authenticate": "Bearer",
        });
      }
    }
    return handler(request);
  }

  function send(response: ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
    const text = typeof reply.body === "string" ? reply.body : `${JSON.stringify(reply.body, null, 2)}\n`;
    response.writeHead(reply.status, {
      "Content-Type": reply.contentType ?? "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      ...headers,
    });
    response.end(response.req.method === "HEAD" ? undefined : text);
  }

  const server = createServer((request, response) => {
    handle(request).then(
      (reply) => {
        logger.debug(`${request.method} ${request.url} -> ${reply.status}`);
        send(response, reply);
      },
      (error: unknown) => {
        const status = error instanceof HttpError ? error.status : statusOf(error);
        const message = messageOf(error);
        const line = `${request.method} ${request.url} -> ${status}: ${message}`;
        if (status >= 500) logger.error(line);
        else logger.info(line);
        const body = { error: message, status, state: controller.snapshot() };
        send(response, { status, body }, error instanceof HttpError ? error.headers : {});
        if (status === 413) request.resume();
      },
    );
  });
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
  });
  return server;
}

// The core's HTTP API. Bad input never kills the core: every request ends in a
// JSON answer with a status code (4xx for the caller's mistakes, 500 with the
// error text for a step that failed), and nothing a handler throws escapes.
// Nothing unauthenticated sees the start payload: health and error replies
// carry the public state only. The token is checked before a body is read.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Controller } from "../controller.js";
import { messageOf, statusOf } from "../errors.js";
import { forLog, MAX_LOGGED_URL_CHARS } from "../log-text.js";
import type { Logger } from "../logger.js";
import type { MetricsCollector } from "../metrics/collector.js";
import { PROMETHEUS_CONTENT_TYPE, toPrometheus } from "../metrics/prometheus.js";
import { isoNow, formatMicros, nowMicros } from "../timestamp.js";
import { tokenMatches } from "./bearer-token.js";
import { BodyBudget } from "./body-budget.js";
import { CLOSE, DEFAULT_MAX_BODY_BYTES, readJsonBody } from "./body.js";
import { HttpError } from "./http-error.js";
import { send, type Reply } from "./reply.js";
import { routeOf } from "./request-target.js";
import { SERVER_LIMITS } from "./server-limits.js";

export interface CoreServerOptions {
  controller: Controller;
  metrics: MetricsCollector;
  logger: Logger;
  /** CCC_TOKEN: when set, /api/* (except /api/health) needs `Authorization: Bearer <token>`. */
  token?: string | null;
  maxBodyBytes?: number;
  version?: string;
}

type Handler = (request: IncomingMessage) => Promise<Reply>;

/** Errors longer than this are cut in replies: a message may quote what the caller sent. */
const MAX_ERROR_CHARS = 1000;

/** The client aborted (mid-body, or hung up while its request ran): there is no one to answer. */
function clientWentAway(response: ServerResponse, error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return response.destroyed || response.socket?.destroyed === true || code === "ECONNRESET";
}

/** The answer to a request the HTTP parser rejected (no route ever saw it). */
function clientErrorAnswer(error: NodeJS.ErrnoException): string {
  const status =
    error.code === "HPE_HEADER_OVERFLOW"
      ? "431 Request Header Fields Too Large"
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? "408 Request Timeout"
        : "400 Bad Request";
  return `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
}

export function createCoreServer(options: CoreServerOptions): Server {
  const { controller, metrics, logger } = options;
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const budget = new BodyBudget();
  const startedAt = nowMicros();
  const ok = (body: unknown): Reply => ({ status: 200, body });
  const metricProblems = new Set<string>();
  const warnOnce = (problem: string): void => {
    if (metricProblems.has(problem)) return;
    metricProblems.add(problem);
    logger.warn(problem);
  };

  const routes: Record<string, Partial<Record<string, Handler>>> = {
    "/api/start": { POST: async (req) => ok(await controller.start(await readJsonBody(req, maxBody, budget))) },
    "/api/update": {
      POST: async (req) =>
        ok({ applied: true, ...(await controller.update(await readJsonBody(req, maxBody, budget))) }),
    },
    "/api/stop": {
      POST: async (req) => {
        await readJsonBody(req, maxBody, budget); // a body is allowed, and ignored
        return ok(await controller.stop());
      },
    },
    "/api/state": { GET: () => Promise.resolve(ok(controller.snapshot())) },
    "/api/metrics": { GET: async () => ok(await metrics.collect()) },
    "/metrics": {
      GET: async () => ({
        status: 200,
        body: toPrometheus(await metrics.collect(), warnOnce),
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
            state: controller.publicSnapshot(),
          }),
        ),
    },
  };

  async function handle(request: IncomingMessage): Promise<Reply> {
    const path = routeOf(request.url);
    // First, before any body is read: an unauthenticated caller costs one header comparison.
    if (options.token && path.startsWith("/api/") && path !== "/api/health") {
      if (!tokenMatches(request.headers.authorization, options.token)) {
        throw new HttpError(401, "this route needs Authorization: Bearer <CCC_TOKEN>", {
          "WWW-Authenticate": "Bearer",
          ...CLOSE,
        });
      }
    }
    const methods = routes[path];
    if (!methods) throw new HttpError(404, `no route ${forLog(path, MAX_LOGGED_URL_CHARS)}`);
    const method = request.method === "HEAD" ? "GET" : (request.method ?? "GET");
    const handler = methods[method];
    if (!handler) {
      throw new HttpError(405, `${path} accepts ${Object.keys(methods).join(", ")}, not ${request.method}`, {
        Allow: Object.keys(methods).join(", "),
      });
    }
    return handler(request);
  }

  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const what = `${request.method} ${forLog(request.url ?? "", MAX_LOGGED_URL_CHARS)}`;
    try {
      const reply = await handle(request);
      logger.debug(`${what} -> ${reply.status}`);
      send(response, reply);
    } catch (error) {
      if (clientWentAway(response, error)) {
        logger.debug(`${what}: the client went away (${messageOf(error)})`);
        return;
      }
      const status = error instanceof HttpError ? error.status : statusOf(error);
      const message = forLog(messageOf(error), MAX_ERROR_CHARS);
      if (status >= 500 && status !== 503) logger.error(`${what} -> ${status}: ${message}`);
      else logger.info(`${what} -> ${status}: ${message}`);
      const headers = error instanceof HttpError ? { ...error.headers } : {};
      // The rest of an unread body is not wanted: end the connection rather than read it.
      if (!request.complete) Object.assign(headers, CLOSE);
      send(response, { status, body: { error: message, status, state: controller.publicSnapshot() } }, headers);
    }
  }

  const server = createServer(
    {
      headersTimeout: SERVER_LIMITS.headersTimeoutMs,
      requestTimeout: SERVER_LIMITS.requestTimeoutMs,
      connectionsCheckingInterval: SERVER_LIMITS.connectionsCheckingIntervalMs,
    },
    (request, response) => {
      // send() writes the Date header itself: Node's formats a Date object, and
      // the first one reads ICU's time zone data (0.6 MB of idle memory).
      response.sendDate = false;
      respond(request, response).catch((error: unknown) => {
        // respond() catches everything; this is the last line of defence.
        logger.error(`reply failed: ${messageOf(error)}`);
        response.destroy();
      });
    },
  );
  server.maxConnections = SERVER_LIMITS.maxConnections;
  server.keepAliveTimeout = SERVER_LIMITS.keepAliveTimeoutMs;
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(clientErrorAnswer(error), () => socket.destroy());
  });
  return server;
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { messageOf } from "../errors.js";
import type { Project } from "../orchestrator/project.js";
import { lastTimeline } from "../orchestrator/timeline/last-timeline.js";
import { timelineSvg } from "../report/timeline-svg.js";
import type { GroupFeed } from "./group-feed.js";
import { followLogs } from "./log-lines.js";
import { pageHtml, pageScript } from "./page-assets.js";
import type { SavedContext } from "./saved-context.js";
import { isServiceAction, runServiceAction, type ActionUpdate } from "./service-actions.js";
import type { SseChannel } from "./sse-channel.js";
import { tokenMatches } from "./ui-token.js";

export interface UiRoutesOptions {
  project: Project;
  feed: GroupFeed;
  channel: SseChannel;
  savedContext: SavedContext;
  token: string;
}

/** The header the page sends its token in (EventSource cannot send headers: it uses `?token=`). */
export const tokenHeader = "x-boss-token";

/**
 * Every request of `boss ui`. Each must carry the run's token (header, or
 * `token` in the query); without it, 403 and nothing else. Buttons are POSTs
 * that must carry it in the header: another site's form cannot set one.
 */
export function uiRoutes(options: UiRoutesOptions): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    route(options, request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { error: messageOf(error) });
      else response.end();
    });
  };
}

async function route(options: UiRoutesOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const method = request.method ?? "GET";
  const headerToken = request.headers[tokenHeader];
  const given = typeof headerToken === "string" ? headerToken : url.searchParams.get("token");
  if (!tokenMatches(given, options.token)) return send(response, 403, { error: "forbidden: wrong or missing token" });
  const { project, feed, channel } = options;
  const path = url.pathname;

  if (method === "GET" && path === "/") {
    return sendText(response, 200, "text/html; charset=utf-8", pageHtml(project.file.group, options.token));
  }
  if (method === "GET" && path === "/app.js") {
    return sendText(response, 200, "text/javascript; charset=utf-8", await pageScript());
  }
  if (method === "GET" && path === "/api/state") return send(response, 200, await feed.snapshot());
  if (method === "GET" && path === "/api/events") {
    channel.add(response, { event: "state", data: await feed.snapshot() });
    return;
  }
  if (method === "GET" && path === "/api/timeline.svg") {
    const last = await lastTimeline(project);
    if (!last) return send(response, 404, { error: "no start recorded for this group yet" });
    return sendText(response, 200, "image/svg+xml; charset=utf-8", timelineSvg(last.timeline, last.criticalPath));
  }
  if (method === "GET" && path === "/api/logs") {
    const service = url.searchParams.get("service") ?? "";
    if (!project.graph.has(service)) return send(response, 404, { error: `no service "${service}"` });
    const tail = Number(url.searchParams.get("tail") ?? "500");
    return followLogs(project, service, Number.isInteger(tail) && tail >= 0 ? tail : 500, response);
  }
  const action = /^\/api\/services\/([^/]+)\/([a-z]+)$/.exec(path);
  if (action) {
    const [, service = "", word = ""] = action;
    if (method !== "POST") return send(response, 405, { error: "use POST" });
    if (typeof headerToken !== "string") return send(response, 403, { error: `send the token in ${tokenHeader}` });
    if (!project.graph.has(decodeURIComponent(service)))
      return send(response, 404, { error: `no service "${service}"` });
    if (!isServiceAction(word)) return send(response, 404, { error: `no action "${word}"` });
    const tell = (update: ActionUpdate) => {
      channel.send("action", update);
      if (update.status !== "running") feed.changed();
    };
    const { id, done } = runServiceAction(project, decodeURIComponent(service), word, tell, options.savedContext);
    void done;
    return send(response, 202, { id });
  }
  send(response, 404, { error: `not found: ${method} ${path}` });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  sendText(response, status, "application/json; charset=utf-8", JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    "content-type": type,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    // Nothing from elsewhere: the page's script and its own requests only.
    "content-security-policy":
      "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  response.end(body);
}

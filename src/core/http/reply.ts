// Writing an answer, in a way that cannot throw. The reply path is where the
// last error of a request is handled: if it threw too, the request would hang
// forever (and, before the payload limits, every later error reply with it).
import type { ServerResponse } from "node:http";
import { messageOf } from "../errors.js";
import { httpDate } from "../timestamp.js";

export interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
}

/** The reply as text; a body that cannot be serialised (a cycle, a hostile shape) becomes a 500 saying so. */
export function serialize(reply: Reply): { status: number; text: string; contentType: string } {
  const contentType = reply.contentType ?? "application/json; charset=utf-8";
  if (typeof reply.body === "string") return { status: reply.status, text: reply.body, contentType };
  try {
    return { status: reply.status, text: `${JSON.stringify(reply.body, null, 2)}\n`, contentType };
  } catch (error) {
    const body = { error: `the reply could not be written as JSON: ${messageOf(error)}`, status: 500 };
    return { status: 500, text: `${JSON.stringify(body, null, 2)}\n`, contentType: "application/json; charset=utf-8" };
  }
}

/**
 * Sends the reply unless the response is already gone (the client hung up).
 * Returns false when nothing could be sent; then the socket is destroyed so
 * the connection cannot hang half-answered. The Date header is written here
 * (the server turns off Node's own, see createCoreServer).
 */
export function send(response: ServerResponse, reply: Reply, headers: Record<string, string> = {}): boolean {
  if (response.headersSent || response.writableEnded || response.destroyed) return false;
  try {
    const { status, text, contentType } = serialize(reply);
    response.writeHead(status, {
      Date: httpDate(Date.now()),
      "Content-Type": contentType,
      "Content-Length": Buffer.byteLength(text),
      ...headers,
    });
    response.end(response.req.method === "HEAD" ? undefined : text);
    return true;
  } catch {
    response.destroy();
    return false;
  }
}

// Reads a JSON object body with a size limit: 413 past the limit, 400 when it
// is not JSON or not an object. An empty body counts as `{}`.
import type { IncomingMessage } from "node:http";
import type { Payload } from "../adapter.js";
import { HttpError } from "./http-error.js";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonBody(request: IncomingMessage, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Payload> {
  const declared = Number(request.headers["content-length"] ?? 0);
  const tooLarge = new HttpError(413, `the request body is larger than ${maxBytes} bytes`, { Connection: "close" });
  if (declared > maxBytes) throw tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) throw tooLarge;
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new HttpError(
      400,
      `the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "the request body must be a JSON object");
  }
  return value as Payload;
}

// Reads a JSON object body with a size limit: 413 past the limit, 400 when it
// is not JSON, not an object, or nested deeper than MAX_JSON_DEPTH (checked on
// the text, before parsing, so nothing downstream ever walks a hostile shape).
// An empty body counts as `{}`.
import type { IncomingMessage } from "node:http";
import type { Payload } from "../adapter.js";
import { BodyBudget } from "./body-budget.js";
import { HttpError } from "./http-error.js";
import { jsonDepth, MAX_JSON_DEPTH } from "./json-depth.js";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Headers of an answer sent before the body was read: the rest of it is not wanted, so the connection ends. */
export const CLOSE = { Connection: "close" } as const;

const unlimited = new BodyBudget(Number.POSITIVE_INFINITY);

export async function readJsonBody(
  request: IncomingMessage,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
  budget = unlimited,
): Promise<Payload> {
  const declared = Number(request.headers["content-length"] ?? 0);
  const tooLarge = new HttpError(413, `the request body is larger than ${maxBytes} bytes`, CLOSE);
  if (declared > maxBytes) throw tooLarge;
  let taken = 0;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      const buffer = chunk as Buffer;
      if (taken + buffer.length > maxBytes) throw tooLarge;
      if (!budget.take(buffer.length)) {
        throw new HttpError(503, "too many request bodies are being received at once; try again", {
          ...CLOSE,
          "Retry-After": "1",
        });
      }
      taken += buffer.length;
      chunks.push(buffer);
    }
    // Still within the budget: the copies made here (text, parsed value) are the body's too.
    return parseObject(Buffer.concat(chunks).toString("utf8").trim());
  } finally {
    budget.give(taken);
  }
}

function parseObject(text: string): Payload {
  if (text === "") return {};
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) {
    throw new HttpError(400, `the request body nests ${depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HttpError(400, `the request body is not valid JSON: ${reason.slice(0, 200)}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new HttpError(400, "the request body must be a JSON object");
  }
  return value as Payload;
}

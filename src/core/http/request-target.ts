// The route of a request: the path of its target, without trailing slashes.
import { HttpError } from "./http-error.js";

const SLASH = 0x2f;

export function routeOf(target: string | undefined): string {
  let path: string;
  try {
    path = new URL(target ?? "/", "http://core").pathname;
  } catch {
    throw new HttpError(400, "the request target is not a valid URL path", { Connection: "close" });
  }
  // A loop, not /\/+$/: that regex takes quadratic time on a long run of slashes.
  let end = path.length;
  while (end > 1 && path.charCodeAt(end - 1) === SLASH) end--;
  return path.slice(0, end);
}

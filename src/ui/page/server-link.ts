/** The page's way to its server: the token from the address it was opened with, on every request. */
const token = new URLSearchParams(location.search).get("token") ?? "";

/** An address of the server with the token in its query (EventSource and <img> cannot send headers). */
export function withToken(path: string, query: Record<string, string> = {}): string {
  return `${path}?${new URLSearchParams({ ...query, token }).toString()}`;
}

/** Presses a button: POST with the token in a header (a form from another site cannot set one). */
export async function postAction(service: string, action: string): Promise<void> {
  const response = await fetch(`api/services/${encodeURIComponent(service)}/${action}`, {
    method: "POST",
    headers: { "x-boss-token": token },
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? `${response.status}`);
  }
}

/** Listens to a server-sent event stream: `on` per event name with its parsed JSON; returns the closer. */
export function listen(
  path: string,
  query: Record<string, string>,
  on: Record<string, (data: unknown) => void>,
  onOpenChange?: (open: boolean) => void,
): () => void {
  const source = new EventSource(withToken(path, query));
  for (const [event, handler] of Object.entries(on)) {
    source.addEventListener(event, (message) => handler(JSON.parse((message as MessageEvent<string>).data)));
  }
  source.onopen = () => onOpenChange?.(true);
  source.onerror = () => onOpenChange?.(false);
  return () => source.close();
}

// The todo app: an HTML page at / and a JSON API under /api, for one owner.
//
//   GET  /                        the page
//   GET  /api/todos               [{ id, title, done, createdAt }]
//   POST /api/todos               { "title": "…" } -> 201 with the todo
//   POST /api/todos/:id/complete  -> 200 with the todo, 404 when it is not the owner's
//   GET  /health                  200 once the database answers, else 503
//
// Configuration from the environment: DATABASE_URL, OWNER_ID, PORT (8080).
import { createServer } from "node:http";
import { renderPage } from "./page.js";
import { TodoStore } from "./store.js";

const databaseUrl = process.env.DATABASE_URL;
const ownerId = Number(process.env.OWNER_ID);
const port = Number(process.env.PORT ?? 8080);
if (!databaseUrl || !Number.isInteger(ownerId)) {
  console.error("todo: set DATABASE_URL and OWNER_ID (an integer)");
  process.exit(2);
}

const store = new TodoStore(databaseUrl, ownerId);
const owner = await store.migrate();

/**
 * @param {import("node:http").ServerResponse} response
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(response, status, body) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** @param {import("node:http").IncomingMessage} request @returns {Promise<unknown>} */
async function readJson(request) {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : {};
}

/** @param {import("node:http").IncomingMessage} request @param {import("node:http").ServerResponse} response */
async function route(request, response) {
  const { pathname } = new URL(request.url ?? "/", "http://localhost");
  const method = request.method ?? "GET";
  if (method === "GET" && pathname === "/") {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return response.end(renderPage(owner));
  }
  if (method === "GET" && pathname === "/health") {
    const ok = await store.healthy();
    return sendJson(response, ok ? 200 : 503, { ok, owner });
  }
  if (method === "GET" && pathname === "/api/todos") return sendJson(response, 200, await store.list());
  if (method === "POST" && pathname === "/api/todos") {
    const body = /** @type {{ title?: unknown }} */ (await readJson(request));
    const title = typeof body.title === "string" ? body.title.trim() : "";
    if (!title) return sendJson(response, 400, { error: 'send {"title": "…"} with a non-empty title' });
    return sendJson(response, 201, await store.create(title));
  }
  const complete = /^\/api\/todos\/(\d+)\/complete$/.exec(pathname);
  if (method === "POST" && complete) {
    const todo = await store.complete(Number(complete[1]));
    return todo ? sendJson(response, 200, todo) : sendJson(response, 404, { error: "no such todo" });
  }
  sendJson(response, 404, { error: `no route for ${method} ${pathname}` });
}

const server = createServer((request, response) => {
  route(request, response).catch((error) => {
    const status = error instanceof SyntaxError ? 400 : 500;
    sendJson(response, status, { error: error instanceof Error ? error.message : String(error) });
  });
});

server.listen(port, () => console.log(`todo: listening on :${port} for owner ${owner} (id ${ownerId})`));

// docker stop sends SIGTERM; finish what is in flight, close the pool, exit 0.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close(() => store.close().then(() => process.exit(0)));
    server.closeAllConnections();
  });
}

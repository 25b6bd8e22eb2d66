// A tiny JSON HTTP server: routes are "METHOD /path" -> async (body) => [status, value].
import { createServer } from "node:http";

export function serve(name, routes, port = Number(process.env.PORT ?? 8080)) {
  const server = createServer(async (request, response) => {
    const route = routes[`${request.method} ${request.url}`];
    let status = 404;
    let value = { error: `no route ${request.method} ${request.url}` };
    try {
      if (route) [status, value] = await route(await body(request));
    } catch (error) {
      [status, value] = [500, { error: error.message }];
    }
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(value));
  });
  server.listen(port, () => console.log(`${name} listening on ${port}`));
  // SIGTERM from docker stop: close and exit at once rather than wait for the grace period.
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
  return server;
}

async function body(request) {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : {};
}

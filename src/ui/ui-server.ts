import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Project } from "../orchestrator/project.js";
import { GroupFeed, type FeedTiming } from "./group-feed.js";
import { SavedContext } from "./saved-context.js";
import { SseChannel } from "./sse-channel.js";
import { uiRoutes } from "./ui-routes.js";
import { newUiToken } from "./ui-token.js";

export interface UiServerOptions {
  project: Project;
  /** 0 (the default): a free port the system picks. */
  port?: number;
  /** Given by tests; default: a new random one. */
  token?: string;
  timing?: FeedTiming;
}

export interface UiServer {
  /** The address to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Only this machine: the page drives the group's containers. */
const host = "127.0.0.1";

/**
 * `boss ui`'s server: the page, its script, the group's state as server-sent
 * events, logs, the last timeline and the buttons, on 127.0.0.1 behind a
 * token made for this run.
 */
export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const token = options.token ?? newUiToken();
  const channel = new SseChannel();
  // Before the first read of .boss-context: what the Context holds now, the services file set.
  const savedContext = new SavedContext(options.project);
  const feed = new GroupFeed(options.project, channel, savedContext, options.timing);
  await feed.start();
  const server = createServer(uiRoutes({ project: options.project, feed, channel, savedContext, token }));
  try {
    await listen(server, options.port ?? 0);
  } catch (error) {
    await feed.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      await feed.stop();
      // Event streams never end by themselves.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

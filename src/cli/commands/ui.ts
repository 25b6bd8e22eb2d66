import { Command, Option } from "clipanion";
import * as t from "typanion";
import { UserError } from "../../errors.js";
import { BossCommand } from "../base-command.js";
import { openBrowser } from "../open-browser.js";

export class UiCommand extends BossCommand {
  static override paths = [["ui"]];

  static override usage = Command.Usage({
    description: "Serve a live dashboard of the group in the browser: graph, states, logs, timeline, metrics, buttons",
    details: `
      Serves a page on 127.0.0.1 (a free port unless --port) and prints its address; the address carries a token
      made for this run, and every request without it is refused. The page shows the dependency graph, each
      service's state and readiness as they change (also when another boss starts or stops services), its ports as
      links, its logs, the last start's timeline and the metrics of controlled services, with buttons to reload,
      restart, stop and start a service. Ctrl-C ends it (exit code 0).
    `,
    examples: [
      ["Open the dashboard", "$0 ui"],
      ["On a fixed port, without opening a browser", "$0 ui --port 7700 --no-open"],
    ],
  });

  port = Option.String("--port", {
    description: "Port on 127.0.0.1 (default: a free one)",
    validator: t.cascade(t.isNumber(), [t.isInteger(), t.isInInclusiveRange(1, 65535)]),
  });
  noOpen = Option.Boolean("--no-open", false, { description: "Only print the address; do not open a browser" });

  async execute(): Promise<number> {
    const project = await this.loadProject();
    // The server, its page and its file watching only for this command: `boss --help` and the rest stay light.
    const { startUiServer } = await import("../../ui/ui-server.js");
    const server = await startUiServer({ project, ...(this.port !== undefined ? { port: this.port } : {}) }).catch(
      (error: unknown) => {
        if ((error as { code?: string }).code === "EADDRINUSE")
          throw new UserError(`--port ${this.port}: the port is in use on 127.0.0.1; pick another or leave it out`);
        throw error;
      },
    );
    this.renderer.report([`boss ui: ${server.url}`], { url: server.url, port: server.port });
    if (!this.noOpen) openBrowser(server.url);
    // Until Ctrl-C (or SIGTERM), which ends the dashboard and only it: exit code 0.
    await new Promise<void>((resolve) => {
      const end = () => {
        process.off("SIGINT", end);
        process.off("SIGTERM", end);
        resolve();
      };
      process.on("SIGINT", end);
      process.on("SIGTERM", end);
    });
    await server.close();
    return 0;
  }
}

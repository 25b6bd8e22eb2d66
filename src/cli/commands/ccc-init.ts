import { Command, Option } from "clipanion";
import { relative, resolve } from "node:path";
import { initCccProject, MissingCoreBuildError } from "../../ccc-scaffold/init-ccc-project.js";
import { ExitCode, UserError } from "../../errors.js";
import { BossCommand } from "../base-command.js";

export class CccInitCommand extends BossCommand {
  static override paths = [["ccc", "init"]];

  static override usage = Command.Usage({
    description: "Lay out a Container Control Core image: the core, an adapter, config.yaml and a Dockerfile",
    details: `
      Writes ccc-core.cjs (the one immutable core), the adapter base class and its types, a skeleton adapter
      (my_adapter.cjs), config.yaml, a Dockerfile and a .dockerignore into DIR.
      Re-running it updates the core and the adapter base; your adapter, config.yaml and Dockerfile are never overwritten.
    `,
    examples: [
      ["Create an image project in ./my-app", "$0 ccc init my-app"],
      ["Update the core of an existing project", "$0 ccc init ."],
    ],
  });

  dir = Option.String({ name: "DIR", required: true });

  async execute(): Promise<number> {
    const dir = resolve(this.context.cwd, this.dir);
    let result;
    try {
      result = await initCccProject(dir);
    } catch (error) {
      if (error instanceof MissingCoreBuildError) throw new UserError(error.message, {}, { cause: error });
      throw error;
    }
    const shown = relative(this.context.cwd, dir) || ".";
    const lines = [
      ...result.written.map((f) => `wrote    ${shown}/${f}`),
      ...result.updated.map((f) => `updated  ${shown}/${f}`),
      ...result.skipped.map((f) => `kept     ${shown}/${f} (yours)`),
      `next: edit ${shown}/my_adapter.cjs and ${shown}/config.yaml, then docker build -t my-app ${shown}`,
    ];
    this.renderer.result(lines, { command: "ccc init", dir, ...result });
    return ExitCode.ok;
  }
}

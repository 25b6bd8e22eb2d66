import { Command, Option } from "clipanion";
import { resolve } from "node:path";
import { ExitCode, UserError } from "../../errors.js";
import { initProject } from "../../init/init-project.js";
import { BossCommand } from "../base-command.js";

export class InitCommand extends BossCommand {
  static override paths = [["init"]];

  static override usage = Command.Usage({
    description:
      "Write a starter boss.ts (or one converted from a compose file) and what an editor needs for its types",
    details: `
      Writes boss.ts here (or the file given by -f), and a tsconfig.json beside it that points \`import "boss"\`
      at this boss's types, so an editor resolves them without node_modules or \`npm link\`.
      An existing services file is never overwritten (exit 2); a tsconfig.json boss did not write is kept.

      With --from-compose, the services file is converted from a compose file (compose.yaml, compose.yml,
      docker-compose.yaml or docker-compose.yml here, unless one is named): variables are substituted as compose
      does (with the .env beside it), the file is checked against compose's schema, and what has no boss
      equivalent stays as a \`// compose:\` comment and is listed on stderr (docs/from-compose.md).
    `,
    examples: [
      ["Start a services file here", "$0 init"],
      ["Convert the compose file here", "$0 init --from-compose"],
      ["Convert a named compose file", "$0 init --from-compose deploy/docker-compose.yml"],
      ["Only the editor's tsconfig.json, beside an existing boss.ts", "$0 init --editor"],
    ],
  });

  fromCompose = Option.Boolean("--from-compose", false, {
    description: "Convert a compose file (COMPOSE_FILE, default: compose's file names here)",
  });
  editor = Option.Boolean("--editor", false, {
    description: "Write only the tsconfig.json an editor needs (for an existing services file)",
  });
  composeFile = Option.String({ name: "COMPOSE_FILE", required: false });

  async execute(): Promise<number> {
    const { cwd, env } = this.context;
    const servicesFile = resolve(cwd, this.file ?? "boss.ts");
    let content: string | undefined;
    let notes: string[] = [];
    if (this.composeFile !== undefined && !this.fromCompose) {
      throw new UserError(`a compose file (${this.composeFile}) is read only with --from-compose`);
    }
    if (this.fromCompose) {
      // Loaded only here: the compose schema and its validator are most of this command's start-up.
      const { servicesFileFromCompose } = await import("../../init/compose/from-compose.js");
      ({ content, notes } = servicesFileFromCompose({ cwd, given: this.composeFile, servicesFile, env }));
    }
    const result = await initProject({ servicesFile, editorOnly: this.editor, ...(content ? { content } : {}) });
    if (!this.json) for (const note of notes) this.context.stderr.write(`note: ${note}\n`);
    const lines = [
      ...result.written.map((f) => `wrote    ${f}`),
      ...result.updated.map((f) => `updated  ${f} (boss's, for this boss)`),
      ...result.kept.map((f) => `kept     ${f} (yours: see docs/commands.md#boss-init for the paths an editor needs)`),
      ...(this.editor ? [] : ["next: boss start"]),
    ];
    this.renderer.result(lines, { command: "init", servicesFile, ...result, notes });
    return ExitCode.ok;
  }
}

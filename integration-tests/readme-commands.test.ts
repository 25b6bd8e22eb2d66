// Every command the README shows works as written. The README's ```sh blocks
// must hold exactly the commands listed below (so the README and this test
// change together), and each one is run as a reader would: by bash, one line
// after another, in a copy of the demo, with what a line changes (cd, export)
// carried to the next. The copy differs from the reader's checkout in what the
// list of substitutions says — its own group and free host ports — and nothing else.
//
// The set-up commands are checked but not run: `npm test` runs this very file,
// and `npm run demo` would start the demo on port 8080 under the group
// readme-demo, which a developer's own demo uses. In their place the copy is
// started as scripts/demo.sh starts it (`boss start` with the local images),
// and `boss` is on PATH as `npm link` puts it there: the built binary.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { after, before, describe, it } from "node:test";
import {
  bossBin,
  removeGroup,
  containersOf,
  engineUnavailable,
  networksOf,
  plainOutputEnv,
  repoRoot,
  runBoss,
} from "./harness.js";
import { runProcess } from "../test/helpers/run-process.js";
import { copyReadmeDemo, demoImagesMissing, todoPage, type DemoCopy, type Todo } from "./readme-demo-copy.js";
import {
  brokenLinks,
  documentationFiles,
  exportedValues,
  fencedBlocks,
  helpSynopsis,
  shellCommands,
  synopsisLines,
} from "./readme-markdown.js";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

/** The README's first block: the project's two set-up commands, not run here (see above). */
const setUp = ["npm run demo", "npm test"];

interface ShellRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Step {
  /** The command as the README shows it, without its comment. */
  command: string;
  /** What the README's prose has the reader do before it. */
  before?: () => Promise<void>;
  check: (run: ShellRun) => Promise<void> | void;
  timeoutMs?: number;
}

let copy: DemoCopy;
let containers: Record<string, string> = {};

/** The README's commands after the set-up, in the README's order, each with what must hold after it. */
const steps: Step[] = [
  {
    command: `curl -X POST -H 'content-type: application/json' -d '{"title":"try boss"}' http://127.0.0.1:8080/api/todos`,
    check: ({ stdout }) => {
      const todo = JSON.parse(stdout) as Todo;
      // The README completes todo 1 two lines further down: the first todo of a fresh database.
      assert.deepEqual([todo.id, todo.title, todo.done], [1, "try boss", false]);
    },
  },
  {
    command: "curl http://127.0.0.1:8080/api/todos",
    check: ({ stdout }) =>
      assert.deepEqual(
        (JSON.parse(stdout) as Todo[]).map((t) => t.title),
        ["try boss"],
      ),
  },
  {
    command: "curl -X POST http://127.0.0.1:8080/api/todos/1/complete",
    check: ({ stdout }) => assert.equal((JSON.parse(stdout) as Todo).done, true),
  },
  {
    command: "cd examples/readme-demo",
    check: () => assert.equal(shell.cwd, copy.dir),
  },
  {
    command: "export POSTGRES_IMAGE=boss-postgres:15 NODE_IMAGE=boss-node:20",
    check: () =>
      assert.deepEqual([shell.env.POSTGRES_IMAGE, shell.env.NODE_IMAGE], ["boss-postgres:15", "boss-node:20"]),
  },
  {
    command: "boss status",
    check: ({ stdout }) => {
      assert.match(stdout, /^appdb\s+running\s+yes\s/m);
      assert.match(stdout, /^todo\s+running\s+yes\s/m);
      assert.match(stdout, /^appdb\s+anonymous \w+\s+\/var\/lib\/postgresql\/data$/m, "the volumes table");
    },
  },
  {
    command: "boss exec appdb -- psql -U dbuser -d appdb -c 'SELECT * FROM todos'",
    check: ({ stdout }) => assert.match(stdout, /\btry boss\s*\|\s*t\s*\|/),
  },
  {
    command: "boss reload todo",
    timeoutMs: 180_000,
    before: async () => {
      containers = await running();
      const page = join(copy.root, "sample-apps", "todo", "src", "page.js");
      const source = await readFile(page, "utf8");
      assert.ok(source.includes("<h1>Todos</h1>"), "the <h1> the README tells the reader to edit");
      await writeFile(page, source.replace("<h1>Todos</h1>", "<h1>My todos</h1>"));
    },
    check: async () => {
      const now = await running();
      assert.equal(now.appdb, containers.appdb, "the database keeps running, in the same container");
      assert.notEqual(now.todo, containers.todo, "a new todo container");
      assert.match(await todoPage(copy), /<h1>My todos<\/h1>/);
      containers = now;
    },
  },
  {
    command: "boss start",
    check: async ({ stdout }) => {
      assert.match(stdout, /^appdb: kept — already running, same definition/m);
      assert.match(stdout, /^todo: kept — already running, same definition/m);
      assert.match(stdout, /^already running: appdb, todo$/m);
      assert.deepEqual(await running(), containers, "nothing changes");
    },
  },
  {
    command: "boss logs --tail 5 todo",
    check: ({ stdout }) => {
      const lines = stdout.trimEnd().split("\n");
      assert.ok(lines.length >= 1 && lines.length <= 5, stdout);
      for (const line of lines) assert.match(line, /^todo \| /);
      assert.match(stdout, /listening on :8080/);
    },
  },
  {
    command: "boss stop --remove",
    check: async ({ stdout }) => {
      assert.match(stdout, /^stopped: appdb, todo$/m);
      assert.deepEqual(await containersOf(copy.group), []);
      assert.deepEqual(await networksOf(copy.group), []);
      assert.equal(existsSync(join(copy.dir, ".boss-context")), false);
    },
  },
];

/**
 * Where the copy differs from a reader's checkout: the todo app's host port
 * (TODO_PORT; the database's, DB_PORT, appears in no command) and the folder,
 * whose name is the group's.
 */
function substitute(command: string): string {
  return command
    .replaceAll("127.0.0.1:8080", `127.0.0.1:${copy.todoPort}`)
    .replaceAll("examples/readme-demo", `examples/${copy.group}`);
}

/** A terminal of one's own: each line runs in bash, and the folder and exported variables it leaves carry on. */
const shell = {
  cwd: "",
  env: {} as NodeJS.ProcessEnv,
  stateDir: "",

  async run(command: string, timeoutMs = 120_000): Promise<ShellRun> {
    const script = `${command}\n__status=$?\npwd > "$__STATE/cwd"\nenv -0 > "$__STATE/env"\nexit $__status\n`;
    const { code, stdout, stderr } = await runProcess("bash", ["-c", script], {
      cwd: this.cwd,
      env: { ...this.env, __STATE: this.stateDir },
      timeoutMs,
    });
    await this.keepState();
    return { code, stdout, stderr };
  },

  async keepState(): Promise<void> {
    this.cwd = (await readFile(join(this.stateDir, "cwd"), "utf8")).trim();
    const pairs = (await readFile(join(this.stateDir, "env"), "utf8")).split("\0").filter(Boolean);
    this.env = Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]));
    delete this.env.__STATE;
  },
};

/** service → id of the copy's running containers. */
async function running(): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const c of await containersOf(copy.group))
    if (c.State === "running") ids[c.Labels["boss.service"] ?? "?"] = c.Id;
  return ids;
}

describe("the README and docs/ agree with this test and with boss", () => {
  it("shows the set-up commands, then exactly the commands this test runs, in the same order", () => {
    const blocks = shellCommands(readme);
    assert.deepEqual(blocks[0], setUp, "the first sh block: the two set-up commands");
    assert.deepEqual(
      blocks.slice(1).flat(),
      steps.map((s) => s.command),
      "README.md's sh blocks and the steps of integration-tests/readme-commands.test.ts must change together",
    );
  });

  it("exports the local images scripts/demo.sh starts the demo with", () => {
    const line = steps.map((s) => s.command).find((c) => c.startsWith("export "));
    const demo = readFileSync(join(repoRoot, "scripts", "demo.sh"), "utf8");
    const demoLine = demo.split("\n").find((l) => l.trim().startsWith("export "));
    assert.ok(line && demoLine);
    assert.deepEqual(exportedValues(line), exportedValues(demoLine));
  });

  it("has a synopsis line for each command, with the options boss has", () => {
    const section = readme.slice(readme.indexOf("\n## Commands\n"));
    const synopsis = synopsisLines(fencedBlocks(section, "")[0] ?? []);
    const help = spawnSync(process.execPath, [bossBin, "--help"], { encoding: "utf8" });
    assert.equal(help.status, 0, `boss --help (npm run build first): ${help.stderr}`);
    const commands = helpSynopsis(stripVTControlCharacters(help.stdout));
    assert.deepEqual(synopsis.map((s) => s.command).sort(), commands.map((c) => c.command).sort());
    const everyCommand = ["--file", "--json", "--plain"]; // said once, below the synopsis
    for (const { command, options } of commands) {
      const shown = synopsis.find((s) => s.command === command)?.options ?? [];
      assert.deepEqual(
        shown.filter((o) => !options.includes(o)),
        [],
        `boss ${command} has no such option`,
      );
      const missing = options.filter((o) => !shown.includes(o) && !everyCommand.includes(o));
      assert.deepEqual(missing, [], `the README's synopsis of boss ${command} leaves out options`);
    }
  });

  it("links only to files and headings that exist", () => {
    assert.deepEqual(documentationFiles().flatMap(brokenLinks), []);
  });
});

const skip = (await engineUnavailable()) ?? (await demoImagesMissing());

describe("the README's commands, run as written in a copy of the demo", { skip, timeout: 360_000 }, () => {
  let startOutput = "";

  before(async () => {
    copy = await copyReadmeDemo("readme-cmds");
    // What `npm run demo` leaves: the demo started with the local images (scripts/demo.sh).
    const start = await runBoss(copy.dir, ["start"], { env: copy.env, timeoutMs: 180_000 });
    assert.equal(start.code, 0, start.output);
    startOutput = start.stdout;
    // A new terminal: the copy's ports and image tag (the substitutions), boss on PATH, not the images yet.
    const bin = join(copy.root, ".bin");
    await mkdir(bin);
    await writeFile(
      join(bin, "boss"),
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(bossBin)} "$@"\n`,
    );
    await chmod(join(bin, "boss"), 0o755);
    const { POSTGRES_IMAGE: _postgres, NODE_IMAGE: _node, ...env } = process.env;
    const { DB_PORT, TODO_PORT, TODO_IMAGE } = copy.env;
    shell.env = { ...env, DB_PORT, TODO_PORT, TODO_IMAGE, ...plainOutputEnv, PATH: `${bin}:${process.env.PATH ?? ""}` };
    shell.cwd = copy.root;
    shell.stateDir = join(copy.root, ".shell-state");
    await mkdir(shell.stateDir);
  });
  after(async () => {
    if (copy) await removeGroup(copy.group, copy.root);
  });

  it("prints what the README shows when the demo starts", () => {
    const section = readme.slice(readme.indexOf("\n## Quick start"));
    const shown = fencedBlocks(section, "")[0] ?? [];
    assert.ok(shown.length > 5, "the README shows the demo's output");
    let from = 0;
    const lines = startOutput.split("\n");
    for (const line of shown) {
      const pattern = new RegExp(
        "^" +
          substitute(line)
            .replace("todo:0.1.0", copy.todoImage)
            .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
            .replace(/…/g, ".*")
            .replace(/\\\(\d+\\\.\d+ s\\\)/g, "\\(\\d+\\.\\d+ s\\)") +
          "$",
      );
      const at = lines.findIndex((l, i) => i >= from && pattern.test(l));
      assert.ok(at >= 0, `"${line}" (in this order) in:\n${startOutput}`);
      from = at + 1;
    }
  });

  for (const step of steps) {
    it(step.command, async () => {
      await step.before?.();
      const result = await shell.run(substitute(step.command), step.timeoutMs);
      assert.equal(result.code, 0, `${substitute(step.command)}\n${result.stdout}${result.stderr}`);
      await step.check(result);
    });
  }
});

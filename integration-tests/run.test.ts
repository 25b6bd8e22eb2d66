import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  bossBin,
  removeGroup,
  containersOf,
  engineUnavailable,
  makeProject,
  plainOutputEnv,
  runBoss,
  servicesFilePreamble,
  uniqueGroup,
  type BossRun,
} from "./harness.js";
import { runProcess } from "../test/helpers/run-process.js";

const skip = await engineUnavailable();

/**
 * Runs `sh file` under `script`, which gives it a pseudo-terminal. Each step
 * waits for its text in the output, then acts (types keys, touches a file).
 * Resolves with the output and the exit code (the script's).
 */
function underTerminal(cwd: string, file: string, steps: Array<[string, () => string | void]>): Promise<BossRun> {
  let output = "";
  let next = 0;
  return runProcess("script", ["-qefc", `sh ${file}`, "/dev/null"], {
    cwd,
    env: { ...process.env, ...plainOutputEnv },
    interactive: true,
    timeoutMs: 60_000,
    onStdout: (chunk, child) => {
      output += chunk;
      for (let step = steps[next]; step && output.includes(step[0]); step = steps[next]) {
        next++;
        const keys = step[1]();
        if (keys) child.stdin?.write(keys);
      }
    },
  });
}

/** In the container: read a line, report the size, wait for 40x120, then wait for Ctrl-C (exit 9). */
const interactive = [
  "echo waiting-for-input",
  "read a",
  'echo "got:$a"',
  "stty size",
  "n=0",
  'while [ "$(stty size)" != "40 120" ] && [ $n -lt 150 ]; do sleep 0.1; n=$((n+1)); done',
  "stty size",
  'trap "echo caught-int; exit 9" INT',
  "echo waiting-for-ctrl-c",
  "while true; do sleep 0.1; done",
].join("; ");

/** Outside: boss on the terminal; the window is resized when the test creates `resize-now`. */
function terminalScript(): string {
  return `stty cols 100 rows 30
${process.execPath} ${bossBin} run --no-deps tool -- sh -c '${interactive}' </dev/tty &
pid=$!
while [ ! -e resize-now ]; do sleep 0.1; done
stty cols 120 rows 40
wait $pid
code=$?
if stty -a | grep -q -- -icanon; then echo terminal-left-raw; else echo terminal-restored; fi
exit $code
`;
}

describe("boss run", { skip, timeout: 90_000 }, () => {
  const group = uniqueGroup("run");
  let dir = "";
  before(async () => {
    dir = await makeProject({
      "boss.ts":
        servicesFilePreamble(group) +
        `Context.set("greeting", "hello from the context");
export class Db extends Service { name = "db"; image = busybox; cmd = httpd("db page"); stopSignal = "SIGKILL" as const; }
export class Tool extends Service {
  name = "tool";
  image = busybox;
  dependencies = [Db];
  env = { GREETING: "{greeting}" };
  volumes = ["./shared:/shared"];
  cmd = ["sh", "-c", "echo default cmd"];
}
`,
      "shared/note.txt": "from the host\n",
    });
  });
  after(() => removeGroup(group, dir));

  it("starts the dependencies, reaches them by name, has env and volumes, and keeps the exit code", async () => {
    const run = await runBoss(dir, [
      "run",
      "tool",
      "--",
      "sh",
      "-c",
      'wget -qO- http://db/; echo "$GREETING"; cat /shared/note.txt; echo out > /shared/written; exit 7',
    ]);
    assert.equal(run.code, 7, run.output);
    assert.equal(run.stdout, "db page\nhello from the context\nfrom the host\n");
    assert.match(run.stderr, /^db: ready/m, "the dependency's progress goes to stderr");
    assert.ok(existsSync(join(dir, "shared", "written")));
    // The one-off is gone; only db's container is left, and tool never got one of its own.
    const left = await containersOf(group);
    assert.deepEqual(
      left.map((c) => c.Labels["boss.service"]),
      ["db"],
    );
  });

  it("without a command runs the service's cmd; exit 0 passes through", async () => {
    const run = await runBoss(dir, ["run", "--no-deps", "tool"]);
    assert.equal(run.code, 0, run.output);
    assert.equal(run.stdout, "default cmd\n");
    assert.equal(run.stderr, "", "nothing to start with --no-deps");
  });

  it("pipes stdin in, and its end closes the command's stdin", async () => {
    // stdin a pipe, not a terminal
    const run = await runBoss(dir, ["run", "--no-deps", "tool", "--", "sh", "-c", "cat; echo done >&2"], {
      input: "hi\nthere\n",
      timeoutMs: 60_000,
    });
    assert.equal(run.code, 0, run.output);
    assert.equal(run.stdout, "hi\nthere\n");
    assert.equal(run.stderr, "done\n");
  });

  it("is not the service's container: status and stop leave it alone while it runs", async () => {
    // It runs until the test creates shared/go.
    const command = "while [ ! -e /shared/go ]; do sleep 0.1; done; echo finished";
    const running = runBoss(dir, ["run", "--no-deps", "tool", "--", "sh", "-c", command]);
    for (let i = 0; i < 300 && (await containersOf(group, "tool")).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const oneOffs = await containersOf(group, "tool");
    assert.equal(oneOffs.length, 1);
    assert.equal(oneOffs[0]?.Labels["boss.one-off"], "true");
    const status = await runBoss(dir, ["status", "--json"]);
    const tool = (JSON.parse(status.stdout) as { services: Array<{ name: string; state: string }> }).services.find(
      (s) => s.name === "tool",
    );
    assert.equal(tool?.state, "missing", status.output);
    const stop = await runBoss(dir, ["stop", "--exclude", "db"]);
    assert.equal(stop.code, 0, stop.output);
    assert.equal((await containersOf(group, "tool"))[0]?.State, "running", "stop left the one-off running");
    await writeFile(join(dir, "shared", "go"), "");
    const run = await running;
    assert.equal(run.code, 0, run.output);
    assert.equal(run.stdout, "finished\n");
  });

  it("on a terminal: interactive, with the window size, resizes forwarded, Ctrl-C to the command", async () => {
    await writeFile(join(dir, "terminal.sh"), terminalScript());
    const run = await underTerminal(dir, "terminal.sh", [
      ["waiting-for-input", () => "first line\r"],
      ["30 100", () => void writeFileSync(join(dir, "resize-now"), "")],
      ["waiting-for-ctrl-c", () => "\u0003"],
    ]);
    const lines = run.output.split(/\r?\n/).map((l) => l.replace(/\r/g, "").replace(/^\^C/, "")); // ^C: the terminal echoing Ctrl-C
    assert.equal(run.code, 9, run.output);
    for (const expected of ["got:first line", "30 100", "40 120", "caught-int", "terminal-restored"]) {
      assert.ok(lines.includes(expected), `no line "${expected}" in:\n${run.output}`);
    }
  });
});

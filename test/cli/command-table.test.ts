import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Cli } from "clipanion";
import type { BossContext } from "../../src/cli/base-command.js";
import { buildCli } from "../../src/cli/cli.js";
import { allCommands, commandsByWord } from "../../src/cli/command-table.js";
import { bossInProcess } from "../helpers/run-cli.js";

/** Every path the full CLI knows, as clipanion lists its commands. */
function registeredPaths(cli: Cli<BossContext>): string[][] {
  return cli.definitions().map((d) => d.path.split(" ").slice(1));
}

describe("the command table (one command loaded per run)", () => {
  it("names every registered command by its first word, and loads a command whose path starts with it", async () => {
    const full = buildCli(await allCommands());
    const words = new Set(registeredPaths(full).map((path) => path[0]!));
    for (const word of ["help", "version"]) words.delete(word); // clipanion's builtins (-h, -v), always registered
    for (const word of words) assert.ok(Object.hasOwn(commandsByWord, word), `"${word}" is missing from the table`);
    for (const [word, load] of Object.entries(commandsByWord)) {
      const paths = (await load()).flatMap((command) => command.paths ?? []);
      assert.ok(
        paths.some((path) => path[0] === word),
        `"${word}" loads commands with paths ${JSON.stringify(paths)}`,
      );
    }
  });

  it("prints each command's help as the full CLI does", async () => {
    const full = buildCli(await allCommands());
    for (const word of Object.keys(commandsByWord)) {
      const [command] = await commandsByWord[word]!();
      const path = command!.paths!.find((p) => p[0] === word)!;
      const alone = await bossInProcess([...path, "--help"]);
      const expected = full.usage(command, { detailed: true });
      assert.equal(alone.code, 0, `${path.join(" ")} --help: ${alone.stderr}`);
      assert.equal(alone.stdout.trim(), expected.trim(), `boss ${path.join(" ")} --help`);
    }
  });

  it("gives an unknown flag the full CLI's error, and an unknown word the command list", async () => {
    const bogus = await bossInProcess(["stop", "--bogus"]);
    assert.equal(bogus.code, 2);
    assert.match(bogus.stderr, /Unsupported option name \("--bogus"\)/);
    const unknown = await bossInProcess(["constructor"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Command not found/);
  });
});

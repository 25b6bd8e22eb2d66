import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { JsonRenderer } from "../../../src/cli/render/json-renderer.js";
import { LogPrinter } from "../../../src/cli/render/log-printer.js";
import { PlainRenderer } from "../../../src/cli/render/plain-renderer.js";
import { CapturedStream } from "../../helpers/captured-stream.js";

function printer(json = false) {
  const stdout = new CapturedStream();
  const stderr = new CapturedStream();
  const renderer = json ? new JsonRenderer(stdout, stderr) : new PlainRenderer(stdout, stderr);
  const print = new LogPrinter({ services: ["db", "todo"], renderer });
  return { print, stdout, stderr };
}

describe("LogPrinter", () => {
  it("prefixes whole lines with the aligned service name, stdout to stdout and stderr to stderr", () => {
    const { print, stdout, stderr } = printer();
    print.chunk("db", { stream: "stdout", data: Buffer.from("ready\nlisten") });
    print.chunk("todo", { stream: "stderr", data: Buffer.from("warn\r\n") });
    print.chunk("db", { stream: "stdout", data: Buffer.from("ing on 5432\n") });
    assert.equal(stdout.text, "db   | ready\ndb   | listening on 5432\n");
    assert.equal(stderr.text, "todo | warn\n");
  });

  it("keeps a UTF-8 character split across chunks whole, and prints an unfinished line at the end", () => {
    const { print, stdout } = printer();
    const bytes = Buffer.from("grüße");
    print.chunk("db", { stream: "stdout", data: bytes.subarray(0, 3) });
    print.chunk("db", { stream: "stdout", data: bytes.subarray(3) });
    assert.equal(stdout.text, "");
    print.end("db");
    assert.equal(stdout.text, "db   | grüße\n");
  });

  it("keeps each service's unfinished line apart from the others'", () => {
    const { print, stdout } = printer();
    print.chunk("db", { stream: "stdout", data: Buffer.from("d") });
    print.chunk("todo", { stream: "stdout", data: Buffer.from("t1\n") });
    print.chunk("db", { stream: "stdout", data: Buffer.from("b1\n") });
    assert.equal(stdout.text, "todo | t1\ndb   | db1\n");
  });

  it("writes JSON lines with --json", () => {
    const { print, stdout, stderr } = printer(true);
    print.chunk("db", { stream: "stderr", data: Buffer.from("oops\n") });
    assert.equal(stdout.text, '{"service":"db","stream":"stderr","line":"oops"}\n');
    assert.equal(stderr.text, "");
  });
});

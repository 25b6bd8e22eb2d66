import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CoreConfig } from "../../src/core/config/config.js";
import { BadRequestError } from "../../src/core/errors.js";
import { CommandError, type CommandResult } from "../../src/core/process/command-runner.js";
import { hasNetAdmin, TrafficControl } from "../../src/core/traffic-control.js";
import { captureLogger } from "./helpers.js";

const CONFIG: CoreConfig["trafficControl"] = {
  enabled: true,
  interface: "eth0",
  bandwidthMbpsKey: "bandwidth_limit",
  defaultBandwidthMbps: 50,
  latencyMsKey: "latency",
  defaultLatencyMs: null,
};

function fakeTc(fail?: (argv: readonly string[]) => CommandError | null): { tc: TrafficControl; ran: string[] } {
  const ran: string[] = [];
  const run = (argv: readonly string[]): Promise<CommandResult> => {
    ran.push(argv.join(" "));
    const error = fail?.(argv) ?? null;
    return error ? Promise.reject(error) : Promise.resolve({ code: 0, signal: null, stdout: "", stderr: "" });
  };
  return { tc: new TrafficControl(CONFIG, captureLogger(), run, () => true), ran };
}

const tcFailure = (stderr: string) => (argv: readonly string[]) =>
  argv.includes("add")
    ? new CommandError(`${argv.join(" ")} exited 2: ${stderr}`, argv, { code: 2, signal: null, stdout: "", stderr })
    : null;

describe("traffic control", () => {
  it("takes values from the payload or the defaults and validates them", () => {
    const { tc } = fakeTc();
    assert.deepEqual(tc.valuesFrom({}), { bandwidthMbps: 50, latencyMs: null });
    assert.deepEqual(tc.valuesFrom({ bandwidth_limit: "10", latency: 0 }), { bandwidthMbps: 10, latencyMs: null });
    assert.deepEqual(tc.valuesFrom({ latency: 5 }, { bandwidthMbps: 3, latencyMs: null }), {
      bandwidthMbps: 3,
      latencyMs: 5,
    });
    for (const bad of [-1, "fast", 1e9, [], "1; rm -rf /"]) {
      assert.throws(() => tc.valuesFrom({ bandwidth_limit: bad }), BadRequestError);
    }
  });

  it("applies tbf for bandwidth and netem (with tbf below it) for latency, clearing first", async () => {
    const { tc, ran } = fakeTc();
    await tc.apply({ bandwidthMbps: 10, latencyMs: null });
    assert.deepEqual(ran, [
      "tc qdisc del dev eth0 root",
      "tc qdisc add dev eth0 root handle 1: tbf rate 10000kbit burst 32768 latency 100ms",
    ]);
    ran.length = 0;
    await tc.apply({ bandwidthMbps: 100, latencyMs: 20 });
    assert.deepEqual(ran.slice(1), [
      "tc qdisc add dev eth0 root handle 1: netem delay 20ms",
      "tc qdisc add dev eth0 parent 1:1 handle 10: tbf rate 100000kbit burst 125000 latency 100ms",
    ]);
    assert.deepEqual(tc.current, { bandwidthMbps: 100, latencyMs: 20 });
  });

  it("says netem is missing when the kernel does not know the qdisc", async () => {
    const { tc } = fakeTc(tcFailure("Error: Specified qdisc kind is unknown."));
    await assert.rejects(
      tc.apply({ bandwidthMbps: null, latencyMs: 100 }),
      /needs the netem qdisc, which this kernel does not have/,
    );
  });

  it("says CAP_NET_ADMIN is missing, from CapEff or from tc's EPERM", async () => {
    const noCap = new TrafficControl(
      CONFIG,
      captureLogger(),
      () => Promise.reject(new Error("not reached")),
      () => false,
    );
    await assert.rejects(noCap.apply({ bandwidthMbps: 1, latencyMs: null }), /needs the CAP_NET_ADMIN capability/);
    const { tc } = fakeTc(tcFailure("RTNETLINK answers: Operation not permitted"));
    await assert.rejects(tc.apply({ bandwidthMbps: 1, latencyMs: null }), /CAP_NET_ADMIN/);
    assert.equal(hasNetAdmin("CapEff:\t0000000000001000\n"), true);
    assert.equal(hasNetAdmin("CapEff:\t00000000a80425fb\n"), false);
  });

  it("says tc is not installed", async () => {
    const { tc } = fakeTc((argv) => new CommandError(`${argv[0]} is not installed`, argv, null, "ENOENT"));
    await assert.rejects(
      tc.apply({ bandwidthMbps: 1, latencyMs: null }),
      /needs the tc command \(iproute2\), which is not installed/,
    );
  });

  it("treats clearing an unshaped interface as done", async () => {
    const { tc } = fakeTc((argv) =>
      argv.includes("del")
        ? new CommandError("x", argv, {
            code: 2,
            signal: null,
            stdout: "",
            stderr: "Error: Cannot delete qdisc with handle of zero.",
          })
        : null,
    );
    await tc.clear();
    assert.equal(tc.current, null);
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JsonValue } from "../../src/model/json.js";
import { pickedPortKey, recordPickedPorts } from "../../src/orchestrator/picked-ports.js";
import { portSpec } from "../../src/orchestrator/port-spec.js";

describe("ports the engine picks", () => {
  it("are published with no host port, keeping the address", () => {
    assert.deepEqual(portSpec({ containerPort: 80, protocol: "tcp", hostPort: 0, hostIp: "127.0.0.1" }), {
      containerPort: 80,
      protocol: "tcp",
      hostIp: "127.0.0.1",
    });
    assert.deepEqual(portSpec({ containerPort: 80, protocol: "tcp", hostPort: 8080 }), {
      containerPort: 80,
      protocol: "tcp",
      hostPort: 8080,
    });
  });

  it("are read back into the Context under ports.<service>.<port>, udp with /udp, IPv4 first", () => {
    const context = new Map<string, JsonValue>();
    const declared = [
      { containerPort: 80, protocol: "tcp" as const, hostPort: 0 },
      { containerPort: 53, protocol: "udp" as const, hostPort: 0 },
      { containerPort: 443, protocol: "tcp" as const, hostPort: 8443 },
    ];
    const published = [
      { containerPort: 80, protocol: "tcp" as const, hostIp: "::", hostPort: 49154 },
      { containerPort: 80, protocol: "tcp" as const, hostIp: "0.0.0.0", hostPort: 49153 },
      { containerPort: 53, protocol: "udp" as const, hostIp: "0.0.0.0", hostPort: 49155 },
      { containerPort: 443, protocol: "tcp" as const, hostIp: "0.0.0.0", hostPort: 8443 },
    ];
    assert.equal(recordPickedPorts("web", declared, published, context), true);
    assert.deepEqual(Object.fromEntries(context), { "ports.web.80": 49153, "ports.web.53/udp": 49155 });
    assert.equal(recordPickedPorts("web", declared, published, context), false, "nothing changed");
    assert.equal(pickedPortKey("dns", 53, "udp"), "ports.dns.53/udp");
  });
});

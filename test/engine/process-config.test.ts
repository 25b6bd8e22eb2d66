import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mountConfig } from "../../src/engine/process-config.js";
import { portConfig } from "../../src/engine/docker-objects.js";

describe("mountConfig", () => {
  it("writes a mount's options after its mode, as the engine's Binds take them", () => {
    assert.deepEqual(
      mountConfig([
        { source: "/srv/conf", target: "/etc/app", readOnly: true, options: ["rprivate", "z"] },
        { source: "shop_data", target: "/data", readOnly: false, options: ["nocopy"] },
        { source: "/srv/x", target: "/x", readOnly: false },
        { target: "/cache", readOnly: false },
      ]),
      {
        Binds: ["/srv/conf:/etc/app:ro,rprivate,z", "shop_data:/data:rw,nocopy", "/srv/x:/x:rw"],
        Volumes: { "/cache": {} },
      },
    );
  });
});

describe("portConfig", () => {
  it("binds an address when given one, and leaves the port to the engine when none", () => {
    assert.deepEqual(
      portConfig([
        { containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: 8080 },
        { containerPort: 80, protocol: "tcp", hostIp: "::1" },
        { containerPort: 53, protocol: "udp" },
      ]).PortBindings,
      {
        "80/tcp": [
          { HostIp: "127.0.0.1", HostPort: "8080" },
          { HostIp: "::1", HostPort: "" },
        ],
        "53/udp": [{ HostIp: "", HostPort: "" }],
      },
    );
  });
});

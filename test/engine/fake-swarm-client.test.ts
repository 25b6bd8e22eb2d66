import { describe } from "node:test";
import { FakeSwarmClient } from "../fakes/fake-swarm-client.js";
import { swarmClientContract } from "./swarm-client-contract.js";

describe("FakeSwarmClient keeps the swarm contract", () => {
  const swarm = new FakeSwarmClient();
  swarmClientContract(() => ({ swarm, image: "busybox", group: "contract" }));
});

/**
 * What the deploy relies on from a SwarmClient, as cases run against the fake
 * swarm (test/engine/fake-swarm-client.test.ts) and against DockerSwarmClient
 * on a real one-node swarm (integration-tests/swarm-deploy.test.ts). Where
 * they disagree, the fake is wrong: the deploy's tests believe it.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { containerLabels, Label } from "../../src/engine/labels.js";
import type { SwarmClient, SwarmServiceSpec, SwarmTask } from "../../src/engine/swarm/swarm-client.js";
import { SwarmLabel } from "../../src/orchestrator/deploy/swarm-labels.js";

export interface ContractSwarm {
  swarm: SwarmClient;
  /** A local image with a busybox shell. */
  image: string;
  /** A group of its own: everything the cases make carries it. */
  group: string;
}

function spec(group: string, image: string, network: string, hash: string, replicas = 1): SwarmServiceSpec {
  return {
    name: `${group}_svc`,
    labels: containerLabels(group, "svc", { hash }),
    containerLabels: { [SwarmLabel.group]: group, [SwarmLabel.configHash]: hash },
    image,
    env: { HASH: hash },
    cmd: ["sh", "-c", 'echo "up $HASH"; trap "exit 0" TERM; while true; do sleep 0.1; done'],
    capAdd: [],
    mounts: [],
    network,
    aliases: ["svc"],
    ports: [],
    endpointMode: "dnsrr",
    replicas,
    constraints: [],
    updateOrder: "start-first",
  };
}

async function running(swarm: SwarmClient, id: string, hash: string, replicas: number): Promise<SwarmTask[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const tasks = (await swarm.listTasks(id)).filter(
      (t) => t.containerLabels[SwarmLabel.configHash] === hash && t.state === "running" && t.desiredState === "running",
    );
    if (tasks.length >= replicas) return tasks;
    if (Date.now() > deadline) throw new Error(`no ${replicas} running tasks of ${hash}: ${JSON.stringify(tasks)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function swarmClientContract(make: () => ContractSwarm): void {
  it("is a manager; the overlay network is made once; a service is found by its labels, its tasks run", async () => {
    const { swarm, image, group } = make();
    assert.equal((await swarm.swarmInfo()).manager, true);
    const network = await swarm.ensureOverlayNetwork(`boss-${group}`, { [SwarmLabel.group]: group });
    assert.equal(await swarm.ensureOverlayNetwork(`boss-${group}`, { [SwarmLabel.group]: group }), network);
    const id = await swarm.createService(spec(group, image, network, "h1", 2));
    const [found, ...more] = await swarm.listServices({ group, service: "svc" });
    assert.equal(more.length, 0);
    assert.equal(found?.id, id);
    assert.equal(found?.labels[Label.service], "svc");
    assert.equal(found?.replicas, 2);
    assert.equal(found?.attempt, 0);
    assert.deepEqual(await swarm.listServices({ group: `${group}-other` }), []);
    const tasks = await running(swarm, id, "h1", 2);
    assert.deepEqual(
      tasks.map((t) => t.attempt),
      [0, 0],
    );
    assert.deepEqual(
      tasks.map((t) => t.containerLabels[SwarmLabel.group]),
      [group, group],
    );
  });

  it("a forced update makes a new round of tasks; new labels alone leave the tasks running", async () => {
    const { swarm, image, group } = make();
    const network = await swarm.ensureOverlayNetwork(`boss-${group}`, { [SwarmLabel.group]: group });
    const [service] = await swarm.listServices({ group, service: "svc" });
    assert.ok(service, "the service of the case before");
    const { attempt } = await swarm.updateService(service.id, spec(group, image, network, "h2"), { force: true });
    assert.equal(attempt, service.attempt + 1);
    const [task] = await running(swarm, service.id, "h2", 1);
    assert.equal(task?.attempt, attempt);
    const updated = (await swarm.listServices({ group, service: "svc" }))[0];
    assert.ok(updated);
    await swarm.setServiceLabels(service.id, { ...updated.labels, [SwarmLabel.readyHash]: "h2" });
    const labelled = (await swarm.listServices({ group, service: "svc" }))[0];
    assert.equal(labelled?.labels[SwarmLabel.readyHash], "h2");
    assert.equal(labelled?.attempt, attempt);
    assert.deepEqual(
      (await running(swarm, service.id, "h2", 1)).map((t) => t.id),
      [task?.id],
      "the same task",
    );
  });

  it("removes the service, then the network by its labels", async () => {
    const { swarm, group } = make();
    const [service] = await swarm.listServices({ group, service: "svc" });
    assert.ok(service);
    await swarm.removeService(service.id);
    await swarm.removeService(service.id); // a missing one is fine
    assert.deepEqual(await swarm.listServices({ group }), []);
    const deadline = Date.now() + 30_000;
    while ((await swarm.countContainers({ [SwarmLabel.group]: group })) > 0) {
      assert.ok(Date.now() < deadline, "the task containers went");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.deepEqual(await swarm.removeNetworks({ [SwarmLabel.group]: group }), [`boss-${group}`]);
  });
}

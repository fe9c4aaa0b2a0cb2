import { ErrorCode, type ReceiveHandle, type SendHandle, type ZfsEndpoint, ZrelayError } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { runBehaviour } from "./behaviour-runner.js";
import { type ConformanceBehaviourId, conformanceBehaviour } from "./conformance-catalogue.js";
import { createFakeWorld } from "./fake-world.js";

/** An adapter bug, planted on top of the fake, that a behaviour must catch. */
interface PlantedBug {
  readonly behaviour: ConformanceBehaviourId;
  readonly bug: string;
  readonly plant: (endpoint: ZfsEndpoint) => Partial<ZfsEndpoint>;
  readonly failure: RegExp;
}

const neverSettles = new Promise<never>(() => {});

const plantedBugs: PlantedBug[] = [
  {
    behaviour: "create-snapshots-all-or-none",
    bug: "snapshots taken one by one, so those before a bad name stay",
    plant: (endpoint) => ({
      createSnapshots: async (snapshots) => {
        for (const snapshot of snapshots) await endpoint.createSnapshots([snapshot]);
      },
    }),
    failure: /to deeply equal/,
  },
  {
    behaviour: "create-snapshots-atomic",
    bug: "one zfs snapshot command per dataset (each in its own transaction group)",
    plant: (endpoint) => ({
      createSnapshots: async (snapshots) => {
        for (const snapshot of snapshots) await endpoint.createSnapshots([snapshot]);
      },
    }),
    failure: /expected \d+n to be \d+n/,
  },
  {
    behaviour: "destroy-refuses-dataset",
    bug: "a dataset destroy refused as a usage error, not the command endpoint's INVALID_NAME",
    plant: () => ({
      destroy: async (name) => {
        throw new ZrelayError(ErrorCode.USAGE, `refusing to destroy the dataset ${name}`, { dataset: name });
      },
    }),
    failure: /expected a ZrelayError with INVALID_NAME, got USAGE/,
  },
  {
    behaviour: "destroy-snapshots-held",
    bug: "a batch destroyed one snapshot at a time, so the ones before a held snapshot are lost",
    plant: (endpoint) => ({
      destroySnapshots: async (dataset, names) => {
        for (const name of names) await endpoint.destroy(`${dataset}@${name}`);
      },
    }),
    failure: /s1/,
  },
  {
    behaviour: "destroy-snapshots-batch",
    bug: "a batch that stops at the first name already gone",
    plant: (endpoint) => ({
      destroySnapshots: async (dataset, names) => {
        for (const name of names) await endpoint.destroy(`${dataset}@${name}`);
      },
    }),
    failure: /could not find any snapshots|DATASET_NOT_FOUND|does not exist/,
  },
  {
    behaviour: "list-datasets-tree",
    bug: "a prefix match that also lists the sibling a-b",
    plant: (endpoint) => ({
      listDatasets: async (root) =>
        (await endpoint.listDatasets(root.slice(0, root.lastIndexOf("/")))).filter((d) =>
          d.name.startsWith(root),
        ),
    }),
    failure: /a-b/,
  },
  {
    behaviour: "list-snapshots-subtree",
    bug: "guids parsed as numbers",
    plant: (endpoint) => ({
      listSnapshots: async (root) =>
        (await endpoint.listSnapshots(root)).map((p) => ({
          ...p,
          guid: Number(p.guid) as unknown as bigint,
        })),
    }),
    failure: /guid of .* expected 'number' to be 'bigint'/,
  },
  {
    behaviour: "full-send",
    bug: "a receive whose done never settles",
    plant: (endpoint) => ({
      receive: (request): ReceiveHandle => ({ ...endpoint.receive(request), done: neverSettles }),
    }),
    failure: /receive\(dst\/zr-[0-9a-f]+\/data\)\.done did not settle within 1000 ms/,
  },
  {
    behaviour: "full-send",
    bug: "send throwing instead of rejecting done",
    plant: () => ({
      send: () => {
        throw new Error("spawn failed");
      },
    }),
    failure: /send\(\) threw synchronously/,
  },
  {
    behaviour: "incremental-single",
    bug: "-i sent as -I",
    plant: (endpoint) => ({
      send: (request, sink) => endpoint.send({ ...request, intermediates: true }, sink),
    }),
    failure: /to deeply equal/,
  },
  {
    behaviour: "raw-send-encrypted",
    bug: "raw ignored (a decrypted stream)",
    plant: (endpoint) => ({ send: (request, sink) => endpoint.send({ ...request, raw: false }, sink) }),
    failure: /encryption/,
  },
  {
    behaviour: "create-parents",
    bug: "properties not applied",
    plant: (endpoint) => ({ createParents: (dataset) => endpoint.createParents(dataset) }),
    failure: /to deeply equal/,
  },
  {
    behaviour: "abort-resumable-full",
    bug: "abortResumableReceive that does nothing",
    plant: () => ({ abortResumableReceive: async () => {} }),
    failure: /expected \[ { name: 'dst\/zr-[0-9a-f]+\/data'/,
  },
  {
    behaviour: "full-receive-onto-existing",
    bug: "a receive that always forces (-F)",
    plant: (endpoint) => ({ receive: (request) => endpoint.receive({ ...request, force: true }) }),
    failure: /expected a failure with DATASET_EXISTS/,
  },
  {
    behaviour: "send-abort",
    bug: "a send abort that does nothing",
    plant: (endpoint) => ({
      send: (request, sink): SendHandle => ({ ...endpoint.send(request, sink), abort: () => {} }),
    }),
    failure: /the aborted send: expected a failure, but it succeeded/,
  },
  {
    behaviour: "resume-full",
    bug: "a listing that drops the resume token",
    plant: (endpoint) => ({
      listDatasets: async (root) =>
        (await endpoint.listDatasets(root)).map((d) => ({ ...d, resumeToken: undefined })),
    }),
    failure: /resume token listed on/,
  },
  {
    behaviour: "send-absent-snapshot",
    bug: "an error code that says nothing (COMMAND_FAILED)",
    plant: (endpoint) => ({
      send: (request, sink): SendHandle => {
        const handle = endpoint.send(request, sink);
        const done = handle.done.catch((error: Error) => {
          throw Object.assign(error, { code: "COMMAND_FAILED" });
        });
        return { ...handle, done };
      },
    }),
    failure: /expected a ZrelayError with DATASET_NOT_FOUND, got COMMAND_FAILED/,
  },
];

describe("the conformance suite catches planted adapter bugs", () => {
  it.each(plantedBugs)("$behaviour catches $bug", async ({ behaviour, plant, failure }) => {
    const target = {
      name: "fake with a planted bug",
      timeoutMs: 1000,
      create: async () => {
        const world = await createFakeWorld();
        return { ...world, endpoint: { ...world.endpoint, ...plant(world.endpoint) } };
      },
    };
    await expect(runBehaviour(target, conformanceBehaviour(behaviour), () => {})).rejects.toThrow(failure);
  });

  it("skips, with the reason, a behaviour whose capability the endpoint lacks", async () => {
    const skipped: string[] = [];
    const target = {
      name: "fake without holds",
      create: () => createFakeWorld({ capabilities: { holds: false } }),
    };
    await runBehaviour(target, conformanceBehaviour("hold-prevents-destroy"), (reason) =>
      skipped.push(reason),
    );
    expect(skipped).toEqual(["the endpoint reports capabilities.holds = false"]);
  });
});

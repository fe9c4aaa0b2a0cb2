import { describe, expect, it } from "vitest";
import type { ZfsEndpoint } from "../endpoint/endpoint-port.js";
import { ErrorCode } from "../errors/error-codes.js";
import { ZrelayError } from "../errors/zrelay-error.js";
import type { Dataset } from "../model/dataset.js";
import type { SnapshotOrBookmark } from "../model/snapshot.js";
import { defaultPolicy } from "../planner/plan-types.js";
import { mapWithPrefix } from "../tree/target-mapping.js";
import { planJob } from "./job-plan.js";

/** A host that only answers listings, from `tree` (dataset → guid of its one snapshot `a`). */
interface ListingHost {
  readonly endpoint: ZfsEndpoint;
  /** `method root` per listing call, in the order they started. */
  readonly calls: string[];
}

function listingHost(
  host: string,
  tree: Readonly<Record<string, bigint>>,
  /** Runs when a listing starts, before it answers: may wait, or throw what the listing fails with. */
  onListing: (root: string) => Promise<void> = async () => {},
): ListingHost {
  const calls: string[] = [];
  const below = (root: string) =>
    Object.keys(tree).filter((name) => name === root || name.startsWith(`${root}/`));
  const dataset = (name: string): Dataset => ({
    name,
    type: "filesystem",
    guid: BigInt(name.length),
    encryption: "off",
    encryptionRoot: undefined,
    keyStatus: "none",
    canmount: "on",
    resumeToken: undefined,
  });
  const snapshot = (name: string): SnapshotOrBookmark => ({
    kind: "snapshot",
    dataset: name,
    name: "a",
    guid: tree[name] as bigint,
    createtxg: 10n,
    creation: 1_767_225_600,
  });
  const unexpected = () => {
    throw new Error(`${host}: planJob asked for more than a listing`);
  };
  const endpoint: ZfsEndpoint = {
    host,
    capabilities: { raw: true, resume: true, bookmarks: true, holds: true },
    async listDatasets(root) {
      calls.push(`listDatasets ${root}`);
      await onListing(root);
      return below(root).map(dataset);
    },
    async listSnapshots(root) {
      calls.push(`listSnapshots ${root}`);
      await onListing(root);
      return below(root).map(snapshot);
    },
    estimateSendSize: unexpected,
    send: unexpected,
    receive: unexpected,
    abortResumableReceive: unexpected,
    createParents: unexpected,
    hold: unexpected,
    release: unexpected,
    holds: unexpected,
    bookmark: unexpected,
    rollback: unexpected,
    destroy: unexpected,
    createSnapshots: unexpected,
    destroySnapshots: unexpected,
  };
  return { endpoint, calls };
}

const source = { "tank/data": 101n, "tank/data/home": 102n };
const backup = { backup: 1n, "backup/tank": 2n, "backup/tank/data": 101n, "backup/tank/data/home": 102n };
const pullToBackup = (name: string) => mapWithPrefix(name, "backup");

function listingFailure(host: string, dataset: string): ZrelayError {
  return new ZrelayError(ErrorCode.DATASET_NOT_FOUND, `cannot list ${dataset} on ${host}`, {
    host,
    dataset,
    hint: "check the host",
  });
}

describe("planJob listing", () => {
  it("lists the target while the source listing is still waiting", async () => {
    let targetListingStarted: () => void = () => {};
    const targetStarted = new Promise<void>((resolve) => {
      targetListingStarted = resolve;
    });
    // The source answers only once the target has been asked: listing one side after
    // the other never gets past this (the test would hang, and time out).
    const sourceHost = listingHost("host-storage", source, () => targetStarted);
    const targetHost = listingHost("localhost", backup, async () => targetListingStarted());

    const plan = await planJob({
      source: sourceHost.endpoint,
      target: targetHost.endpoint,
      roots: ["tank/data"],
      mapTarget: pullToBackup,
      policy: defaultPolicy,
    });

    expect(plan.datasets.map((d) => `${d.target}: ${d.outcome}`)).toEqual([
      "backup/tank/data: up-to-date",
      "backup/tank/data/home: up-to-date",
    ]);
    expect(sourceHost.calls).toEqual(["listDatasets tank/data", "listSnapshots tank/data"]);
    expect(targetHost.calls).toEqual(["listDatasets backup/tank/data", "listSnapshots backup/tank/data"]);
  });

  it("throws the source's error when both sides fail, once the target's listing has ended", async () => {
    let targetEnded = false;
    const sourceHost = listingHost("host-storage", source, async (root) => {
      throw listingFailure("host-storage", root);
    });
    // The target ends a whole event-loop turn later: long after the source failed.
    const targetHost = listingHost("localhost", backup, async (root) => {
      await new Promise((resolve) => setImmediate(resolve));
      targetEnded = true;
      throw listingFailure("localhost", root);
    });

    const planned = planJob({
      source: sourceHost.endpoint,
      target: targetHost.endpoint,
      roots: ["tank/data"],
      mapTarget: pullToBackup,
      policy: defaultPolicy,
    });

    await expect(planned).rejects.toMatchObject({
      code: ErrorCode.DATASET_NOT_FOUND,
      host: "host-storage",
      dataset: "tank/data",
    });
    expect(targetEnded).toBe(true);
  });

  it("throws the mapping's error before a failed target listing's", async () => {
    const sourceHost = listingHost("host-storage", source);
    const targetHost = listingHost("localhost", backup, async (root) => {
      throw listingFailure("localhost", root);
    });
    const planned = planJob({
      source: sourceHost.endpoint,
      target: targetHost.endpoint,
      roots: ["tank/data"],
      mapTarget: (name) => (name === "tank/data/home" ? "backup/tank/data" : pullToBackup(name)),
      policy: defaultPolicy,
    });
    await expect(planned).rejects.toMatchObject({ code: ErrorCode.MAPPING_COLLISION });
  });

  it("throws the target's error, naming its host and dataset, when only the target fails", async () => {
    const sourceHost = listingHost("host-storage", source);
    const targetHost = listingHost("localhost", backup, async (root) => {
      throw listingFailure("localhost", root);
    });
    const planned = planJob({
      source: sourceHost.endpoint,
      target: targetHost.endpoint,
      roots: ["tank/data"],
      mapTarget: pullToBackup,
      policy: defaultPolicy,
    });
    await expect(planned).rejects.toMatchObject({
      code: ErrorCode.DATASET_NOT_FOUND,
      host: "localhost",
      dataset: "backup/tank/data",
    });
  });

  it("lists, after the source, a target root the mapped roots do not cover", async () => {
    const sourceHost = listingHost("host-storage", source);
    const targetHost = listingHost("localhost", { backup: 1n, "backup/data": 101n, "backup/home": 102n });
    // Not shape-keeping: the child lands beside its parent, outside the mapped root.
    const flatten = (name: string) => `backup/${name.split("/").at(-1)}`;

    const plan = await planJob({
      source: sourceHost.endpoint,
      target: targetHost.endpoint,
      roots: ["tank/data"],
      mapTarget: flatten,
      policy: defaultPolicy,
    });

    expect(plan.datasets.map((d) => `${d.target}: ${d.outcome}`)).toEqual([
      "backup/data: up-to-date",
      "backup/home: up-to-date",
    ]);
    expect(targetHost.calls).toEqual([
      "listDatasets backup/data",
      "listSnapshots backup/data",
      "listDatasets backup/home",
      "listSnapshots backup/home",
    ]);
  });
});

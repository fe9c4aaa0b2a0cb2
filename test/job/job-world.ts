import type { ZfsEndpoint } from "@zrelay/core";
import { createFakeEndpoint, FakeZfs } from "@zrelay/testkit";

/** Every guid the fakes draw is above 2^53, so a lossy Number conversion would show. */
const guidSeed = 2n ** 53n + 77n;

/** `host-storage` with pool `tank`, a backup server with pool `backup`, both fake. */
export function createJobWorld() {
  const clock = () => 1_767_225_600_000;
  const sourceZfs = new FakeZfs({ clock, guidSeed });
  sourceZfs.createPool("tank");
  const targetZfs = new FakeZfs({ clock, guidSeed: guidSeed * 5n });
  targetZfs.createPool("backup");
  return {
    sourceZfs,
    targetZfs,
    source: countingEndpoint(createFakeEndpoint(sourceZfs, { host: "host-storage" })),
    target: countingEndpoint(createFakeEndpoint(targetZfs, { host: "localhost" })),
  };
}

/** Creates `dataset` (and missing parents) with one snapshot per name. */
export function withSnapshots(zfs: FakeZfs, dataset: string, names: readonly string[]): void {
  if (!zfs.exists(dataset)) zfs.createDataset(dataset, { parents: true });
  for (const name of names) {
    zfs.writeFile(dataset, "file.txt", `${dataset} as of ${name}`);
    zfs.snapshot(`${dataset}@${name}`);
  }
}

/** An endpoint that records every call as `method argument`, to count what a run asks a host. */
export type CountingEndpoint<T extends ZfsEndpoint> = T & { readonly calls: string[] };

export function countingEndpoint<T extends ZfsEndpoint>(endpoint: T): CountingEndpoint<T> {
  const calls: string[] = [];
  const counted = { ...endpoint, calls } as CountingEndpoint<T>;
  for (const method of ["listDatasets", "listSnapshots", "estimateSendSize", "createParents"] as const) {
    const original = endpoint[method].bind(endpoint) as (...args: unknown[]) => Promise<unknown>;
    Object.assign(counted, {
      [method]: (...args: unknown[]) => {
        calls.push(`${method} ${typeof args[0] === "string" ? args[0] : "…"}`);
        return original(...args);
      },
    });
  }
  return counted;
}

import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  decodeResumeToken,
  defaultPolicy,
  executeRun,
  mapStrippingPrefix,
  type PlanInput,
  parentOf,
  planDataset,
  type RunReport,
  type Snapshot,
  toRunDataset,
  type ZfsEndpoint,
} from "@zrelay/core";
import { createEmulatorHost, type EmulatorHost, type EmulatorHostOptions } from "@zrelay/testkit";
import { createLocalEndpoint } from "@zrelay/zfs-local";

const run = promisify(execFile);

/**
 * One machine whose `zfs` is the emulator, with pools `src` and `dst`, seen
 * through two local endpoints as zrelay would see a local-to-local job. The
 * fixture side runs `zfs` and writes files in mountpoints, like an administrator.
 */
export function createLocalHost(options: EmulatorHostOptions = {}) {
  const host: EmulatorHost = createEmulatorHost(options);
  const source = createLocalEndpoint({ env: host.env });
  const target = createLocalEndpoint({ env: host.env });
  const zfs = async (...args: string[]) =>
    (await run("zfs", args, { env: { ...process.env, ...host.env } })).stdout;
  const mountpoint = async (dataset: string) =>
    (await zfs("get", "-H", "-p", "-o", "value", "mountpoint", dataset)).trim();
  return {
    host,
    source,
    target,
    zfs,
    /** Writes `file.txt` into the mounted dataset, then snapshots it; returns what the file held. */
    async snapshot(dataset: string, name: string): Promise<string> {
      const content = `${dataset}@${name} ${"x".repeat(name.length * 97)}`;
      await writeFile(join(await mountpoint(dataset), "file.txt"), content);
      await zfs("snapshot", `${dataset}@${name}`);
      return content;
    },
    /** `file.txt` as of a snapshot, read through `.zfs/snapshot` (mounting a received dataset first). */
    async fileIn(snapshot: string): Promise<string> {
      const [dataset = "", name = ""] = snapshot.split("@");
      if ((await zfs("get", "-H", "-o", "value", "mounted", dataset)).trim() !== "yes")
        await zfs("mount", dataset);
      return readFile(join(await mountpoint(dataset), ".zfs", "snapshot", name, "file.txt"), "utf8");
    },
    dispose: () => host.dispose(),
  };
}

export type LocalHost = ReturnType<typeof createLocalHost>;

/** The snapshots of exactly `dataset` as `name guid` lines, oldest first. */
export async function snapshotLines(endpoint: ZfsEndpoint, dataset: string): Promise<string[]> {
  return (await endpoint.listSnapshots(dataset))
    .filter((point) => point.kind === "snapshot" && point.dataset === dataset)
    .map((point) => `${point.name} ${point.guid}`);
}

/** What the CLI will do for one job: list the source tree, map, read both sides, plan, execute. */
export async function replicateTree(
  local: LocalHost,
  sourceRoot: string,
  targetRoot: string,
): Promise<RunReport> {
  const sources = (await local.source.listDatasets(sourceRoot)).map((dataset) => dataset.name);
  const inputs = await Promise.all(
    sources.map((source) => planInput(local, source, mapStrippingPrefix(source, sourceRoot, targetRoot))),
  );
  const datasets = inputs.map((input) => toRunDataset(planDataset(input), local.target.host));
  return executeRun(datasets, { source: local.source, target: local.target });
}

async function planInput(local: LocalHost, source: string, target: string): Promise<PlanInput> {
  const [sourceDataset] = await local.source.listDatasets(source);
  if (sourceDataset === undefined) throw new Error(`${source} is missing`);
  const points = (await local.source.listSnapshots(source)).filter((p) => p.dataset === source);
  const targetDataset = (await local.target.listDatasets(target)).find((d) => d.name === target);
  const parent = parentOf(target);
  const parentExists = parent === undefined || (await local.target.listDatasets(parent)).length > 0;
  const targetPoints = targetDataset === undefined ? [] : await local.target.listSnapshots(target);
  const token = targetDataset?.resumeToken;
  return {
    source: {
      dataset: sourceDataset,
      snapshots: points.filter((p): p is Snapshot => p.kind === "snapshot"),
      bookmarks: points.flatMap((p) => (p.kind === "bookmark" ? [p] : [])),
    },
    target: {
      name: target,
      dataset: targetDataset,
      snapshots: targetPoints.filter((p): p is Snapshot => p.kind === "snapshot" && p.dataset === target),
      resumeToken: token === undefined ? undefined : decodeResumeToken(token, { dataset: target }),
      parentExists,
    },
    policy: defaultPolicy,
  };
}

/** `target outcome` per dataset, in run order. */
export function outcomes(report: RunReport): string[] {
  return report.datasets.map((dataset) => `${dataset.target} ${dataset.outcome}`);
}

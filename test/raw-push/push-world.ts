import {
  type Bookmark,
  decodeResumeToken,
  type ExecutorEvent,
  type PlanInput,
  parentOf,
  type Snapshot,
  type ZfsEndpoint,
} from "@zrelay/core";
import { createFakeEndpoint, type FakeEndpoint, FakeZfs } from "@zrelay/testkit";
import {
  createRawPushRoute,
  type RawPushNotice,
  type RawPushOptions,
  type RawPushReport,
  type RawPushRoute,
} from "@zrelay/transport-raw-push";

/** Every guid the fakes draw is above 2^53, so a lossy Number conversion would show. */
const guidSeed = 2n ** 53n + 4_242n;

// Shared with the executor tests: one fake-ZFS seeding helper, one snapshot lister.
import { snapshotSeries, snapshotsOf } from "../executor/executor-world.js";

export { snapshotSeries, snapshotsOf };

export const PREFIX = "backuppool/encryptedbackups";
export const ENCRYPTED = { encryption: "aes-256-gcm", keyformat: "passphrase", keylocation: "prompt" };

/**
 * The seed's setup, in memory: a backup server whose pool `backuppool` holds the
 * pulled hosts under the encryption root `backuppool/encryptedbackups`, and an
 * offsite host with pool `offsite`.
 */
export function createPushWorld() {
  const clock = () => 1_767_225_600_000;
  const backupZfs = new FakeZfs({ clock, guidSeed });
  backupZfs.createPool("backuppool");
  backupZfs.createDataset(PREFIX, { properties: ENCRYPTED });
  const offsiteZfs = new FakeZfs({ clock, guidSeed: guidSeed * 5n });
  offsiteZfs.createPool("offsite");
  return {
    backupZfs,
    offsiteZfs,
    backup: createFakeEndpoint(backupZfs, { host: "localhost" }),
    offsite: createFakeEndpoint(offsiteZfs, { host: "backup@offsite.example.org" }),
  };
}

export type PushWorld = ReturnType<typeof createPushWorld>;

export function seedHostTree(world: PushWorld) {
  const root = `${PREFIX}/host-storage`;
  snapshotSeries(world.backupZfs, root, ["weekly-1"]);
  snapshotSeries(world.backupZfs, `${root}/tank`, ["daily-1", "daily-2"]);
  snapshotSeries(world.backupZfs, `${root}/tank/data`, ["hourly-1", "hourly-2", "hourly-3"]);
  snapshotSeries(world.backupZfs, `${root}/tank/home`, ["daily-1"]);
  return root;
}

/** Every source dataset below (and including) `root`, mapped, listed on both sides, as the planner takes it. */
export async function planInputs(
  route: RawPushRoute,
  roots: readonly string[],
): Promise<Omit<PlanInput, "policy">[]> {
  const sources = (await Promise.all(roots.map((root) => route.source.listDatasets(root)))).flat();
  const mappings = route.mapSources(sources.map((dataset) => dataset.name));
  return Promise.all(
    mappings.map(async ({ source, target }) => {
      const sourceDataset = sources.find((dataset) => dataset.name === source);
      if (sourceDataset === undefined) throw new Error(`${source} was not listed`);
      const points = (await route.source.listSnapshots(source)).filter((p) => p.dataset === source);
      const [targetDataset] = await route.target.listDatasets(target);
      const parent = parentOf(target);
      const parentExists = parent === undefined || (await route.target.listDatasets(parent)).length > 0;
      const token = targetDataset?.resumeToken;
      return {
        source: {
          dataset: sourceDataset,
          snapshots: points.filter((p): p is Snapshot => p.kind === "snapshot"),
          bookmarks: points.filter((p): p is Bookmark => p.kind === "bookmark"),
        },
        target: {
          name: target,
          dataset: targetDataset,
          snapshots: targetDataset === undefined ? [] : await snapshotsOf(route.target, target),
          resumeToken: token === undefined ? undefined : decodeResumeToken(token, { dataset: target }),
          parentExists,
        },
      };
    }),
  );
}

export interface PushRun {
  readonly report: RawPushReport;
  readonly notices: RawPushNotice[];
  readonly events: ExecutorEvent[];
}

/** One `zrelay push` of `roots`: route, list, plan, execute. */
export async function push(
  world: { backup: ZfsEndpoint; offsite: ZfsEndpoint },
  roots: readonly string[],
  options: Partial<RawPushOptions> = {},
): Promise<PushRun> {
  const notices: RawPushNotice[] = [];
  const events: ExecutorEvent[] = [];
  const route = createRawPushRoute({
    source: world.backup,
    target: world.offsite,
    stripPrefix: PREFIX,
    onNotice: (notice) => notices.push(notice),
    ...options,
  });
  const plans = (await planInputs(route, roots)).map((input) => route.planDataset(input));
  const report = await route.executeRun(plans, { onEvent: (event) => events.push(event) });
  return { report, notices, events };
}

/** `target outcome` per dataset, in order. */
export const outcomes = (report: RawPushReport) => report.datasets.map((d) => `${d.target} ${d.outcome}`);

/** The fake endpoint with every send and receive request it gets recorded. */
export function recordingRequests(endpoint: FakeEndpoint) {
  const sends: Parameters<ZfsEndpoint["send"]>[0][] = [];
  const receives: Parameters<ZfsEndpoint["receive"]>[0][] = [];
  const recorded: FakeEndpoint = {
    ...endpoint,
    send: (request, sink) => {
      sends.push(request);
      return endpoint.send(request, sink);
    },
    receive: (request) => {
      receives.push(request);
      return endpoint.receive(request);
    },
  };
  return { endpoint: recorded, sends, receives };
}

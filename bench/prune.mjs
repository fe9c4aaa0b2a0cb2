// Retention at scale (issue 12): planning the prune of 100,000 snapshots over 1,000
// datasets, and the whole prune stage of a run (listing, protections, planPrune and
// the destroys) against in-memory endpoints, counting `zfs destroy` commands per side.
// Target: planning well under 1 s; at most one destroy per dataset and side.
import { calendarZone, planPrune, pruneProtections } from "@zrelay/core";
import { pruneJob } from "../apps/cli/dist/prune/job-prune.js";

// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by a plain script, never through turbo
const DATASETS = Number(process.env.BENCH_DATASETS ?? 1000);
const SNAPSHOTS = 100;
const ZONE = "Europe/Berlin"; // a zone with summer time: the Intl path, not the UTC shortcut
const RULES = { latest: 24, hourly: 48, daily: 14, weekly: 8, monthly: 12, yearly: 3 };
const START = Date.parse("2026-09-01T00:00:00Z") / 1000;
const STEP = 6 * 3600; // a snapshot every 6 hours: 25 days per dataset

function sideOf(prefix) {
  const points = [];
  let guid = 1n;
  for (let d = 0; d < DATASETS; d++) {
    const dataset = `${prefix}/d${String(d).padStart(4, "0")}`;
    const offset = (d % 24) * 900; // datasets snapshotted at different quarter hours
    for (let s = 0; s < SNAPSHOTS; s++) {
      const creation = START + offset + s * STEP;
      const name = `zrelay_bench_${new Date(creation * 1000).toISOString().slice(0, 19)}Z`;
      points.push({
        kind: "snapshot",
        dataset,
        name,
        guid: guid++,
        createtxg: BigInt(s + 1),
        creation,
        userrefs: 0,
      });
    }
  }
  return points;
}

const source = sideOf("tank");
const target = sideOf("backup/tank");
const now = START + SNAPSHOTS * STEP;
const match = ["zrelay_bench_????-??-??T*"];
const byDataset = (points) => {
  const map = new Map();
  for (const p of points) (map.get(p.dataset) ?? map.set(p.dataset, []).get(p.dataset)).push(p);
  return map;
};

// 1. planPrune alone, every dataset's target side, protections included.
const targets = [...byDataset(target).values()];
const sources = [...byDataset(source).values()];
const heapBefore = process.memoryUsage().heapUsed;
const planStart = process.hrtime.bigint();
let planned = 0;
for (let i = 0; i < targets.length; i++) {
  const snapshots = targets[i];
  const protections = pruneProtections({
    snapshots,
    bookmarks: [],
    counterpart: { name: "src", snapshots: sources[i] },
  });
  planned += planPrune({
    snapshots,
    rules: { match, keep: RULES },
    now,
    zone: calendarZone(ZONE),
    protections,
  }).destroy.length;
}
const planSeconds = Number(process.hrtime.bigint() - planStart) / 1e9;
const planHeapMB = (process.memoryUsage().heapUsed - heapBefore) / 1e6;

// 2. The prune stage of a run, both sides, against endpoints that answer from memory.
function endpoint(host, points) {
  const calls = { listSnapshots: 0, listDatasets: 0, destroySnapshots: 0, destroyed: 0, maxPerDataset: 0 };
  const perDataset = new Map();
  const datasets = [...new Set(points.map((p) => p.dataset))];
  const root = datasets[0].slice(0, datasets[0].lastIndexOf("/"));
  return {
    calls,
    endpoint: {
      host,
      capabilities: { raw: true, resume: true, bookmarks: true, holds: true },
      async listDatasets(listed) {
        calls.listDatasets++;
        if (listed !== root) throw new Error(`bench: listing ${listed}, not the root ${root}`);
        return [root, ...datasets].map((name) => ({
          name,
          type: "filesystem",
          guid: 1n,
          encryption: "off",
          keyStatus: "none",
          canmount: "on",
        }));
      },
      async listSnapshots(listed) {
        calls.listSnapshots++;
        return points.filter((p) => p.dataset === listed || p.dataset.startsWith(`${listed}/`));
      },
      async destroySnapshots(dataset, names) {
        calls.destroySnapshots++;
        calls.destroyed += names.length;
        const count = (perDataset.get(dataset) ?? 0) + 1;
        perDataset.set(dataset, count);
        calls.maxPerDataset = Math.max(calls.maxPerDataset, count);
      },
    },
  };
}
const src = endpoint("host-storage", source);
const dst = endpoint("localhost", target);
const plan = {
  datasets: sources.map((snapshots) => ({
    outcome: "up-to-date",
    source: snapshots[0].dataset,
    target: `backup/${snapshots[0].dataset}`,
    latest: snapshots.at(-1),
  })),
  missingRoots: [],
  excluded: [],
  unmatchedExcludes: [],
};
const job = {
  name: "bench",
  kind: "pull",
  source: { host: "host-storage" },
  target: {},
  datasets: ["tank"],
  mapping: { kind: "prefix", dest: "backup" },
  options: { pruneSource: { keep: { latest: 24 } }, pruneTarget: { keep: RULES } },
};
const failures = [];
const reporter = {
  prune() {},
  failure: (error) => failures.push(error),
  debug() {},
  info() {},
  warning() {},
};
const stageStart = process.hrtime.bigint();
const stage = await pruneJob({
  job,
  source: src.endpoint,
  target: dst.endpoint,
  plan,
  succeeded: new Set(plan.datasets.map((d) => d.source)),
  mode: "run",
  now,
  timeZone: ZONE,
  reporter,
});
const stageSeconds = Number(process.hrtime.bigint() - stageStart) / 1e9;
if (failures.length > 0) {
  console.error(failures[0]);
  process.exit(1);
}
const peakRssMB = process.resourceUsage().maxRSS / 1024;
const target1s = planSeconds < 1 ? "met" : "MISSED";
console.log(
  `* planPrune: ${DATASETS * SNAPSHOTS} snapshots over ${DATASETS} datasets in ${planSeconds.toFixed(3)} s (target < 1 s: ${target1s}), ${planned} to destroy, heap +${planHeapMB.toFixed(1)} MB`,
);
console.log(
  `* prune stage, both sides: ${stageSeconds.toFixed(3)} s, ${stage.pruned} destroyed; zfs destroy commands: source ${src.calls.destroySnapshots}, target ${dst.calls.destroySnapshots} (at most ${Math.max(src.calls.maxPerDataset, dst.calls.maxPerDataset)} per dataset and side); listings ${src.calls.listSnapshots + dst.calls.listSnapshots}`,
);
console.log(`* peak RSS ${peakRssMB.toFixed(0)} MB`);
console.log(
  JSON.stringify({
    datasets: DATASETS,
    snapshots: DATASETS * SNAPSHOTS,
    timeZone: ZONE,
    planSeconds: Number(planSeconds.toFixed(3)),
    planHeapMB: Number(planHeapMB.toFixed(1)),
    plannedDestroys: planned,
    stageSeconds: Number(stageSeconds.toFixed(3)),
    pruned: stage.pruned,
    destroyCommands: { source: src.calls.destroySnapshots, target: dst.calls.destroySnapshots },
    maxDestroyCommandsPerDatasetAndSide: Math.max(src.calls.maxPerDataset, dst.calls.maxPerDataset),
    listingCalls:
      src.calls.listSnapshots + dst.calls.listSnapshots + src.calls.listDatasets + dst.calls.listDatasets,
    peakRssMB: Math.round(peakRssMB),
    target: target1s,
  }),
);

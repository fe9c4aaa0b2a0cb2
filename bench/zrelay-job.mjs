import { performance } from "node:perf_hooks";
import { defaultPolicy, executeRun, mapWithPrefix, planJob, silentTicker } from "@zrelay/core";
import { createZfsCommandEndpoint } from "@zrelay/zfs-command";
import { createLocalEndpoint } from "@zrelay/zfs-local";
import { createSshCommandRunner, createSshEndpoint, resolveSshSettings } from "@zrelay/zfs-ssh";

/*
 * One zrelay job as the CLI will run it: planJob (one listing per side per
 * root), then executeRun. The benchmarks describe endpoints as plain JSON so
 * a child process can build the same ones.
 *
 * Endpoint description:
 *   { kind: "local", env: { PATH, ZRELAY_FAKE_ZFS_ROOT } }
 *   { kind: "ssh", options: SshEndpointOptions }   (dataPath, cipher, key, known_hosts…)
 */

/** Builds the endpoint a description names. `onCommand` (optional) hears every remote command started. */
export function endpointFor(description, onCommand) {
  if (description.kind === "local")
    return { endpoint: createLocalEndpoint({ env: description.env }), close: async () => {} };
  if (description.kind !== "ssh") throw new Error(`unknown endpoint kind ${description.kind}`);
  if (onCommand === undefined) {
    const endpoint = createSshEndpoint(description.options);
    return { endpoint, close: () => endpoint.close() };
  }
  // Same composition as createSshEndpoint, with every command the runner starts counted.
  const runner = createSshCommandRunner(resolveSshSettings(description.options));
  const counted = {
    host: runner.host,
    user: runner.user,
    run(argv) {
      onCommand(argv);
      return runner.run(argv);
    },
    startWithOutput(argv, sink) {
      onCommand(argv);
      return runner.startWithOutput(argv, sink);
    },
    startWithInput(argv) {
      onCommand(argv);
      return runner.startWithInput(argv);
    },
  };
  return { endpoint: createZfsCommandEndpoint(counted), close: () => runner.close() };
}

/**
 * Plans and runs one job; resolves with the run report and where the time went.
 * `destPrefix`: each source dataset lands at `destPrefix/<source name>` (pull layout).
 * `onPlanned` is called between planning and executing (outside both timings).
 */
export async function runJob({ source, target, roots, destPrefix, concurrency = 1, onPlanned }) {
  const started = performance.now();
  const plan = await planJob({
    source,
    target,
    roots,
    mapTarget: (name) => mapWithPrefix(name, destPrefix),
    policy: defaultPolicy,
  });
  const planEnd = performance.now();
  if (plan.missingRoots.length > 0) throw plan.missingRoots[0];
  onPlanned?.();
  const executeStart = performance.now();
  const report = await executeRun(plan.datasets, {
    source,
    target,
    concurrency,
    resumable: defaultPolicy.resumable && target.capabilities.resume,
    progressTicker: silentTicker,
  });
  const finished = performance.now();
  return {
    report,
    planSeconds: (planEnd - started) / 1000,
    executeSeconds: (finished - executeStart) / 1000,
    seconds: (planEnd - started + finished - executeStart) / 1000,
  };
}

/** The first failure of a run report, as one line, or undefined when nothing failed. */
export function firstFailure(report) {
  const failed = report.datasets.find(
    (dataset) => dataset.outcome === "failed" || dataset.outcome === "conflict",
  );
  if (failed === undefined) return undefined;
  const hint = failed.error.hint === undefined ? "" : ` (hint: ${failed.error.hint})`;
  return `${failed.source} → ${failed.target}: ${failed.error.message}${hint}`;
}

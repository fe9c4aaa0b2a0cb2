// Start-up time of `zrelay --version` and `zrelay --help` against `node -e 0` (issue 14:
// within 1.5×), and, when `npm run package` has built it, of the single executable's
// `--help` against the executable printing its version (its own floor: the Node inside it
// starting with the embedded bundle). Runs are alternated so load spikes on a
// shared machine hit every variant alike; the median of BENCH_REPEATS (default 9) counts.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const ZRELAY = fileURLToPath(new URL("../apps/cli/bin/zrelay.js", import.meta.url));
const EXECUTABLE = fileURLToPath(new URL("../release/zrelay-linux-x64", import.meta.url));
const packaged = existsSync(EXECUTABLE);
// biome-ignore lint/suspicious/noUndeclaredEnvVars: read by a plain script, never through turbo
const runs = Number(process.env.BENCH_REPEATS ?? 9);

const variants = {
  nodeBaseline: [process.execPath, "-e", "0"],
  version: [process.execPath, ZRELAY, "--version"],
  help: [process.execPath, ZRELAY, "--help"],
  ...(packaged
    ? { executableVersion: [EXECUTABLE, "--version"], executableHelp: [EXECUTABLE, "--help"] }
    : {}),
};

function timeOnce([command, ...args]) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return ms;
}

const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, argv] of Object.entries(variants)) samples[name].push(timeOnce(argv));
}
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ms = Object.fromEntries(
  Object.entries(samples).map(([name, values]) => [name, Math.round(median(values))]),
);
const ratio = (a, b) => Number((ms[a] / ms[b]).toFixed(2));
const results = {
  runs,
  medianMs: ms,
  versionRatio: ratio("version", "nodeBaseline"),
  helpRatio: ratio("help", "nodeBaseline"),
  ...(packaged
    ? {
        executableBytes: statSync(EXECUTABLE).size,
        executableVersionVsNode: ratio("executableVersion", "nodeBaseline"),
        executableHelpRatio: ratio("executableHelp", "executableVersion"),
      }
    : {}),
  loadAverage: loadavg()[0],
};
for (const [name, value] of Object.entries(ms)) console.log(`${name}: ${value} ms (median of ${runs})`);
const verdict = (value) => (value <= 1.5 ? "met" : "MISSED");
console.log(
  `--version within 1.5× of node -e 0: ${verdict(results.versionRatio)} (${results.versionRatio}×)`,
);
console.log(`--help within 1.5× of node -e 0: ${verdict(results.helpRatio)} (${results.helpRatio}×)`);
if (packaged) {
  console.log(
    `executable --help within 1.5× of its --version: ${verdict(results.executableHelpRatio)} (${results.executableHelpRatio}×); ` +
      `its --version is ${results.executableVersionVsNode}× node -e 0; ${results.executableBytes} bytes`,
  );
} else {
  console.log("executable: not built (npm run package), not measured");
}
console.log(JSON.stringify(results));

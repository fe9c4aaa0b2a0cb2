import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

/*
 * The baseline every zrelay figure is compared with: a plain shell pipeline
 * (`zfs send … | zfs receive …`). The script is a constant; names only ever
 * reach it as positional parameters ("$1", "$2"), never pasted into it.
 * Under GNU time when there is one, for the CPU seconds of bash and every
 * process it waited for (the pipeline's members).
 */

const TIME = "/usr/bin/time";

/**
 * Runs `bash -c script bash ...args` with `env` added; resolves with its wall
 * time and CPU seconds (undefined without /usr/bin/time). Rejects, with the
 * stderr it printed, when it exits non-zero.
 */
export async function runPipeline(script, args, env) {
  const dir = await mkdtemp(join(tmpdir(), "zrelay-bench-pipeline-"));
  try {
    const timeFile = join(dir, "time");
    const bash = ["bash", "-c", `set -o pipefail\n${script}`, "bash", ...args];
    const argv = existsSync(TIME) ? [TIME, "-f", "%U %S", "-o", timeFile, ...bash] : bash;
    const started = performance.now();
    const { status, stderr } = await spawnAndWait(argv, env);
    const seconds = (performance.now() - started) / 1000;
    if (status !== 0) throw new Error(`the shell pipeline exited with ${status}: ${stderr.trim()}`);
    let cpuSeconds;
    if (existsSync(timeFile)) {
      const [user, system] = (await readFile(timeFile, "utf8")).trim().split(/\s+/).slice(-2).map(Number);
      cpuSeconds = user + system;
    }
    return { seconds, cpuSeconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnAndWait(argv, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ status: code ?? signal, stderr }));
  });
}

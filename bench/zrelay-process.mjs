import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { onCleanup } from "./bench-cleanup.mjs";

const CHILD = fileURLToPath(new URL("./replicate-child.mjs", import.meta.url));

/**
 * Runs one zrelay job (see zrelay-job.mjs) in a Node process of its own and
 * resolves with what it reported: timings, totals, its peak RSS (VmHWM) and
 * CPU seconds. Rejects when the job failed, with zrelay's own error message.
 */
export function runZrelayProcess(job) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, JSON.stringify(job)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Killed by its pid if the benchmark stops while it runs.
    const forget = onCleanup(`zrelay process ${child.pid}`, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-8192);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      void forget();
      const last = stdout.trim().split("\n").at(-1) ?? "";
      let result;
      try {
        result = JSON.parse(last);
      } catch {
        reject(
          new Error(
            `the zrelay process exited with ${code ?? signal} and no report: ${stderr.trim() || stdout.trim()}`,
          ),
        );
        return;
      }
      if (!result.ok)
        reject(new Error(`zrelay failed: ${result.failure ?? "unknown error"} ${stderr.trim()}`));
      else resolve(result);
    });
  });
}

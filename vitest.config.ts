import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { SSHD_SUITES, sshdDecisionHere } from "./test/sshd-requirement.js";

// A machine without sshd skips the suites that start one, in one visible line;
// under CI=true it fails instead (test/sshd-requirement.ts).
const sshd = sshdDecisionHere();
if (sshd.action === "fail") throw new Error(sshd.message);
if (sshd.action === "skip") console.log(sshd.line);

// Tests import workspace packages through their "source" export condition, so they
// run against src/ without a build. The zfs emulator and CLI binaries are built by
// `npm test` first because they run as real child processes.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: [
      "**/node_modules/**",
      "**/dist/**",
      "test/real/**",
      ...(sshd.action === "skip" ? SSHD_SUITES : []),
    ],
    // Vitest's default is one worker fewer than the cores: a single worker on a
    // 2-core machine, running every file in turn. Test files mostly wait on child
    // processes (zfs emulator, sshd, the CLI), so one worker per core halves the run.
    maxWorkers: availableParallelism(),
    // tsyringe checks for the Reflect polyfill when imported; the CLI's entry point loads it first.
    setupFiles: ["./test/setup/reflect-metadata.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

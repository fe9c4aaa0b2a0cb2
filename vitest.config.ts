import { defineConfig } from "vitest/config";

// Tests import workspace packages through their "source" export condition, so they
// run against src/ without a build. The zfs emulator and CLI binaries are built by
// `npm test` first because they run as real child processes.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/*/src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "test/real/**"],
    // tsyringe checks for the Reflect polyfill when imported; the CLI's entry point loads it first.
    setupFiles: ["./test/setup/reflect-metadata.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

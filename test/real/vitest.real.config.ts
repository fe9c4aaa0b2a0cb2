import { defineConfig } from "vitest/config";

// Runs inside the zfs-lab VM (see run-real.mjs): real OpenZFS, about ten times slower than native.
export default defineConfig({
  // The checkout is a 9p share in the VM: keep vite/vitest caches off it.
  cacheDir: "/tmp/zrelay-vitest-cache",
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["test/real/**/*.real.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});

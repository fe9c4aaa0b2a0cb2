import { PAYLOAD_BYTES_PROPERTY } from "@zrelay/testkit";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createLocalHost, type LocalHost, outcomes, replicateTree, snapshotLines } from "./local-host.js";

const STREAM_BYTES = 256 * 1024 * 1024;

let local: LocalHost;
beforeEach(() => {
  local = createLocalHost();
});
afterEach(() => local.dispose());

it("moves a 256 MiB stream local to local without it passing through this process's memory", {
  timeout: 120_000,
}, async () => {
  await local.zfs("create", "-o", `${PAYLOAD_BYTES_PROPERTY}=${STREAM_BYTES}`, "src/big");
  await local.snapshot("src/big", "s1");

  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const report = await replicateTree(local, "src/big", "dst/big").finally(() => clearInterval(sampler));
  peak = Math.max(peak, process.memoryUsage().rss);

  expect(outcomes(report)).toEqual(["dst/big replicated"]);
  expect(await snapshotLines(local.target, "dst/big")).toEqual(await snapshotLines(local.source, "src/big"));
  // The bytes went from zfs send to zfs receive through the handed-over descriptor.
  expect(report.totals.bytes).toBeGreaterThanOrEqual(STREAM_BYTES);
  expect(peak - baseline).toBeLessThan(STREAM_BYTES / 8);
});

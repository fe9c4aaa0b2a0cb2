import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliSandbox, createCliSandbox, withoutSizes, withoutTimings } from "./cli-sandbox.js";
import { zrelayOnTerminal } from "./pseudo-terminal.js";

// A 5 MiB snapshot paced at 1 MiB/s takes at least 5 s: long enough for several
// progress events (one a second) whatever the machine's speed.
const STREAM_BYTES = 5 * 1024 * 1024;
const slowSync = (target: string) => ["sync", "tank/big", target, "--bwlimit", "1M"];

/** A frame of the live display: dataset, bar, bytes of the estimate, rate, ETA. */
const FRAME = /tank\/big \[[█░]{20}\] [1-9][\d.]* (KiB|MiB) of 5\.0 MiB [\d.]+ (KiB|MiB)\/s ETA [\d.]+ s/g;
const ESCAPE = "\u001b";

// The live progress display is for a person at a terminal only: the built CLI runs on a
// pseudo-terminal (util-linux `script`) and, for comparison, with stdout piped as cron runs it.
describe("zrelay's live progress, on a terminal and off it", { timeout: 120_000 }, () => {
  let box: CliSandbox;
  beforeAll(async () => {
    box = createCliSandbox();
    await box.zpool("create", "tank");
    await box.zpool("create", "backup");
    await box.zfs("create", "-o", `zrelay:fake-stream-bytes=${STREAM_BYTES}`, "tank/big");
    await box.zfs("snapshot", "tank/big@daily-1");
    await box.zfs("create", "-p", "tank/data/home");
    await box.zfs("create", "tank/data/mail");
    for (const snap of ["daily-1", "daily-2"]) await box.zfs("snapshot", `tank/data/home@${snap}`);
    await box.zfs("snapshot", "tank/data/mail@daily-1");
  });
  afterAll(() => box?.dispose());

  it("draws bytes, rate and ETA on a terminal, and leaves only the lines; piped or --quiet, no frame", async () => {
    // Three runs at once (each to its own target): they take as long as one.
    const [terminal, piped, quiet] = await Promise.all([
      zrelayOnTerminal(box, ...slowSync("backup/on-terminal")),
      box.zrelay(...slowSync("backup/piped")),
      zrelayOnTerminal(box, ...slowSync("backup/quiet"), "--quiet"),
    ]);

    expect(terminal.code).toBe(0);
    expect(terminal.output.match(FRAME)?.length ?? 0).toBeGreaterThan(0);
    const lines = (target: string) => [
      `* sync tank/big ${target}: 1 dataset`,
      "* tank/big: 1 snapshot, 5.0 MiB in <t>",
      "* 1 dataset: 1 replicated, 0 up to date, 0 failed; 5.0 MiB in <t>",
    ];
    // What stays on screen once the run is over: the lines, no bar left over, none erased.
    expect(withoutTimings(terminal.screen)).toEqual(lines("backup/on-terminal"));

    expect(piped.code).toBe(0);
    expect(withoutTimings(piped.stdout)).toEqual(lines("backup/piped"));
    expect(piped.stdout.join("\n")).not.toContain(ESCAPE);

    expect(quiet).toEqual({ code: 0, output: "", screen: [] });
    expect((await box.snapshots("backup")).sort()).toEqual([
      "backup/on-terminal@daily-1",
      "backup/piped@daily-1",
      "backup/quiet@daily-1",
    ]);
  });

  it("--debug on a terminal shows the piped run's lines in the same order, plus the size estimates", async () => {
    const [terminal, piped] = await Promise.all([
      zrelayOnTerminal(box, "sync", "tank/data", "backup/debug-terminal", "--debug"),
      box.zrelay("sync", "tank/data", "backup/debug-piped", "--debug"),
    ]);
    expect([terminal.code, piped.code]).toEqual([0, 0]);

    const estimates = terminal.screen.filter((line) => line.startsWith("ℹ️ localhost: zfs send -n -P "));
    expect(estimates).toEqual([
      "ℹ️ localhost: zfs send -n -P -L -e -c tank/data/home@daily-1",
      "ℹ️ localhost: zfs send -n -P -L -e -c -I tank/data/home@daily-1 tank/data/home@daily-2",
      "ℹ️ localhost: zfs send -n -P -L -e -c tank/data/mail@daily-1",
    ]);
    const shown = terminal.screen.filter((line) => !estimates.includes(line));
    // Each target's chain bookmark carries its own guid: `#zrelay_<tag>_`.
    const tagless = (line: string) => line.replaceAll(/#zrelay_[^_]+_/g, "#zrelay_<tag>_");
    expect(
      withoutSizes(shown).map((line) => tagless(line.replaceAll("backup/debug-terminal", "<dst>"))),
    ).toEqual(
      withoutSizes(piped.stdout).map((line) => tagless(line.replaceAll("backup/debug-piped", "<dst>"))),
    );
    expect(piped.stdout.at(-1)).toMatch(/^\* 3 datasets: 2 replicated, /);
  });
});

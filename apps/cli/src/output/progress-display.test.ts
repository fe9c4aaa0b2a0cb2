import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { OutputTiers } from "./output-tiers.js";
import { createProgressDisplay } from "./progress-display.js";
import { renderTerminal } from "./terminal-screen.fixture.js";

const MiB = 1024 * 1024;

/** A terminal of `columns` that stdout and stderr both write to, as on a TTY; a clock set by hand. */
function terminal(columns = 100) {
  let output = "";
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    }),
    { columns },
  );
  let clock = 0;
  const display = createProgressDisplay(stream, () => clock);
  const tiers = new OutputTiers(
    { stdout: stream, stderr: stream, stdoutIsTerminal: true },
    { quiet: false, debug: false, json: false },
  );
  tiers.around(display.clear, display.redraw);
  return {
    display,
    tiers,
    at: (ms: number) => {
      clock = ms;
    },
    screen: () => renderTerminal(output),
  };
}

describe("the live progress display", () => {
  it("shows bytes, estimate, rate and ETA on a line of its own under the output", () => {
    const { display, tiers, at, screen } = terminal();
    tiers.info("sync tank/big backup/big: 1 dataset");
    display.start("tank/big", "tank/big", undefined);
    expect(screen()).toEqual([
      "* sync tank/big backup/big: 1 dataset",
      "tank/big [░░░░░░░░░░░░░░░░░░░░] 0 B 0 B/s ETA ?",
    ]);
    display.setTotal("tank/big", 4 * MiB);
    at(1000);
    display.update("tank/big", MiB);
    expect(screen()).toEqual([
      "* sync tank/big backup/big: 1 dataset",
      "tank/big [█████░░░░░░░░░░░░░░░] 1.0 MiB of 4.0 MiB 1.0 MiB/s ETA 3.0 s",
    ]);
  });

  it("keeps every line written while bars run, and leaves no bar behind", () => {
    const { display, tiers, at, screen } = terminal();
    tiers.info("pull host-storage: 2 datasets");
    display.start("tank/a", "tank/a", 2 * MiB);
    display.start("tank/b", "tank/b", MiB);
    at(1000);
    display.update("tank/a", MiB);
    tiers.debug("not shown without --debug");
    tiers.error("tank/c: something failed", ["do this"]);
    display.update("tank/b", MiB / 2);
    expect(screen()).toEqual([
      "* pull host-storage: 2 datasets",
      "🚨 tank/c: something failed",
      "    do this",
      "tank/a [██████████░░░░░░░░░░] 1.0 MiB of 2.0 MiB 1.0 MiB/s ETA 1.0 s",
      "tank/b [██████████░░░░░░░░░░] 512 KiB of 1.0 MiB 512 KiB/s ETA 1.0 s",
    ]);
    display.remove("tank/a");
    tiers.info("tank/a: 1 snapshot, 2.0 MiB in 2.0 s");
    display.remove("tank/b");
    tiers.info("tank/b: 1 snapshot, 1.0 MiB in 2.0 s");
    display.start("tank/b", "tank/b", undefined);
    display.remove("tank/b");
    tiers.info("2 datasets: 2 replicated, 0 up to date, 0 failed; 3.0 MiB in 2.0 s");
    display.stop();
    expect(screen()).toEqual([
      "* pull host-storage: 2 datasets",
      "🚨 tank/c: something failed",
      "    do this",
      "* tank/a: 1 snapshot, 2.0 MiB in 2.0 s",
      "* tank/b: 1 snapshot, 1.0 MiB in 2.0 s",
      "* 2 datasets: 2 replicated, 0 up to date, 0 failed; 3.0 MiB in 2.0 s",
    ]);
  });

  it("clears its bars when stopped mid-transfer, and ignores a late estimate", () => {
    const { display, tiers, screen } = terminal();
    display.start("tank/a", "tank/a", undefined);
    display.stop();
    display.setTotal("tank/a", MiB);
    display.update("tank/a", 10);
    tiers.error("received SIGTERM: stopping");
    expect(screen()).toEqual(["🚨 received SIGTERM: stopping"]);
  });

  it("shortens a long dataset name from the start so the line never wraps", () => {
    const { display, screen } = terminal(60);
    display.start("k", "backuppool/encryptedbackups/host-storage/tank/data/home", undefined);
    expect(screen()).toEqual(["…rage/tank/data/home [░░░░░░░░░░░░░░░░░░░░] 0 B 0 B/s ETA ?"]);
    expect([...(screen()[0] ?? "")]).toHaveLength(59);
  });
});

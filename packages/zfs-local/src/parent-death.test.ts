import { describe, expect, it } from "vitest";
import { dyingWithParent } from "./parent-death.js";

describe("dyingWithParent", () => {
  it("runs a command found in PATH under setpriv --pdeathsig TERM, argv unchanged after --", () => {
    expect(dyingWithParent(["sh", "-c", "exit 0"], "/usr/bin:/bin")).toEqual([
      expect.stringMatching(/\/setpriv$/),
      "--pdeathsig",
      "TERM",
      "--",
      "sh",
      "-c",
      "exit 0",
    ]);
  });

  it("leaves a command that is not found as it is, so it fails as it would unwrapped", () => {
    expect(dyingWithParent(["zrelay-no-such-zfs", "list"], "/zrelay/nowhere")).toEqual([
      "zrelay-no-such-zfs",
      "list",
    ]);
  });
});

import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ErrorCode, isZrelayError } from "@zrelay/core";
import { describe, expect, it } from "vitest";
import { quoteShellWord, remoteCommandLine } from "./remote-command-line.js";

const awkward = [
  "plain",
  "with space",
  "it's",
  "'",
  "''",
  "$(touch /tmp/zrelay-pwned)",
  "`id`",
  "$HOME",
  "a\nb",
  "back\\slash",
  "semi;colon && echo x | cat",
  "*",
  "-n",
  "",
  "tank/data with space@snap 1",
  "ünïcode ✓",
];

describe("quoteShellWord", () => {
  it.each(awkward)("gives %j back unchanged from sh and bash", (word) => {
    for (const shell of ["sh", "bash"]) {
      const out = execFileSync(shell, ["-c", `printf '%s' ${quoteShellWord(word)}`], { encoding: "utf8" });
      expect(out).toBe(word);
    }
  });

  it("quotes with single quotes only", () => {
    expect(quoteShellWord("it's")).toBe(`'it'\\''s'`);
    expect(quoteShellWord("$(x)")).toBe("'$(x)'");
  });
});

describe("remoteCommandLine", () => {
  it("execs the quoted argv, so the shell turns into the command", () => {
    expect(remoteCommandLine(["zfs", "list", "a b"], { sudo: false })).toBe(
      `PATH="$PATH:/usr/sbin:/sbin" exec 'zfs' 'list' 'a b'`,
    );
  });

  it("finds a command in /usr/sbin or /sbin when the login's PATH lacks them, after PATH's own", () => {
    const dir = mkdtempSync(join(tmpdir(), "zrelay-path-"));
    writeFileSync(join(dir, "zfs"), "#!/bin/sh\necho first\n", { mode: 0o755 });
    for (const shell of ["sh", "bash"]) {
      const bare = execFileSync(
        shell,
        ["-c", remoteCommandLine(["sh", "-c", 'echo "$PATH"'], { sudo: false })],
        {
          encoding: "utf8",
          env: { PATH: "/usr/bin:/bin" },
        },
      );
      // (A shell's startup files may put directories in front; the appended end is ours.)
      expect(bare.trim()).toMatch(/(^|:)\/usr\/bin:\/bin:\/usr\/sbin:\/sbin$/);
      const own = execFileSync(shell, ["-c", remoteCommandLine(["zfs"], { sudo: false })], {
        encoding: "utf8",
        env: { PATH: `${dir}:/usr/bin:/bin` },
      });
      expect(own).toBe("first\n");
    }
  });

  it("prefixes sudo -n, which never prompts", () => {
    expect(remoteCommandLine(["zfs", "send", "-w", "x@y"], { sudo: true })).toBe(
      `PATH="$PATH:/usr/sbin:/sbin" exec sudo -n -- 'zfs' 'send' '-w' 'x@y'`,
    );
  });

  it("hands every awkward word to the command as one argument", () => {
    const line = remoteCommandLine(["printf", "%s\\0", ...awkward], { sudo: false });
    const out = execFileSync("sh", ["-c", line], { encoding: "utf8" });
    expect(out.split("\0").slice(0, -1)).toEqual(awkward);
  });

  it("refuses a NUL byte, which no command line can carry", () => {
    let error: unknown;
    try {
      remoteCommandLine(["zfs", "list", "a\0b"], { sudo: false });
    } catch (caught) {
      error = caught;
    }
    expect(isZrelayError(error, ErrorCode.USAGE)).toBe(true);
  });
});

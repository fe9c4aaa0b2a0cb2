import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/error-codes.js";
import { rejection } from "../errors/zrelay-rejection.fixture.js";
import { formatZfsName, isValidZfsName, parseDatasetName, parseZfsName } from "./zfs-name-parser.js";

describe("parseZfsName accepts what OpenZFS accepts", () => {
  it.each([
    ["tank", { kind: "dataset", dataset: "tank" }],
    ["tank/data", { kind: "dataset", dataset: "tank/data" }],
    ["tank/my data/with spaces ", { kind: "dataset", dataset: "tank/my data/with spaces " }],
    ["Tank_1/a-b:c.d", { kind: "dataset", dataset: "Tank_1/a-b:c.d" }],
    ["tank/data@daily-2026-01-03", { kind: "snapshot", dataset: "tank/data", name: "daily-2026-01-03" }],
    ["tank/my data@my snap", { kind: "snapshot", dataset: "tank/my data", name: "my snap" }],
    ["tank/data#mark", { kind: "bookmark", dataset: "tank/data", name: "mark" }],
    ["tank/...", { kind: "dataset", dataset: "tank/..." }],
    ["tank/.hidden", { kind: "dataset", dataset: "tank/.hidden" }],
    ["c0ffee/data", { kind: "dataset", dataset: "c0ffee/data" }],
    ["Mirror", { kind: "dataset", dataset: "Mirror" }],
    ["logs", { kind: "dataset", dataset: "logs" }],
    [`tank/${"a".repeat(250)}`, { kind: "dataset", dataset: `tank/${"a".repeat(250)}` }],
    [`t${"a".repeat(238)}@s`, { kind: "snapshot", dataset: `t${"a".repeat(238)}`, name: "s" }],
  ])("%j", (input, expected) => {
    expect(parseZfsName(input)).toEqual(expected);
    expect(formatZfsName(parseZfsName(input))).toBe(input);
  });
});

describe("parseZfsName rejects, quoting the name and naming the rule", () => {
  it.each([
    ["", '""', "is empty"],
    ["tank/da;ta", '"tank/da;ta"', 'character ";" (U+003B) is not allowed'],
    ["tank/$(reboot)", '"tank/$(reboot)"', 'character "$" (U+0024)'],
    ["tank/`id`", '"tank/`id`"', 'character "`" (U+0060)'],
    ["tank/'q'", "\"tank/'q'\"", `character "'" (U+0027)`],
    ['tank/"q"', '"tank/\\"q\\""', 'character "\\"" (U+0022)'],
    ["tank/data\n", '"tank/data\\n"', 'character "\\n" (U+000A)'],
    ["tank/da\tta", '"tank/da\\tta"', 'character "\\t" (U+0009)'],
    ["tank/da\u0000ta", '"tank/da\\u0000ta"', 'character "\\u0000" (U+0000)'],
    ["tank/dätä", '"tank/dätä"', 'character "ä" (U+00E4)'],
    ["tank/data/%recv", '"tank/data/%recv"', '"%" only appears in names ZFS makes'],
    [`tank/${"a".repeat(251)}`, '"tank/aaa', "is 256 characters long; OpenZFS allows at most 255"],
    [`tank/a@${"s".repeat(249)}`, '"tank/a@sss', "is 256 characters long; OpenZFS allows at most 255"],
    ["/tank/data", '"/tank/data"', 'starts with "/"'],
    ["tank/data/", '"tank/data/"', 'ends with "/"'],
    ["tank//data", '"tank//data"', 'has an empty component ("//")'],
    ["tank/./data", '"tank/./data"', 'has a "." component'],
    ["tank/..", '"tank/.."', 'has a ".." component'],
    ["tank/a@b@c", '"tank/a@b@c"', 'has 2 "@"/"#" separators'],
    ["tank/a@b#c", '"tank/a@b#c"', 'has 2 "@"/"#" separators'],
    ["tank/a@", '"tank/a@"', 'has an empty snapshot name after "@"'],
    ["tank/a#", '"tank/a#"', 'has an empty bookmark name after "#"'],
    ["@snap", '"@snap"', "has no dataset before its @ or #"],
    ["tank/a@b/c", '"tank/a@b/c"', 'snapshot name "b/c" contains "/"'],
    ["tank/a#.", '"tank/a#."', 'bookmark name "." is not allowed'],
    ["1tank/data", '"1tank/data"', 'pool name "1tank" does not start with a letter'],
    [" tank", '" tank"', 'pool name " tank" does not start with a letter'],
    ["mirror/data", '"mirror/data"', 'pool name "mirror" is reserved'],
    ["raidz2/data", '"raidz2/data"', 'pool name "raidz2" is reserved'],
    ["draid1", '"draid1"', 'pool name "draid1" is reserved'],
    ["spare", '"spare"', 'pool name "spare" is reserved'],
    ["log/x", '"log/x"', 'pool name "log" is reserved'],
    [`t${"a".repeat(239)}/x`, '"taaa', "pool name is 240 characters long; OpenZFS allows at most 239"],
  ])("%j", (input, quoted, rule) => {
    const error = rejection(() => parseZfsName(input));
    expect(error.code).toBe(ErrorCode.INVALID_NAME);
    expect(error.message).toContain(`Invalid ZFS name ${quoted}`);
    expect(error.message).toContain(rule);
    expect(error.hint).toBeTruthy();
    expect(isValidZfsName(input)).toBe(false);
  });

  it("names the origin and host, and shortens endless input", () => {
    const error = rejection(() =>
      parseDatasetName("tank/a;b", { origin: "--dest", host: "backup@host-storage" }),
    );
    expect(error.message).toBe(
      'Invalid dataset name "tank/a;b" (from --dest) on backup@host-storage: character ";" (U+003B) is not allowed; ' +
        'OpenZFS names use only letters, digits, "_", "-", ":", "." and space, plus "/", "@" and "#" as separators.',
    );
    expect(error.host).toBe("backup@host-storage");
    expect(error.dataset).toBe("tank/a;b");
    expect(rejection(() => parseZfsName("x".repeat(5000))).message).toContain("… (5000 characters)");
  });

  it("tells a mountpoint from a dataset name", () => {
    expect(rejection(() => parseZfsName("/tank/data")).hint).toBe('Write "tank/data".');
  });
});

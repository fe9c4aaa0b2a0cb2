import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/error-codes.js";
import { ZrelayError } from "../errors/zrelay-error.js";
import { rejection } from "../errors/zrelay-rejection.fixture.js";
import { mapDatasets, mapStrippingPrefix, mapWithPrefix } from "./target-mapping.js";

const DEST = "backuppool/encryptedbackups/host-storage";

describe("mapWithPrefix (pull)", () => {
  it.each([
    ["tank/data", DEST, `${DEST}/tank/data`],
    ["tank", DEST, `${DEST}/tank`],
    ["tank/my data", "backup pool/hosts", "backup pool/hosts/tank/my data"],
  ])("%j under %j", (source, prefix, target) => {
    expect(mapWithPrefix(source, prefix)).toBe(target);
  });

  it("rejects an invalid prefix, naming it", () => {
    const error = rejection(() => mapWithPrefix("tank/data", `${DEST}/`));
    expect(error.code).toBe(ErrorCode.INVALID_NAME);
    expect(error.message).toBe(
      `Invalid dataset name "${DEST}/" (from the destination prefix): ends with "/".`,
    );
  });
});

describe("mapStrippingPrefix (push)", () => {
  it.each([
    [`${DEST}/tank/data`, "backuppool/encryptedbackups", undefined, "host-storage/tank/data"],
    [
      `${DEST}/tank/data`,
      "backuppool/encryptedbackups",
      "offsite/zrelay",
      "offsite/zrelay/host-storage/tank/data",
    ],
    [`${DEST}/tank/data`, DEST, "offsite", "offsite/tank/data"],
    [DEST, DEST, "offsite/host-storage", "offsite/host-storage"],
    ["backup pool/my hosts/a b/c", "backup pool/my hosts", undefined, "a b/c"],
  ])("%j stripping %j onto %j", (source, prefix, targetRoot, target) => {
    expect(mapStrippingPrefix(source, prefix, targetRoot)).toBe(target);
  });

  it.each([
    ["backuppool/encryptedbackups2/x", "backuppool/encryptedbackups"],
    ["backuppool/other/x", "backuppool/encryptedbackups"],
    ["backuppool", "backuppool/encryptedbackups"],
  ])("refuses %j outside %j, component-wise", (source, prefix) => {
    const error = rejection(() => mapStrippingPrefix(source, prefix));
    expect(error.code).toBe(ErrorCode.MAPPING_OUTSIDE_PREFIX);
    expect(error.message).toBe(`Dataset "${source}" is not under the prefix to strip "${prefix}".`);
    expect(error.dataset).toBe(source);
  });

  it("refuses the prefix itself without a target root", () => {
    const error = rejection(() => mapStrippingPrefix(DEST, DEST));
    expect(error.code).toBe(ErrorCode.MAPPING_OUTSIDE_PREFIX);
    expect(error.message).toBe(
      `Dataset "${DEST}" is the prefix "${DEST}" itself; stripping it leaves no name.`,
    );
    expect(error.hint).toContain("target root");
  });
});

describe("mapDatasets", () => {
  it("maps in order and keeps spaces", () => {
    const sources = ["tank/data", "tank/my data", "tank/data"];
    expect(mapDatasets(sources, (source) => mapWithPrefix(source, DEST))).toEqual([
      { source: "tank/data", target: `${DEST}/tank/data` },
      { source: "tank/my data", target: `${DEST}/tank/my data` },
    ]);
  });

  it("refuses two sources on one target, naming both and the target", () => {
    const error = rejection(() =>
      mapDatasets(["a/x/data", "b/x/data"], (source) => `offsite/${source.slice(2)}`),
    );
    expect(error.code).toBe(ErrorCode.MAPPING_COLLISION);
    expect(error.message).toBe(
      'Datasets "a/x/data" and "b/x/data" would both be replicated to "offsite/x/data".',
    );
  });

  it.each([
    // Stripping a pool-level prefix makes the next component the target's pool name.
    [
      ["backuppool/1host/tank"],
      (source: string) => mapStrippingPrefix(source, "backuppool"),
      "does not start with a letter",
    ],
    [[`${DEST}/tank`], () => `${"x".repeat(256)}`, "is 256 characters long"],
    [["tank/data"], (source: string) => `${source}@snap`, "is a snapshot name, not a dataset name"],
  ])("refuses an invalid target for %j", (sources, mapper, rule) => {
    const error = rejection(() => mapDatasets(sources, mapper));
    expect(error.code).toBe(ErrorCode.INVALID_NAME);
    expect(error.message).toContain(
      `Dataset ${JSON.stringify(sources[0])} would be replicated to an invalid name.`,
    );
    expect(error.message).toContain(rule);
    expect(error.cause).toBeInstanceOf(ZrelayError);
  });

  it("lets mapping errors through unchanged", () => {
    const error = rejection(() => mapDatasets(["rpool/x"], (source) => mapStrippingPrefix(source, "tank")));
    expect(error.code).toBe(ErrorCode.MAPPING_OUTSIDE_PREFIX);
  });
});

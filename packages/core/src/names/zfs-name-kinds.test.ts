import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/error-codes.js";
import { rejection } from "../errors/zrelay-rejection.fixture.js";
import {
  assertDatasetName,
  isValidDatasetName,
  parseBookmarkName,
  parseDatasetName,
  parseSnapshotName,
} from "./zfs-name-parser.js";

describe("kind-specific parsers", () => {
  it("split snapshots and bookmarks", () => {
    expect(parseSnapshotName("tank/my data@snap 1")).toEqual({
      kind: "snapshot",
      dataset: "tank/my data",
      name: "snap 1",
    });
    expect(parseBookmarkName("tank/data#m")).toEqual({ kind: "bookmark", dataset: "tank/data", name: "m" });
    expect(parseDatasetName("tank/my data")).toBe("tank/my data");
  });

  it.each([
    [
      () => parseDatasetName("tank/data@s"),
      "is a snapshot name, not a dataset name",
      "Use the dataset alone: tank/data.",
    ],
    [
      () => parseDatasetName("tank/data#m"),
      "is a bookmark name, not a dataset name",
      "Use the dataset alone: tank/data.",
    ],
    [
      () => parseSnapshotName("tank/data"),
      "is a dataset name, not a snapshot name",
      'Add the snapshot after "@": tank/data@name.',
    ],
    [
      () => parseSnapshotName("tank/data#m"),
      "is a bookmark name, not a snapshot name",
      'Write snapshots with "@": tank/data@m.',
    ],
    [
      () => parseBookmarkName("tank/data@s"),
      "is a snapshot name, not a bookmark name",
      'Write bookmarks with "#": tank/data#s.',
    ],
    [
      () => assertDatasetName("tank@s"),
      "is a snapshot name, not a dataset name",
      "Use the dataset alone: tank.",
    ],
  ])("rejects the wrong kind (%#)", (run, rule, hint) => {
    const error = rejection(run);
    expect(error.code).toBe(ErrorCode.INVALID_NAME);
    expect(error.message).toContain(rule);
    expect(error.hint).toBe(hint);
  });

  it("isValidDatasetName answers without throwing", () => {
    expect(isValidDatasetName("tank/a b")).toBe(true);
    expect(isValidDatasetName("tank/a@b")).toBe(false);
    expect(isValidDatasetName("tank/a;b")).toBe(false);
    expect(isValidDatasetName("")).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import type { Bookmark, Snapshot } from "../model/snapshot.js";
import { receiveRequestFor, sendRequestFor, type TransferStep } from "./step-transfer.js";

const guidAbove2p53 = 2n ** 53n + 17n;
const snap = (name: string, createtxg: bigint): Snapshot => ({
  kind: "snapshot",
  dataset: "tank/data",
  name,
  guid: guidAbove2p53 + createtxg,
  createtxg,
  creation: 1_700_000_000,
});
const mark: Bookmark = { ...snap("a", 10n), kind: "bookmark" };

describe("sendRequestFor", () => {
  it.each<{ name: string; step: TransferStep; expected: object }>([
    {
      name: "full raw",
      step: { kind: "full", snapshot: snap("a", 10n), raw: true, force: false },
      expected: { snapshot: "tank/data@a", raw: true },
    },
    {
      name: "incremental -I from a snapshot",
      step: {
        kind: "incremental",
        from: snap("a", 10n),
        intermediates: true,
        raw: false,
        snapshots: [snap("b", 20n), snap("c", 30n)],
      },
      expected: { snapshot: "tank/data@c", from: "tank/data@a", intermediates: true, raw: false },
    },
    {
      name: "incremental -i from a bookmark",
      step: {
        kind: "incremental",
        from: mark,
        intermediates: false,
        raw: true,
        snapshots: [snap("c", 30n)],
      },
      expected: { snapshot: "tank/data@c", from: "tank/data#a", intermediates: false, raw: true },
    },
    {
      name: "resume",
      step: { kind: "resume", token: "1-abc-def", snapshot: snap("b", 20n), raw: true },
      expected: { snapshot: "tank/data@b", resumeToken: "1-abc-def", raw: true },
    },
  ])("$name", ({ step, expected }) => {
    expect(sendRequestFor(step)).toEqual(expected);
  });
});

describe("receiveRequestFor", () => {
  it("passes -F only for a full step the plan forced", () => {
    const forced: TransferStep = { kind: "full", snapshot: snap("a", 10n), raw: true, force: true };
    const plain: TransferStep = { ...forced, force: false };
    expect(receiveRequestFor(forced, "backup/data", true)).toEqual({
      dataset: "backup/data",
      resumable: true,
      force: true,
    });
    expect(receiveRequestFor(plain, "backup/data", false)).toEqual({
      dataset: "backup/data",
      resumable: false,
    });
  });
});

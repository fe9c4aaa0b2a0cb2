import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration } from "./format-units.js";

describe("formatBytes / formatDuration", () => {
  it.each([
    [0, "0 B"],
    [512, "512 B"],
    [1536, "1.5 KiB"],
    [13_465, "13 KiB"],
    [1.2 * 1024 ** 3, "1.2 GiB"],
    [41 * 1024 ** 2, "41 MiB"],
  ])("%d bytes read %s", (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it.each([
    [0, "0.0 s"],
    [420, "0.4 s"],
    [41_000, "41 s"],
    [125_000, "2 min 5 s"],
    [3_780_000, "1 h 3 min"],
  ])("%d ms reads %s", (ms, text) => expect(formatDuration(ms)).toBe(text));
});

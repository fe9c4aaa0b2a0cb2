import { describe, expect, it } from "vitest";
import { formatAge, parseDurationSeconds } from "./duration-text.js";

describe("parseDurationSeconds", () => {
  it.each([
    ["26h", 93_600],
    ["90m", 5400],
    ["2d", 172_800],
    ["1d12h", 129_600],
    ["1.5h", 5400],
    ["8d", 691_200],
  ])("%s is %i seconds", (text, seconds) => expect(parseDurationSeconds(text)).toBe(seconds));

  it.each(["26", "1d12", "26h garbage", "26hh", "0h", "-3h", "", "h"])("refuses %j", (text) =>
    expect(parseDurationSeconds(text)).toBeUndefined(),
  );
});

describe("formatAge", () => {
  it.each([
    [45, "45s"],
    [300, "5m"],
    [5400, "1h30m"],
    [93_600, "26h"],
    [180_000, "50h"],
    [3 * 86_400 + 4 * 3600, "3d4h"],
    [8 * 86_400, "8d"],
  ])("%i seconds read %s", (seconds, text) => expect(formatAge(seconds)).toBe(text));
});

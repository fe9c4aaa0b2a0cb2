import { describe, expect, it } from "vitest";
import { parseOptions, propertyAssignments } from "./command-options.js";

const spec = { flags: "Hpr", values: "odt", usage: "list [-Hpr] ..." };
const parse = (...args: string[]) => {
  const parsed = parseOptions(args, spec);
  return {
    flags: [...parsed.flags].sort().join(""),
    values: Object.fromEntries(parsed.values),
    operands: parsed.operands,
  };
};

describe("parseOptions: zfs's getopt", () => {
  it.each([
    {
      args: ["-Hp", "-o", "name,guid", "tank"],
      flags: "Hp",
      values: { o: ["name,guid"] },
      operands: ["tank"],
    },
    { args: ["-Hponame", "tank"], flags: "Hp", values: { o: ["name"] }, operands: ["tank"] },
    { args: ["tank", "-r", "-d", "2", "pool"], flags: "r", values: { d: ["2"] }, operands: ["tank", "pool"] },
    { args: ["-o", "a", "-o", "b"], flags: "", values: { o: ["a", "b"] }, operands: [] },
    { args: ["-H", "--", "-r"], flags: "H", values: {}, operands: ["-r"] },
    { args: ["tank/with space@a b"], flags: "", values: {}, operands: ["tank/with space@a b"] },
  ])("$args", ({ args, flags, values, operands }) => {
    expect(parse(...args)).toEqual({ flags, values, operands });
  });

  it("refuses an unknown letter and a missing value as zfs does, with the usage (exit 2)", () => {
    expect(() => parse("-Hq")).toThrow("invalid option 'q'\nusage:\n\tlist [-Hpr] ...");
    expect(() => parse("tank", "-o")).toThrow("missing argument for 'o' option");
    try {
      parse("-q");
    } catch (error) {
      expect(error).toMatchObject({ exitStatus: 2 });
    }
  });

  it("splits property=value at the first =", () => {
    expect(propertyAssignments(["a:b=c=d", "canmount=off"], undefined)).toEqual([
      ["a:b", "c=d"],
      ["canmount", "off"],
    ]);
    expect(() => propertyAssignments(["canmount"], undefined)).toThrow(
      "missing '=' for property=value argument",
    );
  });
});

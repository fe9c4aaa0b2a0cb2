import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/error-codes.js";
import { isZrelayError } from "../errors/zrelay-error.js";
import { formatZfsName, parseDatasetName, parseZfsName } from "./zfs-name-parser.js";

// The oracle is written independently of the implementation on purpose.
const NAME_CHARS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-:. "];
const SEPARATORS = ["/", "@", "#"];
const isNameChar = (char: string): boolean => NAME_CHARS.includes(char) || SEPARATORS.includes(char);

/** Runs the parser; returns the name it accepted or undefined, failing on any other throw. */
function tryParse(input: string): string | undefined {
  try {
    return formatZfsName(parseZfsName(input));
  } catch (error) {
    if (!isZrelayError(error, ErrorCode.INVALID_NAME)) throw error;
    expect(error.message).toContain(JSON.stringify(input).slice(0, 40));
    return undefined;
  }
}

const anyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom(...NAME_CHARS, ...SEPARATORS, "%", ";", "\n", "\u0000"),
    maxLength: 300,
  }),
);

const nameChar = fc.constantFrom(...NAME_CHARS);
const component = fc
  .string({ unit: nameChar, minLength: 1, maxLength: 20 })
  .filter((text) => text !== "." && text !== "..");
const pool = fc
  .tuple(
    fc.constantFrom(..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    fc.string({ unit: nameChar, maxLength: 20 }),
  )
  .map(([first, rest]) => first + rest)
  .filter((name) => !/^(mirror|raidz|draid|spare)/.test(name) && name !== "log");
const validName = fc
  .tuple(
    pool,
    fc.array(component, { maxLength: 8 }),
    fc.option(fc.tuple(fc.constantFrom("@", "#"), component)),
  )
  .map(([head, rest, suffix]) => [head, ...rest].join("/") + (suffix === null ? "" : suffix.join("")))
  .filter((name) => name.length <= 255);

describe("name parser properties", () => {
  it("throws nothing but INVALID_NAME, and what it accepts round-trips", () => {
    fc.assert(
      fc.property(anyString, (input) => {
        const accepted = tryParse(input);
        if (accepted !== undefined) expect(accepted).toBe(input);
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects every name with a character outside the allowed set", () => {
    fc.assert(
      fc.property(anyString, (input) => {
        if ([...input].some((char) => !isNameChar(char))) expect(tryParse(input)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts generated valid names unchanged", () => {
    fc.assert(
      fc.property(validName, (name) => {
        expect(tryParse(name)).toBe(name);
      }),
      { numRuns: 2000 },
    );
  });

  it("accepts generated dataset names as datasets", () => {
    fc.assert(
      fc.property(
        validName.filter((name) => !/[@#]/.test(name)),
        (name) => {
          expect(parseDatasetName(name)).toBe(name);
        },
      ),
    );
  });
});

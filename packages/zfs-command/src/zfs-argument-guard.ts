import { ErrorCode, ZrelayError } from "@zrelay/core";

/*
 * Checks for the argv words that are not dataset names (those go through
 * @zrelay/core's name parser). Nothing may start with "-": zfs parses options
 * with getopt, and refusing such words is simpler than relying on "--", which
 * not every zfs subcommand (or emulator) honours the same way.
 */

function invalid(what: string, value: string, rule: string, host: string): ZrelayError {
  return new ZrelayError(
    ErrorCode.INVALID_NAME,
    `Invalid ${what} ${JSON.stringify(value)} for ${host}: ${rule}.`,
    {
      host,
      hint: `Check the ${what} zrelay was given; it goes into a zfs command line as one word.`,
    },
  );
}

// Control characters (tabs, newlines) would break the tab-separated output zrelay parses.
const CONTROL = /\p{Cc}/u;

/** A `zfs hold` tag: 1–255 characters, no control characters, not starting with "-". */
export function checkHoldTag(tag: string, host: string): string {
  if (tag === "" || tag.length > 255) throw invalid("hold tag", tag, "must be 1 to 255 characters", host);
  if (tag.startsWith("-")) throw invalid("hold tag", tag, 'must not start with "-"', host);
  if (CONTROL.test(tag)) throw invalid("hold tag", tag, "must not contain control characters", host);
  return tag;
}

/** A native (`canmount`) or user (`org.example:note`) property name. */
export function checkPropertyName(name: string, host: string): string {
  if (!/^[a-z][a-z0-9_.:-]*$/.test(name)) {
    throw invalid(
      "property name",
      name,
      "must be lowercase letters, digits, _ . : - and start with a letter",
      host,
    );
  }
  return name;
}

/** A property value for `-o name=value`: no control characters. */
export function checkPropertyValue(name: string, value: string, host: string): string {
  if (CONTROL.test(value))
    throw invalid(`value of property ${name}`, value, "must not contain control characters", host);
  return value;
}

/** A `receive_resume_token`: one word of letters, digits and `-` (`1-e604ea4bf-e0-789c…`). */
export function checkResumeToken(token: string, host: string): string {
  if (!/^[0-9A-Za-z][0-9A-Za-z-]*$/.test(token)) {
    throw invalid("resume token", token, "is not a receive_resume_token (letters, digits and -)", host);
  }
  return token;
}

/** `-o name=value` pairs, checked, in the caller's order. */
export function checkProperties(
  properties: Readonly<Record<string, string>> | undefined,
  host: string,
): Array<readonly [string, string]> {
  return Object.entries(properties ?? {}).map(
    ([name, value]) => [checkPropertyName(name, host), checkPropertyValue(name, value, host)] as const,
  );
}

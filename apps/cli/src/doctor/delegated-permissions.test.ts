import { describe, expect, it } from "vitest";
import { missingPermissions, type Principal } from "./delegated-permissions.js";
import { parseZfsAllow } from "./zfs-allow-parser.js";

const TARGET = ["receive", "create", "mount", "canmount"];
const backup: Principal = { user: "backup", groups: ["backup", "backupops"] };

/** One `---- Permissions on DATASET` block with `section:` and its entries. */
const block = (dataset: string, section: string, ...entries: string[]) =>
  `---- Permissions on ${dataset} ----------\n${section} permissions:\n${entries.map((entry) => `\t${entry}\n`).join("")}`;

describe("missingPermissions (needed vs granted)", () => {
  it.each([
    ["nothing delegated", "", TARGET],
    [
      "everything on the dataset itself",
      block("pool/dst", "Local+Descendent", "user backup canmount,create,mount,receive"),
      [],
    ],
    [
      "the seed's grant without canmount",
      block("pool/dst", "Local+Descendent", "user backup create,mount,receive"),
      ["canmount"],
    ],
    [
      "granted to another user",
      block("pool/dst", "Local+Descendent", "user alice canmount,create,mount,receive"),
      TARGET,
    ],
    [
      "granted to a group the user is in",
      block("pool/dst", "Local+Descendent", "group backupops canmount,create,mount,receive"),
      [],
    ],
    [
      "granted to a group the user is not in",
      block("pool/dst", "Local+Descendent", "group staff canmount,create,mount,receive"),
      TARGET,
    ],
    [
      "granted to everyone",
      block("pool/dst", "Local+Descendent", "everyone canmount,create,mount,receive"),
      [],
    ],
    [
      "split over user, group and everyone",
      block(
        "pool/dst",
        "Local+Descendent",
        "user backup receive",
        "group backupops create,mount",
        "everyone canmount",
      ),
      [],
    ],
    // Local covers the dataset but not what zrelay creates and receives below it.
    ["local only", block("pool/dst", "Local", "user backup canmount,create,mount,receive"), TARGET],
    // Descendent covers what lies below but not the dataset zrelay creates the first child in.
    ["descendent only", block("pool/dst", "Descendent", "user backup canmount,create,mount,receive"), TARGET],
    [
      "local plus descendent in two lines",
      `${block("pool/dst", "Local", "user backup canmount,create,mount,receive")}Descendent permissions:\n\tuser backup canmount,create,mount,receive\n`,
      [],
    ],
    [
      "inherited Local+Descendent from the pool",
      block("pool", "Local+Descendent", "user backup canmount,create,mount,receive"),
      [],
    ],
    [
      "inherited Descendent from the pool",
      block("pool", "Descendent", "user backup canmount,create,mount,receive"),
      [],
    ],
    [
      "a Local grant on the pool does not reach down",
      block("pool", "Local", "user backup canmount,create,mount,receive"),
      TARGET,
    ],
    [
      "a grant on another tree",
      block("other", "Local+Descendent", "user backup canmount,create,mount,receive"),
      TARGET,
    ],
    [
      "a grant on a dataset that only shares a prefix",
      block("pool/ds", "Local+Descendent", "user backup canmount,create,mount,receive"),
      TARGET,
    ],
    [
      "through a permission set defined on an ancestor",
      `${block("pool", "Local+Descendent")}`.replace(
        "Local+Descendent permissions:\n",
        "Permission sets:\n\t@recv canmount,create,mount,receive\n",
      ) + block("pool/dst", "Local+Descendent", "user backup @recv"),
      [],
    ],
    [
      "through nested sets",
      `---- Permissions on pool/dst ----\nPermission sets:\n\t@base create,mount\n\t@recv @base,receive,canmount\nLocal+Descendent permissions:\n\tuser backup @recv\n`,
      [],
    ],
    [
      "through a set that is not defined",
      block("pool/dst", "Local+Descendent", "user backup @recv,mount"),
      ["receive", "create", "canmount"],
    ],
    [
      "create-time permissions do not count",
      `---- Permissions on pool/dst ----\nCreate time permissions:\n\tcanmount,create,mount,receive\n`,
      TARGET,
    ],
  ])("%s", (_case, output, missing) => {
    expect(missingPermissions(TARGET, parseZfsAllow(output), "pool/dst", backup)).toEqual(missing);
  });

  it("does not loop on sets that name each other", () => {
    const output = `---- Permissions on pool/dst ----\nPermission sets:\n\t@a @b,send\n\t@b @a,hold\nLocal+Descendent permissions:\n\tuser backup @a\n`;
    expect(
      missingPermissions(["send", "hold", "release"], parseZfsAllow(output), "pool/dst", backup),
    ).toEqual(["release"]);
  });
});

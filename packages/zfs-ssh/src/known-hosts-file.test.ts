import { createHmac } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHostKey, knownHostKeyTypes } from "./host-key-check.js";
import { hostFieldMatches, readKnownHosts } from "./known-hosts-file.js";
import { hostKeyFingerprint, knownHostsName, preferredHostKeyAlgorithms } from "./ssh-host-key.js";

// A key blob is `string type, ...`: enough for matching, typing and fingerprints.
function blob(type: string, body: string): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, Buffer.from(body)]);
}

function hashed(name: string, salt = Buffer.from("0123456789abcdefghij")): string {
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
}

describe("hostFieldMatches", () => {
  it.each([
    ["backup.example", "backup.example", true],
    ["Backup.Example", "backup.example", true],
    ["other,backup.example", "backup.example", true],
    ["*.example", "backup.example", true],
    ["backup.exampl?", "backup.example", true],
    ["*.example,!backup.example", "backup.example", false],
    ["backup.example", "[backup.example]:2222", false],
    ["[backup.example]:2222", "[backup.example]:2222", true],
    ["[backup.example]:22222", "[backup.example]:2222", false],
    ["backup.example.evil", "backup.example", false],
    ["backup?example", "backup.example", true],
    ["backup.example", "backupxexample", false],
    [hashed("backup.example"), "backup.example", true],
    [hashed("[127.0.0.1]:2222"), "[127.0.0.1]:2222", true],
    [hashed("backup.example"), "other.example", false],
  ])("%s names %s: %s", (field, name, expected) => {
    expect(hostFieldMatches(field, name)).toBe(expected);
  });
});

describe("known_hosts files", () => {
  let dir: string;
  const ed = blob("ssh-ed25519", "the-key");
  const edOther = blob("ssh-ed25519", "another-key");
  const ecdsa = blob("ecdsa-sha2-nistp256", "ec-key");
  const line = (hosts: string, key: Buffer) => `${hosts} ssh-whatever ${key.toString("base64")}`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "zrelay-known-hosts-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function entries(...lines: string[]) {
    const file = join(dir, `known_hosts_${Math.random().toString(16).slice(2)}`);
    await writeFile(file, `${lines.join("\n")}\n`);
    return readKnownHosts(file);
  }

  it("reads key lines with their file and line number, skipping comments and blank lines", async () => {
    const read = await entries(
      "# comment",
      "",
      line("a,b", ed),
      `@revoked * ssh-ed25519 ${edOther.toString("base64")}`,
    );
    expect(read.map(({ line, marker, hosts }) => ({ line, marker, hosts }))).toEqual([
      { line: 3, marker: undefined, hosts: "a,b" },
      { line: 4, marker: "revoked", hosts: "*" },
    ]);
    expect(readKnownHosts(join(dir, "absent"))).toEqual([]);
  });

  it.each([
    ["the listed key", [line("[h]:2222", ed)], ed, "known"],
    ["a hashed entry", [line(hashed("[h]:2222"), ed)], ed, "known"],
    ["no entry for the host", [line("[h]:2200", ed), line("h", ed)], ed, "unknown"],
    ["another key of the same type", [line("[h]:2222", edOther)], ed, "changed"],
    ["only keys of another type", [line("[h]:2222", ecdsa)], ed, "other-type"],
    [
      "a revoked key, even if listed",
      [line("[h]:2222", ed), `@revoked * x ${ed.toString("base64")}`],
      ed,
      "revoked",
    ],
    ["a CA line only", [`@cert-authority [h]:2222 x ${ed.toString("base64")}`], ed, "unknown"],
  ])("%s gives %s", async (_title, lines, key, kind) => {
    expect(checkHostKey(await entries(...lines), knownHostsName("H", 2222), key).kind).toBe(kind);
  });

  it("offers the host key algorithms known for the host first", async () => {
    const read = await entries(line("[h]:2222", ecdsa), line("[h]:2222", blob("ssh-rsa", "r")));
    const types = knownHostKeyTypes(read, "[h]:2222");
    expect(types).toEqual(["ecdsa-sha2-nistp256", "ssh-rsa"]);
    expect(preferredHostKeyAlgorithms(types).slice(0, 5)).toEqual([
      "ecdsa-sha2-nistp256",
      "rsa-sha2-512",
      "rsa-sha2-256",
      "ssh-rsa",
      "ssh-ed25519",
    ]);
  });
});

describe("host key names and fingerprints", () => {
  it("files a host under its name on port 22 and under [name]:port elsewhere", () => {
    expect(knownHostsName("Backup.Example", 22)).toBe("backup.example");
    expect(knownHostsName("127.0.0.1", 2222)).toBe("[127.0.0.1]:2222");
  });

  it("prints SHA256 fingerprints as OpenSSH does: unpadded base64", () => {
    expect(hostKeyFingerprint(Buffer.from("abc"))).toBe("SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0");
  });
});

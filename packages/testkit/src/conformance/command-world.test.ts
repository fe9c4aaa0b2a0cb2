import { spawnSync } from "node:child_process";
import type { ZfsEndpoint } from "@zrelay/core";
import { afterAll, describe, expect, it } from "vitest";
import { createEmulatorHost } from "../emulator/emulator-host.js";
import { createCommandWorld, poolsFromEnvironment } from "./command-world.js";
import { createEmulatorWorld } from "./emulator-world.js";

// The fixture half of a command world, on the zfs emulator; the endpoint half is
// exercised by each adapter's conformance run (packages/zfs-local).
const host = createEmulatorHost();
afterAll(() => host.dispose());
const zfs = (...args: string[]) => spawnSync("zfs", args, { env: { ...process.env, ...host.env } });
const worlds = [
  {
    name: "createCommandWorld",
    world: () => createCommandWorld({ endpoint: {} as ZfsEndpoint, env: host.env }),
  },
  // The same fixture with its zfs run in-process: what it leaves must look the same to a spawned `zfs`.
  { name: "createEmulatorWorld", world: () => createEmulatorWorld({ endpoint: {} as ZfsEndpoint, host }) },
];

describe.each(worlds)("$name", { timeout: 120_000 }, ({ world }) => {
  it("makes its own roots, writes files a snapshot keeps, and destroys its roots on dispose", async () => {
    const w = await world();
    expect(w.sourceRoot).toMatch(/^src\/zr-[0-9a-f]{8}$/);
    expect(w.targetRoot).toBe(`dst/${w.sourceRoot.slice(4)}`);
    await w.createDataset(`${w.sourceRoot}/data`);
    await w.writeFile(`${w.sourceRoot}/data`, "a.bin", new Uint8Array([1, 2, 3]));
    await w.snapshot(`${w.sourceRoot}/data@s1`);
    await w.writeFile(`${w.sourceRoot}/data`, "a.bin", new Uint8Array([4]));
    expect(await w.readFile(`${w.sourceRoot}/data@s1`, "a.bin")).toEqual(new Uint8Array([1, 2, 3]));
    expect(await w.readFile(`${w.sourceRoot}/data@s1`, "absent.bin")).toBeUndefined();
    await expect(w.readFile(`${w.sourceRoot}/data@nope`, "a.bin")).rejects.toThrow(/cannot be read/);
    expect(await w.property(`${w.sourceRoot}/data@s1`, "createtxg")).toMatch(/^\d+$/);
    zfs("hold", "left-behind", `${w.sourceRoot}/data@s1`);
    await w.dispose();
    expect(zfs("list", w.sourceRoot).status).toBe(1);
    expect(zfs("list", w.targetRoot).status).toBe(1);
  });

  it("creates encryption roots whose key it can unload and load again", async () => {
    const w = await world();
    const secret = `${w.sourceRoot}/secret`;
    await w.createDataset(secret, { encrypted: true });
    expect(await w.property(secret, "encryptionroot")).toBe(secret);
    await w.unloadKey?.(secret);
    expect(await w.property(secret, "keystatus")).toBe("unavailable");
    await w.loadKey(secret);
    expect(await w.property(secret, "keystatus")).toBe("available");
    await w.dispose();
  });

  it("takes its pools from ZFS_LAB_POOLS", () => {
    expect(poolsFromEnvironment("tank,backup")).toEqual({ sourcePool: "tank", targetPool: "backup" });
    expect(poolsFromEnvironment(undefined)).toEqual({ sourcePool: "src", targetPool: "dst" });
  });
});

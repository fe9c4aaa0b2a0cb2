import { randomBytes } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MissingPiece } from "./bench-cleanup.mjs";

/*
 * Seeds an emulator host with a large dataset tree in one write, through the
 * model's API (FakeZfs) and its serialisation, instead of tens of thousands of
 * `zfs` commands: each command loads and saves the whole state file.
 *
 * The emulator's state.json is `{ format, version, model, materialised }`
 * (docs/zfs-emulator.md): the pools were made by `createEmulatorHost`
 * (mountpoints, mount state, both kept in the model, which is loaded and extended).
 */

const STATE_FORMAT = "zrelay-zfs-emulator";

function readState(host) {
  const path = join(host.root, "state.json");
  const file = JSON.parse(readFileSync(path, "utf8"));
  if (file?.format !== STATE_FORMAT || file.model === undefined) {
    throw new MissingPiece(
      `${path} is not the emulator state this benchmark knows how to seed (format ${STATE_FORMAT} with a model)`,
    );
  }
  return { path, file };
}

function writeState({ path, file }, model) {
  const temporary = `${path}.seed.tmp`;
  writeFileSync(temporary, JSON.stringify({ ...file, model }));
  renameSync(temporary, path);
}

/**
 * Dataset names of a tree of `count` datasets under `root`: the root, one
 * group per 100 datasets, the rest spread over the groups.
 */
export function treeNames(root, count) {
  const groups = Math.max(1, Math.floor(count / 100));
  const names = [root];
  for (let group = 0; group < groups; group++) names.push(`${root}/group${String(group).padStart(2, "0")}`);
  for (let leaf = 0; names.length < count; leaf++) {
    names.push(`${root}/group${String(leaf % groups).padStart(2, "0")}/ds${String(leaf).padStart(4, "0")}`);
  }
  return names;
}

/**
 * Fills `host` (whose pool is `pool`) with the datasets `names`, each with
 * `snapshots` snapshots taken an hour apart (`auto-0001` …), all in one write.
 */
export function seedTree(testkit, host, names, snapshots) {
  const state = readState(host);
  let now = Date.UTC(2024, 0, 1);
  const zfs = testkit.FakeZfs.fromJSON(state.file.model, { clock: () => now });
  for (const name of names) zfs.createDataset(name, { parents: true });
  for (let index = 1; index <= snapshots; index++) {
    now += 3_600_000;
    for (const name of names) zfs.snapshot(`${name}@auto-${String(index).padStart(4, "0")}`);
  }
  writeState(state, zfs.toJSON());
  return zfs;
}

/**
 * Gives `target` (pool `targetPool`) a copy of every dataset of `source`
 * (a seeded FakeZfs) below `destPrefix`: `tank/a` → `<destPrefix>/tank/a`,
 * with the same snapshots (same guids and creation times), as if zrelay had
 * already replicated them all. Datasets get guids of their own, as a receive gives.
 */
export function mirrorTree(testkit, source, target, destPrefix) {
  const state = readState(target);
  const zfs = testkit.FakeZfs.fromJSON(state.file.model);
  zfs.createDataset(destPrefix, { parents: true });
  const mirror = testkit.stateFromJson(zfs.toJSON());
  const original = testkit.stateFromJson(source.toJSON());
  const pool = destPrefix.split("/")[0];
  let txg = mirror.pools[pool].txg;
  for (const record of Object.values(original.datasets)) {
    const name = `${destPrefix}/${record.name}`;
    const snapshots = record.snapshots.map((snapshot) => ({ ...snapshot, createtxg: ++txg, holds: {} }));
    mirror.datasets[name] = {
      ...record,
      name,
      guid: randomBytes(8).readBigUInt64BE() | 1n,
      createtxg: ++txg,
      properties: {},
      mounted: false,
      writtenTxg: snapshots.at(-1)?.createtxg ?? txg,
      snapshots,
      bookmarks: [],
    };
  }
  mirror.pools[pool].txg = txg + 1n;
  writeState(state, testkit.stateToJson(mirror));
}

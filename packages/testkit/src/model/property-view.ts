import { parentOf } from "@zrelay/core";
import type { BookmarkRecord, DatasetRecord } from "./fake-zfs-state.js";
import { resumeTokenFor } from "./receive-resume-token.js";
import { zfsErrors } from "./zfs-error-catalogue.js";
import { isUserProperty, splitPointName } from "./zfs-names.js";
import type { ZfsStore } from "./zfs-store.js";

/** A property as `zfs get -p` shows it: the value and its source column. */
export interface PropertyValue {
  readonly value: string;
  /** `local`, `default`, `inherited from NAME` or `-`. */
  readonly source: string;
}

/** User property read when a snapshot is taken: bytes of synthetic stream payload for it. */
export const PAYLOAD_BYTES_PROPERTY = "zrelay:fake-stream-bytes";
/** Payload of a snapshot when no dataset up the tree sets `zrelay:fake-stream-bytes`. */
export const DEFAULT_PAYLOAD_BYTES = 4096;

const DATASET_PROPERTIES = [
  "name",
  "type",
  "creation",
  "guid",
  "createtxg",
  "written",
  "mountpoint",
  "canmount",
  "encryption",
  "keylocation",
  "keyformat",
  "encryptionroot",
  "keystatus",
  "receive_resume_token",
] as const;
const SNAPSHOT_PROPERTIES = [
  "name",
  "type",
  "creation",
  "guid",
  "createtxg",
  "userrefs",
  "encryption",
] as const;
const BOOKMARK_PROPERTIES = ["name", "type", "creation", "guid", "createtxg"] as const;

const fixed = (value: string): PropertyValue => ({ value, source: "-" });

/** A locally set or inherited property of a dataset (user properties, mountpoint…), walking up. */
export function inheritedValue(store: ZfsStore, dataset: DatasetRecord, property: string) {
  for (let name: string | undefined = dataset.name; name !== undefined; name = parentOf(name)) {
    const holder = store.dataset(name);
    const value = holder?.properties[property];
    if (value !== undefined) return { value, from: name };
  }
  return undefined;
}

/** Every user property in effect on the dataset, inherited ones included. */
export function userProperties(store: ZfsStore, dataset: DatasetRecord): Record<string, string> {
  const effective: Record<string, string> = {};
  for (let name: string | undefined = dataset.name; name !== undefined; name = parentOf(name)) {
    for (const [property, value] of Object.entries(store.dataset(name)?.properties ?? {})) {
      if (isUserProperty(property) && !(property in effective)) effective[property] = value;
    }
  }
  return effective;
}

/** Names `zfs get all` would list for a dataset, snapshot or bookmark (user properties last). */
export function propertyNames(store: ZfsStore, name: string): string[] {
  const point = splitPointName(name);
  const dataset = store.requireDataset(point?.dataset ?? name, () => zfsErrors.notFound(name));
  const native =
    point === undefined
      ? DATASET_PROPERTIES
      : point.kind === "snapshot"
        ? SNAPSHOT_PROPERTIES
        : BOOKMARK_PROPERTIES;
  if (point?.kind === "bookmark") return [...native];
  const own =
    point === undefined ? {} : (dataset.snapshots.find((s) => s.name === point.name)?.properties ?? {});
  return [...native, ...Object.keys({ ...userProperties(store, dataset), ...own }).sort()];
}

/** `zfs get -p PROPERTY NAME` for a dataset, snapshot or bookmark. */
export function getProperty(store: ZfsStore, name: string, property: string): PropertyValue {
  const point = splitPointName(name);
  const dataset = store.requireDataset(point?.dataset ?? name, () => zfsErrors.notFound(name));
  if (point?.kind === "bookmark") {
    // Looked up in the dataset already found: a listing reads thousands of these.
    const bookmark = dataset.bookmarks.find((b) => b.name === point.name);
    if (bookmark === undefined) throw zfsErrors.notFound(name);
    const value = pointValue(name, "bookmark", bookmark, property);
    if (value !== undefined) return fixed(value);
    if (isUserProperty(property)) return fixed("-");
    throw zfsErrors.propertyInvalid(property);
  }
  if (point?.kind === "snapshot") {
    const snapshot = dataset.snapshots.find((s) => s.name === point.name);
    if (snapshot === undefined) throw zfsErrors.notFound(name);
    const own = isUserProperty(property) ? snapshot.properties?.[property] : undefined;
    if (own !== undefined) return { value: own, source: "local" };
    const value =
      property === "userrefs"
        ? String(Object.keys(snapshot.holds).length)
        : pointValue(name, "snapshot", snapshot, property);
    if (value !== undefined) return fixed(value);
    return datasetProperty(store, dataset, property, true);
  }
  return datasetProperty(store, dataset, property, false);
}

/**
 * What a snapshot or bookmark has of its own; undefined for anything else.
 * Only the value asked for is made: a listing asks for tens of thousands.
 */
function pointValue(
  name: string,
  type: "snapshot" | "bookmark",
  point: Pick<BookmarkRecord, "creation" | "guid" | "createtxg">,
  property: string,
): string | undefined {
  switch (property) {
    case "name":
      return name;
    case "type":
      return type;
    case "creation":
      return String(point.creation);
    case "guid":
      return String(point.guid);
    case "createtxg":
      return String(point.createtxg);
  }
  return undefined;
}

function datasetProperty(store: ZfsStore, dataset: DatasetRecord, property: string, ofSnapshot: boolean) {
  const root = store.encryptionRootOf(dataset);
  const key = root?.key;
  switch (property) {
    case "name":
      return fixed(dataset.name);
    case "type":
      return fixed(dataset.type);
    case "creation":
      return fixed(String(dataset.creation));
    case "guid":
      return fixed(String(dataset.guid));
    case "createtxg":
      return fixed(String(dataset.createtxg));
    case "encryption":
      return fixed(key?.algorithm ?? "off");
    case "encryptionroot":
      return fixed(root?.name ?? "-");
    case "keyformat":
      return fixed(key?.keyformat ?? "none");
    case "keylocation":
      return root === dataset && key !== undefined
        ? { value: key.keylocation, source: "local" }
        : { value: "none", source: "default" };
    case "keystatus":
      return fixed(key === undefined ? "-" : key.loaded ? "available" : "unavailable");
  }
  if (ofSnapshot) return userProperty(store, dataset, property);
  switch (property) {
    case "written":
      return fixed(String(writtenBytes(dataset)));
    case "canmount": {
      const value = dataset.properties.canmount;
      return value === undefined ? { value: "on", source: "default" } : { value, source: "local" };
    }
    case "mountpoint":
      return mountpoint(store, dataset);
    case "receive_resume_token":
      return fixed(dataset.partialReceive ? resumeTokenFor(dataset.partialReceive) : "-");
  }
  return userProperty(store, dataset, property);
}

function userProperty(store: ZfsStore, dataset: DatasetRecord, property: string): PropertyValue {
  if (!isUserProperty(property)) throw zfsErrors.propertyInvalid(property);
  const found = inheritedValue(store, dataset, property);
  if (found === undefined) return fixed("-");
  return {
    value: found.value,
    source: found.from === dataset.name ? "local" : `inherited from ${found.from}`,
  };
}

function mountpoint(store: ZfsStore, dataset: DatasetRecord): PropertyValue {
  const found = inheritedValue(store, dataset, "mountpoint");
  if (found === undefined) return { value: `/${dataset.name}`, source: "default" };
  if (found.from === dataset.name) return { value: found.value, source: "local" };
  const inherited =
    found.value === "none" || found.value === "legacy"
      ? found.value
      : `${found.value.replace(/\/$/, "")}${dataset.name.slice(found.from.length)}`;
  return { value: inherited, source: `inherited from ${found.from}` };
}

/**
 * `written`, as ZFS means it: bytes written since the latest snapshot. 0 when nothing
 * changed (right after a receive); else the size of the files new or changed since
 * that snapshot, at least 1 (a deletion writes metadata); without snapshots, every
 * live file, as ZFS then counts everything referenced.
 */
export function writtenBytes(dataset: DatasetRecord): number {
  const latest = dataset.snapshots.at(-1);
  if (latest !== undefined && dataset.writtenTxg <= latest.createtxg) return 0;
  const changed = Object.entries(dataset.files).filter(([path, b64]) => latest?.files[path] !== b64);
  const size = changed.reduce((sum, [, b64]) => sum + Buffer.byteLength(b64, "base64"), 0);
  return Math.max(size, 1);
}

import { zfsErrors } from "./zfs-error-catalogue.js";
import { isUserProperty, splitPointName } from "./zfs-names.js";
import type { ZfsStore } from "./zfs-store.js";

// What `zfs set` accepts here; the rest is readonly, set-once or unknown to the fake.
const SETTABLE = new Set([
  ...["canmount", "mountpoint", "readonly", "compression", "atime", "relatime", "recordsize", "quota"],
  ...["refquota", "reservation", "refreservation", "sharenfs", "sharesmb", "snapdir", "sync", "copies"],
]);
const KNOWN_READONLY = new Set([
  ...[
    "type",
    "creation",
    "guid",
    "createtxg",
    "name",
    "encryption",
    "encryptionroot",
    "keystatus",
    "keyformat",
  ],
  ...["receive_resume_token", "written", "userrefs", "used", "available", "referenced", "origin", "mounted"],
]);

function settableDataset(store: ZfsStore, name: string, property: string) {
  if (splitPointName(name) !== undefined || KNOWN_READONLY.has(property)) {
    store.requireDataset(splitPointName(name)?.dataset ?? name);
    throw zfsErrors.propertyReadonly(name, property);
  }
  if (!isUserProperty(property) && !SETTABLE.has(property)) throw zfsErrors.propertyInvalid(property);
  return store.requireDataset(name);
}

/** The snapshot when `name@…` is one and `property` a user property: those a snapshot keeps itself. */
function snapshotUserProperty(store: ZfsStore, name: string, property: string) {
  if (splitPointName(name)?.kind !== "snapshot" || !isUserProperty(property)) return undefined;
  return store.requireSnapshot(name).snapshot;
}

/** `zfs set PROPERTY=VALUE NAME` on a dataset, or a user property on a snapshot. */
export function setProperty(store: ZfsStore, name: string, property: string, value: string): void {
  const snapshot = snapshotUserProperty(store, name, property);
  if (snapshot !== undefined) {
    snapshot.properties = { ...snapshot.properties, [property]: value };
    return;
  }
  if (property === "keylocation" && splitPointName(name) === undefined) {
    // Settable on an encryption root only: the others use their root's key.
    const dataset = store.requireDataset(name);
    if (dataset.encryptionRoot !== name || dataset.key === undefined)
      throw zfsErrors.propertyReadonly(name, property);
    dataset.key = { ...dataset.key, keylocation: value };
    return;
  }
  const dataset = settableDataset(store, name, property);
  dataset.properties = { ...dataset.properties, [property]: value };
}

/** `zfs inherit PROPERTY NAME`: drop the local value. */
export function inheritProperty(store: ZfsStore, name: string, property: string): void {
  const snapshot = snapshotUserProperty(store, name, property);
  if (snapshot !== undefined) {
    const { [property]: _dropped, ...rest } = snapshot.properties ?? {};
    snapshot.properties = rest;
    return;
  }
  const dataset = settableDataset(store, name, property);
  const { [property]: _dropped, ...rest } = dataset.properties;
  dataset.properties = rest;
}

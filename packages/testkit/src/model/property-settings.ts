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

/** `zfs set PROPERTY=VALUE NAME` on a dataset. */
export function setProperty(store: ZfsStore, name: string, property: string, value: string): void {
  const dataset = settableDataset(store, name, property);
  dataset.properties = { ...dataset.properties, [property]: value };
}

/** `zfs inherit PROPERTY NAME`: drop the local value. */
export function inheritProperty(store: ZfsStore, name: string, property: string): void {
  const dataset = settableDataset(store, name, property);
  const { [property]: _dropped, ...rest } = dataset.properties;
  dataset.properties = rest;
}

import { zfsErrors } from "./zfs-error-catalogue.js";
import type { ZfsStore } from "./zfs-store.js";

function keyOf(store: ZfsStore, name: string, unload: boolean) {
  const dataset = store.requireDataset(name);
  if (dataset.encryptionRoot === undefined) throw zfsErrors.keyNotEncrypted(name, unload);
  if (dataset.encryptionRoot !== name || dataset.key === undefined) {
    throw zfsErrors.keyNotRoot(name, dataset.encryptionRoot, unload);
  }
  return dataset.key;
}

/** `zfs load-key NAME` (the fake accepts any key material; only roots hold keys). */
export function loadKey(store: ZfsStore, name: string): void {
  const key = keyOf(store, name, false);
  if (key.loaded) throw zfsErrors.keyAlreadyLoaded(name);
  key.loaded = true;
}

/** `zfs unload-key NAME`. */
export function unloadKey(store: ZfsStore, name: string): void {
  const key = keyOf(store, name, true);
  if (!key.loaded) throw zfsErrors.keyAlreadyUnloaded(name);
  key.loaded = false;
}

import type { FileContents } from "./transfer-record.js";
import { zfsErrors } from "./zfs-error-catalogue.js";
import { splitPointName } from "./zfs-names.js";
import type { ZfsStore } from "./zfs-store.js";

/*
 * The small files tests put in datasets. Writing marks the dataset modified
 * since its latest snapshot, as any write to a mounted filesystem would.
 * Content is stored base64 so the model stays plain JSON.
 */

export function toBase64(content: Uint8Array | string): string {
  return (typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content)).toString(
    "base64",
  );
}

/** Write (create or replace) a file in the live dataset. */
export function writeFile(
  store: ZfsStore,
  datasetName: string,
  path: string,
  content: Uint8Array | string,
): void {
  const dataset = store.requireDataset(datasetName);
  if (!store.keyAvailable(dataset)) throw zfsErrors.mountKeyNotLoaded(datasetName);
  dataset.files = { ...dataset.files, [path]: toBase64(content) };
  dataset.writtenTxg = store.nextTxg(datasetName);
}

/** Remove a file from the live dataset; a no-op when absent (like `rm -f`), still a write when present. */
export function deleteFile(store: ZfsStore, datasetName: string, path: string): void {
  const dataset = store.requireDataset(datasetName);
  if (!store.keyAvailable(dataset)) throw zfsErrors.mountKeyNotLoaded(datasetName);
  if (!Object.hasOwn(dataset.files, path)) return;
  const { [path]: _removed, ...rest } = dataset.files;
  dataset.files = rest;
  dataset.writtenTxg = store.nextTxg(datasetName);
}

/** Files of a dataset or snapshot, as stored. Fails like a mount when the key is not loaded. */
export function filesOf(store: ZfsStore, name: string): FileContents {
  const point = splitPointName(name);
  const dataset = store.requireDataset(point?.dataset ?? name);
  if (!store.keyAvailable(dataset)) throw zfsErrors.mountKeyNotLoaded(dataset.name);
  if (point === undefined) return dataset.files;
  return store.requireSnapshot(name).snapshot.files;
}

/** One file of a dataset or snapshot, or undefined when it is not there. */
export function readFile(store: ZfsStore, name: string, path: string): Uint8Array | undefined {
  const files = filesOf(store, name);
  const content = Object.hasOwn(files, path) ? files[path] : undefined;
  return content === undefined ? undefined : new Uint8Array(Buffer.from(content, "base64"));
}

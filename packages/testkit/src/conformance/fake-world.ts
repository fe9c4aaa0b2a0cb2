import type { EndpointCapabilities } from "@zrelay/core";
import { createFakeEndpoint } from "../fake/fake-endpoint.js";
import { FakeZfs } from "../model/fake-zfs.js";
import { PAYLOAD_BYTES_PROPERTY } from "../model/property-view.js";
import type { ConformanceWorld } from "./conformance-world.js";

/** Options of `createFakeWorld`. */
export interface FakeWorldOptions {
  /** Capabilities the fake endpoint reports (each true unless set false). */
  readonly capabilities?: Partial<EndpointCapabilities>;
  /** Seed of the fake's guid sequence. Default 1 (most guids exceed 2^53). */
  readonly guidSeed?: bigint;
}

/**
 * The fake carries files in each record's header and a synthetic payload
 * after it. Real ZFS streams are mostly file data, so a stream cut half way
 * stops inside a record's payload and leaves a resume token; a large payload
 * keeps the fake's streams shaped the same.
 */
const POOL_PROPERTIES = { [PAYLOAD_BYTES_PROPERTY]: String(512 * 1024) };

const ENCRYPTED = { encryption: "aes-256-gcm", keyformat: "passphrase", keylocation: "prompt" };

let worlds = 0;

/**
 * A conformance world on a fresh in-memory FakeZfs with pools `src` and `dst`.
 * The fixture side drives the model directly, as a real fixture runs `zfs`.
 */
export async function createFakeWorld(options: FakeWorldOptions = {}): Promise<ConformanceWorld> {
  const zfs = new FakeZfs({ guidSeed: options.guidSeed ?? 1n });
  const id = `zr-${(++worlds).toString(16)}`;
  const sourceRoot = `src/${id}`;
  const targetRoot = `dst/${id}`;
  zfs.createPool("src", POOL_PROPERTIES);
  zfs.createPool("dst", POOL_PROPERTIES);
  zfs.createDataset(sourceRoot);
  zfs.createDataset(targetRoot);
  const endpoint = createFakeEndpoint(zfs, {
    host: "fake-conformance",
    capabilities: options.capabilities ?? {},
  });

  return {
    endpoint,
    sourceRoot,
    targetRoot,
    createDataset: async (name, dataset) =>
      zfs.createDataset(name, { properties: dataset?.encrypted ? ENCRYPTED : {} }),
    writeFile: async (dataset, path, content) => zfs.writeFile(dataset, path, content),
    readFile: async (snapshot, path) => zfs.readFile(snapshot, path),
    snapshot: async (fullName) => {
      zfs.snapshot(fullName);
    },
    // The fake mounts nothing, as zrelay's `receive -u` never does.
    property: async (name, property) =>
      property === "mounted" ? "no" : zfs.getProperty(name, property).value,
    loadKey: async (dataset) => zfs.loadKey(dataset),
    unloadKey: async (dataset) => zfs.unloadKey(dataset),
    dispose: async () => {},
  };
}

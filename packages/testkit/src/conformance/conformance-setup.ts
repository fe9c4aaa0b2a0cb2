import type { ReceiveRequest, SendRequest } from "@zrelay/core";
import { expectDelivered, expectSameBytes } from "./conformance-expect.js";
import { transfer } from "./conformance-transfer.js";
import type { ConformanceWorld } from "./conformance-world.js";
import { fileContent } from "./file-content.js";

/** The file every behaviour rewrites before each snapshot. */
export const DATA_FILE = "data.bin";

/** What `DATA_FILE` held in each snapshot, by short snapshot name. */
export type SnapshotContents = ReadonlyMap<string, Uint8Array>;

export interface SnapshotSeries {
  /** Create the dataset as an encryption root first. */
  readonly encrypted?: boolean;
  /** Bytes of `DATA_FILE`; 4 KiB unless a behaviour needs a longer stream. */
  readonly size?: number;
  /** Skip `createDataset`: the dataset exists already. */
  readonly exists?: boolean;
}

/**
 * Creates `dataset` and takes one snapshot per name, rewriting `DATA_FILE`
 * with content unique to that snapshot before each.
 */
export async function snapshotSeries(
  world: ConformanceWorld,
  dataset: string,
  names: readonly string[],
  series: SnapshotSeries = {},
): Promise<SnapshotContents> {
  if (!series.exists) await world.createDataset(dataset, { encrypted: series.encrypted ?? false });
  const contents = new Map<string, Uint8Array>();
  for (const name of names) {
    const content = fileContent(`${dataset}@${name}`, series.size);
    await world.writeFile(dataset, DATA_FILE, content);
    await world.snapshot(`${dataset}@${name}`);
    contents.set(name, content);
  }
  return contents;
}

/** Sends and receives, and fails the behaviour unless both sides succeed. */
export async function replicate(
  world: ConformanceWorld,
  send: SendRequest,
  receive: ReceiveRequest,
): Promise<void> {
  expectDelivered(
    await transfer(world.endpoint, send, receive),
    `sending ${send.snapshot} into ${receive.dataset}`,
  );
}

/** A plain receive into `dataset`: not resumable, not forced. */
export function into(dataset: string, resumable = false): ReceiveRequest {
  return { dataset, resumable };
}

/** `DATA_FILE` in `snapshot` (`dst/x@s2`) is byte for byte `expected`. */
export async function expectDataFile(
  world: ConformanceWorld,
  snapshot: string,
  expected: Uint8Array | undefined,
): Promise<void> {
  if (expected === undefined) throw new Error(`no expected content for ${snapshot}`);
  expectSameBytes(await world.readFile(snapshot, DATA_FILE), expected, `${DATA_FILE} in ${snapshot}`);
}

import type { FakeZfsState } from "./fake-zfs-state.js";

/** Identifies a saved model, so an emulator refuses a file it does not understand. */
export const FAKE_ZFS_FORMAT = "zrelay-fake-zfs";
// 2: snapshot user properties, keylocation, key digests and mount state joined the records.
export const FAKE_ZFS_FORMAT_VERSION = 2;

/** A FakeZfs saved as plain JSON: bigints as decimal strings, file contents base64. */
export interface FakeZfsJson {
  readonly format: typeof FAKE_ZFS_FORMAT;
  readonly version: number;
  readonly state: unknown;
}

// Fields that hold 64-bit numbers. Maps whose keys are free text (file paths,
// property names, hold tags) are copied without looking inside.
const BIGINT_FIELDS = new Set(["guid", "createtxg", "txg", "keyId", "writtenTxg", "fromGuid", "guidState"]);
const FREE_TEXT_MAPS = new Set(["files", "properties", "holds"]);

export function stateToJson(state: FakeZfsState): FakeZfsJson {
  return { format: FAKE_ZFS_FORMAT, version: FAKE_ZFS_FORMAT_VERSION, state: encode(state, "") };
}

export function stateFromJson(json: unknown): FakeZfsState {
  checkFormat(json);
  return decode((json as FakeZfsJson).state, "") as FakeZfsState;
}

/**
 * `stateFromJson` for a document the caller hands over (just parsed, held
 * nowhere else): converted where it lies instead of copied, which halves what
 * loading a large state costs (an emulator loads the whole state per command).
 */
export function stateFromOwnedJson(json: unknown): FakeZfsState {
  checkFormat(json);
  decodeInPlace((json as FakeZfsJson).state);
  return (json as FakeZfsJson).state as FakeZfsState;
}

function checkFormat(json: unknown): void {
  const saved = json as Partial<FakeZfsJson> | null;
  if (saved?.format !== FAKE_ZFS_FORMAT || saved.version !== FAKE_ZFS_FORMAT_VERSION) {
    throw new Error(`not a ${FAKE_ZFS_FORMAT} v${FAKE_ZFS_FORMAT_VERSION} document`);
  }
}

function encode(value: unknown, key: string): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map((item) => encode(item, ""));
  if (value === null || typeof value !== "object") return value;
  if (FREE_TEXT_MAPS.has(key)) return { ...value };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = encode(v, k);
  return out;
}

function decode(value: unknown, key: string): unknown {
  if (typeof value === "string" && BIGINT_FIELDS.has(key)) return BigInt(value);
  if (Array.isArray(value)) return value.map((item) => decode(item, ""));
  if (value === null || typeof value !== "object") return value;
  if (FREE_TEXT_MAPS.has(key)) return { ...value };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = decode(v, k);
  return out;
}

/** What `decode` does, on the document itself: the same fields become bigints, free-text maps are left alone. */
function decodeInPlace(value: unknown): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) decodeInPlace(item);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (typeof field === "string") {
      if (BIGINT_FIELDS.has(key)) record[key] = BigInt(field);
    } else if (!FREE_TEXT_MAPS.has(key)) decodeInPlace(field);
  }
}

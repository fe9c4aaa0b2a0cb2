import { parentOf } from "@zrelay/core";
import { isFakeZfsError } from "../model/fake-zfs-error.js";
import { zfsErrors } from "../model/zfs-error-catalogue.js";
import { isUserProperty, type PointName, splitPointName } from "../model/zfs-names.js";
import type { EmulatorState } from "./emulator-state.js";
import {
  isSizeProperty,
  OTHER_NATIVE,
  PROPERTY_ALIASES,
  SETTABLE_DEFAULTS,
  SIZE_PROPERTIES,
} from "./native-properties.js";
import { niceNumber, zfsDate } from "./zfs-format.js";

/** A dataset, snapshot or bookmark name, split, with its type. */
interface IdentifiedName {
  readonly point: PointName | undefined;
  readonly type: string;
}

/** A property as a `zfs get` row shows it. */
export interface ShownProperty {
  readonly value: string;
  /** `local`, `default`, `inherited from NAME` or `-`. */
  readonly source: string;
}

const FIXED = "-";
/** What the emulator says a pool can hold; `available` is this minus what the pool uses. */
const POOL_BYTES = 1n << 40n;
/** What an empty filesystem references on real ZFS. */
const EMPTY_REFERENCED = 24_576n;

/** The canonical name of a property (`avail` → `available`), as zfs prints it in the property column. */
export function canonicalProperty(property: string): string {
  return PROPERTY_ALIASES[property] ?? property;
}

/** True for a property zfs knows (native or user), whatever the dataset type. */
export function isKnownProperty(property: string): boolean {
  const name = canonicalProperty(property);
  return (
    isUserProperty(name) || name in SETTABLE_DEFAULTS || SIZE_PROPERTIES.has(name) || OTHER_NATIVE.has(name)
  );
}

/**
 * Reads properties of one emulator state: the model's, plus defaults and
 * synthetic sizes for natives the model does not compute.
 * The state must not change while a reader reads it (listing commands only).
 */
export class PropertyReader {
  readonly #state: EmulatorState;
  /** Each name already read: a listing reads several properties of every name. */
  readonly #identified = new Map<string, IdentifiedName>();
  /** `used` already worked out, by dataset: every row's `available` needs its pool's. */
  readonly #used = new Map<string, bigint>();
  /** Child datasets by parent, read once on the first `used`. */
  #children: Map<string, string[]> | undefined;

  constructor(state: EmulatorState) {
    this.#state = state;
  }

  /** Value and source of `property` on a dataset, snapshot or bookmark; -p exact unless `parsable` is false. */
  get(name: string, property: string, parsable = true): ShownProperty {
    const shown = this.#exact(name, canonicalProperty(property));
    return parsable ? shown : { ...shown, value: humanValue(canonicalProperty(property), shown.value) };
  }

  #exact(name: string, property: string): ShownProperty {
    const state = this.#state;
    const { type } = this.#identify(name);
    if (property === "mounted") {
      return {
        value: type === "filesystem" ? (state.zfs.isMounted(name) ? "yes" : "no") : FIXED,
        source: FIXED,
      };
    }
    if (type !== "filesystem" && (property === "canmount" || property === "mountpoint")) {
      return { value: FIXED, source: FIXED };
    }
    try {
      return state.zfs.getProperty(name, property);
    } catch (error) {
      if (!isFakeZfsError(error) || !error.message.startsWith("bad property list")) throw error;
    }
    return this.#native(name, type, property);
  }

  /** What `name` is; throws zfs's error when it does not exist. */
  #identify(name: string): IdentifiedName {
    let identified = this.#identified.get(name);
    if (identified === undefined) {
      if (!this.#state.zfs.exists(name)) throw zfsErrors.notFound(name);
      const point = splitPointName(name);
      identified = { point, type: point?.kind ?? this.#state.zfs.dataset(name).type };
      this.#identified.set(name, identified);
    }
    return identified;
  }

  #native(name: string, type: string, property: string): ShownProperty {
    if (SIZE_PROPERTIES.has(property))
      return { value: String(this.#size(name, type, property)), source: FIXED };
    const setting = SETTABLE_DEFAULTS[property];
    if (setting !== undefined && (type === "filesystem" || type === "volume")) {
      const origin = this.#state.zfs.propertyOrigin(name, property, setting.inherits);
      if (origin === undefined) return { value: setting.value, source: "default" };
      return {
        value: origin.value,
        source: origin.from === name ? "local" : `inherited from ${origin.from}`,
      };
    }
    if (setting !== undefined || OTHER_NATIVE.has(property)) return { value: FIXED, source: FIXED };
    throw zfsErrors.propertyInvalid(property);
  }

  // Synthetic but consistent: file bytes plus what an empty filesystem takes, children included in `used`.
  #size(name: string, type: string, property: string): bigint {
    const state = this.#state;
    if (type === "bookmark") return 0n;
    const referenced = EMPTY_REFERENCED + this.#state.zfs.fileBytes(name);
    if (type === "snapshot")
      return property === "referenced" || property === "logicalreferenced" ? referenced : 0n;
    switch (property) {
      case "available": {
        const poolUsed = this.#usedBy(name.split("/")[0] as string);
        return poolUsed >= POOL_BYTES ? 0n : POOL_BYTES - poolUsed;
      }
      case "used":
      case "logicalused":
        return this.#usedBy(name);
      case "usedbychildren":
        return this.#usedBy(name) - referenced;
      case "referenced":
      case "logicalreferenced":
      case "usedbydataset":
        return referenced;
      case "written":
        return BigInt(state.zfs.getProperty(name, "written").value);
      default:
        return 0n;
    }
  }

  /** `used` of a filesystem or volume: what it references plus its children's `used`. */
  #usedBy(dataset: string): bigint {
    let used = this.#used.get(dataset);
    if (used === undefined) {
      used = EMPTY_REFERENCED + this.#state.zfs.fileBytes(dataset);
      for (const child of this.#childrenOf(dataset)) used += this.#usedBy(child);
      this.#used.set(dataset, used);
    }
    return used;
  }

  #childrenOf(dataset: string): readonly string[] {
    if (this.#children === undefined) {
      const children = new Map<string, string[]>();
      for (const pool of this.#state.pools()) {
        for (const { name } of this.#state.zfs.listDatasets(pool)) {
          const parent = parentOf(name);
          if (parent === undefined) continue;
          const siblings = children.get(parent);
          if (siblings === undefined) children.set(parent, [name]);
          else siblings.push(name);
        }
      }
      this.#children = children;
    }
    return this.#children.get(dataset) ?? [];
  }
}

/** The display form zfs uses without -p. */
function humanValue(property: string, value: string): string {
  if (!/^\d+$/.test(value)) return value;
  if (property === "creation") return zfsDate(Number(value), "%k");
  if (["quota", "refquota", "reservation", "refreservation"].includes(property) && value === "0")
    return "none";
  return isSizeProperty(property) ? niceNumber(BigInt(value)) : value;
}

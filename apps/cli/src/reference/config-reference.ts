import { DEFAULTS_KEYS, HOST_KEYS, JOB_KINDS, jobKeys, TOP_LEVEL_KEYS } from "../config/config-keys.js";

/** One place in the config file and the keys the loader accepts there. */
export interface ConfigKeySection {
  /** Where the keys go, as zrelay.yaml(5) names it. */
  readonly place: string;
  readonly keys: readonly string[];
}

/** Every key the config loader accepts, by place: the same lists the loader checks against. */
export function configKeySections(): ConfigKeySection[] {
  return [
    { place: "top level", keys: TOP_LEVEL_KEYS },
    { place: "defaults", keys: DEFAULTS_KEYS },
    ...JOB_KINDS.map((kind) => ({ place: `jobs.NAME, kind: ${kind}`, keys: jobKeys(kind) })),
    { place: "source: and target: (the long form of a host)", keys: HOST_KEYS },
  ];
}

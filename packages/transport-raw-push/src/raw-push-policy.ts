import { defaultPolicy, type ReplicationPolicy } from "@zrelay/core";
import type { RawPushOptions } from "./raw-push-options.js";

/**
 * The planner policy of every push to an untrusted host: the user's choices
 * (snapshot patterns, rollback, force) with raw sending imposed. `alwaysRaw` sends
 * even an unencrypted source with `-w`, `allowDecrypt: false` keeps an encrypted one
 * from ever being planned decrypted, and `resumable` makes every receive `-s`.
 * These three are set last, so nothing in `base` can undo them.
 */
export function rawPushPolicy(base: RawPushOptions["policy"] = {}): ReplicationPolicy {
  return Object.freeze({
    ...defaultPolicy,
    ...base,
    alwaysRaw: true,
    allowDecrypt: false,
    resumable: true,
  });
}

import { createRequire } from "node:module";

/**
 * True when ssh2's native crypto add-on was built (by its install script,
 * during `npm ci`). Without it ssh2 falls back to slower JavaScript AES-GCM
 * silently: the ssh2 data path then pushes at less than half the speed.
 */
export function ssh2NativeCryptoAvailable(): boolean {
  try {
    const crypto = createRequire(import.meta.url)("ssh2/lib/protocol/crypto.js") as {
      bindingAvailable?: boolean;
    };
    return crypto.bindingAvailable === true;
  } catch {
    return false;
  }
}

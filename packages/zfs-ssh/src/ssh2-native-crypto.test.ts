import { describe, expect, it } from "vitest";
import { ssh2NativeCryptoAvailable } from "./ssh2-native-crypto.js";

describe("ssh2NativeCryptoAvailable", () => {
  // npm ci must build ssh2's add-on (root package.json allowScripts); without it the
  // ssh2 data path silently falls back to JavaScript AES-GCM at less than half the speed.
  it("finds ssh2's native crypto add-on built", () => {
    expect(ssh2NativeCryptoAvailable()).toBe(true);
  });
});

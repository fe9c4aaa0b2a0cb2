import { readFileSync } from "node:fs";

// Set by the release bundle (packaging/bundle.mjs), which has no package.json beside it.
declare const __ZRELAY_VERSION__: string | undefined;

/** The version in apps/cli/package.json (read at run time: `npm version` needs no rebuild). */
export function cliVersion(): string {
  if (typeof __ZRELAY_VERSION__ === "string") return __ZRELAY_VERSION__;
  // Two levels up from src/system/ and from dist/system/ alike.
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version?: string;
  };
  return manifest.version ?? "0.0.0";
}

import { readFileSync } from "node:fs";

/** What zrelay says about itself: its version (`--version`) and where bugs are reported. */
export interface CliManifest {
  readonly version: string;
  /** The issue tracker (`bugs.url` of the package), named in the line of an unexpected failure. */
  readonly bugsUrl: string;
}

let manifest: CliManifest | undefined;

/** The CLI package's own `package.json`, read once. */
export function cliManifest(): CliManifest {
  if (manifest !== undefined) return manifest;
  const json = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version?: string;
    bugs?: { url?: string };
  };
  manifest = { version: json.version ?? "0.0.0", bugsUrl: json.bugs?.url ?? "the zrelay issue tracker" };
  return manifest;
}

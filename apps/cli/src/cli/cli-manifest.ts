import { cliVersion } from "../system/cli-version.js";

/** What zrelay says about itself: its version (`--version`) and where bugs are reported. */
export interface CliManifest {
  readonly version: string;
  /** The issue tracker, named in the line of an unexpected failure. */
  readonly bugsUrl: string;
}

// Kept in code, not read from package.json: the release bundle has no package.json beside it.
const BUGS_URL = "https://github.com/zrelay/zrelay/issues";

/** The CLI's version and issue tracker. */
export function cliManifest(): CliManifest {
  return { version: cliVersion(), bugsUrl: BUGS_URL };
}

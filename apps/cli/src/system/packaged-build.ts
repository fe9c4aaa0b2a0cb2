// Set by the release bundle (packaging/bundle.mjs) for each artifact it builds.
declare const __ZRELAY_PACKAGED__: PackagedBuild | undefined;

/** The release artifact this zrelay runs as: the single executable, or the npm package's bundle. */
export type PackagedBuild = "executable" | "npm";

/** Which release artifact this is; undefined for the repository's own build (and its tests). */
export function packagedBuild(): PackagedBuild | undefined {
  return typeof __ZRELAY_PACKAGED__ === "string" ? __ZRELAY_PACKAGED__ : undefined;
}

/*
 * Native properties the model does not compute, with what zfs shows for them
 * when nothing sets them: enough for `zfs get`/`zfs list` of any property a
 * script might ask about. Sizes are synthetic (see property-values.ts).
 */

/** Settable native properties: default value and whether children inherit them. */
export const SETTABLE_DEFAULTS: Readonly<
  Record<string, { readonly value: string; readonly inherits: boolean }>
> = {
  atime: { value: "on", inherits: true },
  relatime: { value: "on", inherits: true },
  readonly: { value: "off", inherits: true },
  compression: { value: "off", inherits: true },
  recordsize: { value: "131072", inherits: true },
  quota: { value: "0", inherits: false },
  refquota: { value: "0", inherits: false },
  reservation: { value: "0", inherits: false },
  refreservation: { value: "0", inherits: false },
  sharenfs: { value: "off", inherits: true },
  sharesmb: { value: "off", inherits: true },
  snapdir: { value: "hidden", inherits: true },
  sync: { value: "standard", inherits: true },
  copies: { value: "1", inherits: true },
};

/** Read-only sizes the emulator makes up. */
export const SIZE_PROPERTIES = new Set([
  "used",
  "available",
  "referenced",
  "logicalused",
  "logicalreferenced",
  "usedbysnapshots",
  "usedbydataset",
  "usedbychildren",
  "usedbyrefreservation",
  "written",
  "volsize",
]);

/** Every other native property of OpenZFS 2.3: known, so asking for one prints `-` rather than an error. */
export const OTHER_NATIVE = new Set(
  (
    "aclinherit aclmode acltype casesensitivity checksum clones compressratio context createtxg creation " +
    "defcontext defer_destroy dedup devices direct dnodesize encryption encryptionroot exec filesystem_count " +
    "filesystem_limit fscontext guid keyformat keylocation keystatus logbias longname mlslabel mountpoint " +
    "mounted canmount name nbmand normalization objsetid origin overlay pbkdf2iters prefetch primarycache " +
    "receive_resume_token redact_snaps redundant_metadata refcompressratio rootcontext secondarycache setuid " +
    "snapdev snapshot_count snapshot_limit snapshots_changed special_small_blocks type userrefs utf8only " +
    "version volblocksize volmode volthreading vscan xattr zoned"
  ).split(" "),
);

/** Short names zfs accepts for some properties. */
export const PROPERTY_ALIASES: Readonly<Record<string, string>> = {
  avail: "available",
  refer: "referenced",
  compress: "compression",
  recsize: "recordsize",
  reserv: "reservation",
  refreserv: "refreservation",
  rdonly: "readonly",
  lused: "logicalused",
  lrefer: "logicalreferenced",
};

/** Properties whose -p-less display is a size. */
export function isSizeProperty(property: string): boolean {
  return (
    SIZE_PROPERTIES.has(property) ||
    ["quota", "refquota", "reservation", "refreservation", "recordsize"].includes(property)
  );
}

/** `tank/data@daily` → dataset `tank/data`, kind snapshot, short name `daily`. */
export interface PointName {
  readonly dataset: string;
  readonly kind: "snapshot" | "bookmark";
  readonly name: string;
}

/** Splits a snapshot or bookmark name; undefined for a plain dataset name. */
export function splitPointName(fullName: string): PointName | undefined {
  const at = fullName.search(/[@#]/);
  if (at === -1) return undefined;
  return {
    dataset: fullName.slice(0, at),
    kind: fullName[at] === "@" ? "snapshot" : "bookmark",
    name: fullName.slice(at + 1),
  };
}

/** User properties are the ones with a colon: `zrelay:fake-stream-bytes`. */
export function isUserProperty(property: string): boolean {
  return property.includes(":");
}

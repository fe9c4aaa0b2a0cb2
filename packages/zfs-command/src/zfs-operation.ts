import { parentOf, type ReceiveRequest, type SendRequest } from "@zrelay/core";

export type ZfsOperationKind =
  | "list"
  | "send"
  | "receive"
  | "abort-receive"
  | "create"
  | "hold"
  | "release"
  | "holds"
  | "bookmark"
  | "snapshot"
  | "rollback"
  | "destroy";

/** One zfs command as the user would describe it, so its failure can be explained. */
export interface ZfsOperation {
  readonly kind: ZfsOperationKind;
  /** What zrelay was doing, for messages: `receive into backup/tank/data`. */
  readonly action: string;
  /** Dataset, snapshot or bookmark the failure is about. */
  readonly dataset: string;
  /** `zfs allow` permissions the command needs; empty when none are needed. */
  readonly permissions: readonly string[];
  /** Dataset to grant them on (they are inherited by descendants). */
  readonly allowOn: string;
}

function datasetOf(name: string): string {
  const separator = name.search(/[@#]/);
  return separator === -1 ? name : name.slice(0, separator);
}

// Receive and create act on a dataset that may not exist yet: grant on its parent.
function grantOnParent(dataset: string): string {
  return parentOf(dataset) ?? dataset;
}

export function listOperation(root: string): ZfsOperation {
  return { kind: "list", action: `listing ${root}`, dataset: root, permissions: [], allowOn: root };
}

export function sendOperation(request: SendRequest, estimate = false): ZfsOperation {
  const subject = request.snapshot !== "" ? request.snapshot : "a resumed stream";
  const verb = request.resumeToken !== undefined ? "resumed send of" : "send of";
  // `zfs send -I` puts temporary user holds on the snapshots it sends (libzfs zfs_send).
  const holds =
    request.resumeToken === undefined && request.from !== undefined && request.intermediates === true;
  return {
    kind: "send",
    action: `${estimate ? "size estimate for " : ""}${verb} ${subject}`,
    dataset: subject,
    permissions: holds ? ["send", "hold"] : ["send"],
    allowOn: datasetOf(subject),
  };
}

export function receiveOperation(request: ReceiveRequest): ZfsOperation {
  // Every property set or excluded at receive time needs its own permission too.
  const properties = [...Object.keys(request.setProperties ?? {}), ...(request.excludeProperties ?? [])];
  return {
    kind: "receive",
    action: `receive into ${request.dataset}`,
    dataset: request.dataset,
    permissions: unique(["receive", "create", "mount", ...properties]),
    allowOn: grantOnParent(request.dataset),
  };
}

export function abortReceiveOperation(dataset: string): ZfsOperation {
  // `zfs receive -A` destroys the partial state (an unmounted `%recv` clone or the new dataset).
  return {
    kind: "abort-receive",
    action: `discarding the partial receive of ${dataset}`,
    dataset,
    permissions: ["destroy", "mount"],
    allowOn: grantOnParent(dataset),
  };
}

export function createOperation(dataset: string, properties: Readonly<Record<string, string>>): ZfsOperation {
  return {
    kind: "create",
    action: `create of ${dataset}`,
    dataset,
    permissions: unique(["create", "mount", ...Object.keys(properties)]),
    allowOn: grantOnParent(dataset),
  };
}

export function holdOperation(snapshot: string, tag: string): ZfsOperation {
  return { kind: "hold", action: `hold ${tag} on ${snapshot}`, ...on(snapshot, ["hold"]) };
}

export function releaseOperation(snapshot: string, tag: string): ZfsOperation {
  return { kind: "release", action: `release of hold ${tag} on ${snapshot}`, ...on(snapshot, ["release"]) };
}

export function holdsOperation(snapshot: string): ZfsOperation {
  return { kind: "holds", action: `listing the holds on ${snapshot}`, ...on(snapshot, []) };
}

export function bookmarkOperation(snapshot: string, bookmark: string): ZfsOperation {
  return { kind: "bookmark", action: `bookmark ${bookmark} of ${snapshot}`, ...on(bookmark, ["bookmark"]) };
}

export function snapshotOperation(snapshots: readonly string[]): ZfsOperation {
  const [first = ""] = snapshots;
  const more = snapshots.length > 1 ? ` and ${snapshots.length - 1} more` : "";
  // zfs allow: "snapshot — Must also have the mount ability."
  return { kind: "snapshot", action: `snapshot ${first}${more}`, ...on(first, ["snapshot", "mount"]) };
}

export function rollbackOperation(snapshot: string): ZfsOperation {
  // -r destroys the later snapshots, which needs destroy (and mount, as every destroy does).
  return {
    kind: "rollback",
    action: `rollback of ${datasetOf(snapshot)} to ${snapshot}`,
    ...on(snapshot, ["rollback", "destroy", "mount"]),
  };
}

export function destroyOperation(name: string): ZfsOperation {
  return { kind: "destroy", action: `destroy of ${name}`, ...on(name, ["destroy", "mount"]) };
}

function on(name: string, permissions: readonly string[]) {
  return { dataset: name, permissions, allowOn: datasetOf(name) };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

import { abortBehaviours } from "./abort-behaviours.js";
import type { Behaviour } from "./conformance-behaviour.js";
import { encryptionBehaviours } from "./encryption-behaviours.js";
import { listingBehaviours } from "./listing-behaviours.js";
import { pruneBehaviours } from "./prune-behaviours.js";
import { refusalBehaviours } from "./refusal-behaviours.js";
import { resumeBehaviours } from "./resume-behaviours.js";
import { sendBehaviours } from "./send-behaviours.js";
import { snapshotBehaviours } from "./snapshot-behaviours.js";
import { transferBehaviours } from "./transfer-behaviours.js";

/** Every behaviour, grouped as the suite reports them. */
export const conformanceGroups = [
  { title: "listing", behaviours: listingBehaviours },
  { title: "send and receive", behaviours: transferBehaviours },
  { title: "send", behaviours: sendBehaviours },
  { title: "encryption", behaviours: encryptionBehaviours },
  { title: "refusals", behaviours: refusalBehaviours },
  { title: "resumable receive", behaviours: resumeBehaviours },
  { title: "aborts", behaviours: abortBehaviours },
  { title: "snapshots, bookmarks, holds and parents", behaviours: snapshotBehaviours },
  { title: "retention's batched destroy", behaviours: pruneBehaviours },
] as const;

/** The id of one conformance behaviour, as `ConformanceTarget.skip` takes it. */
export type ConformanceBehaviourId = (typeof conformanceGroups)[number]["behaviours"][number]["id"];

export const conformanceBehaviourIds: readonly ConformanceBehaviourId[] = conformanceGroups.flatMap((group) =>
  group.behaviours.map((behaviour) => behaviour.id),
);

/** The behaviour with that id. */
export function conformanceBehaviour(id: ConformanceBehaviourId): Behaviour {
  const found = conformanceGroups
    .flatMap((group) => group.behaviours as readonly Behaviour[])
    .find((b) => b.id === id);
  if (found === undefined) throw new Error(`no conformance behaviour ${id}`);
  return found;
}

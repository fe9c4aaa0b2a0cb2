import {
  type DatasetMapping,
  isZrelayError,
  mapDatasets,
  mapStrippingPrefix,
  type PlanInput,
  type ReplicationPolicy,
  type ZfsEndpoint,
  ZrelayError,
} from "@zrelay/core";
import {
  type RawPushOptions,
  type ResolvedRawPushOptions,
  resolveRawPushOptions,
} from "./raw-push-options.js";
import type { RawPushPlan } from "./raw-push-plan.js";
import { planRawPush } from "./raw-push-planning.js";
import { rawPushPolicy } from "./raw-push-policy.js";
import type { RawPushReport } from "./raw-push-report.js";
import { executeRawPushRun, type RawPushRunOptions } from "./raw-push-run.js";
import { createRawSendEndpoint } from "./raw-send-endpoint.js";
import { createVerifyingTarget } from "./verifying-target-endpoint.js";

/**
 * A push of encrypted datasets to an untrusted offsite host. Use it in this order:
 * map the source datasets (`mapSources`), list both sides through `source` and
 * `target`, plan each dataset with `planDataset`, then run them all with
 * `executeRun`. Going around it (core's planner and executor on the bare
 * endpoints) loses the refusals, the encryption checks and the chain keeping.
 */
export interface RawPushRoute {
  readonly options: ResolvedRawPushOptions;
  /** The planner policy every dataset is planned with: raw always, never decrypted, resumable. */
  readonly policy: ReplicationPolicy;
  /** The source endpoint, able to send raw only: a non-raw request is refused. */
  readonly source: ZfsEndpoint;
  /**
   * The target endpoint with every receive resumable and verified afterwards; a
   * receive here must arrive encrypted. (Runs use their own instance, which also
   * knows the datasets pushed with `--allow-unencrypted`.)
   */
  readonly target: ZfsEndpoint;
  /** Where `source` lands on the target. Throws MAPPING_OUTSIDE_PREFIX for a source outside the prefix. */
  targetFor(source: string): string;
  /** Maps every source, in order; throws MAPPING_OUTSIDE_PREFIX, MAPPING_COLLISION or INVALID_NAME. */
  mapSources(sources: readonly string[]): DatasetMapping[];
  /**
   * Plans one dataset from what was listed (no I/O; `input.policy` is ignored for the
   * route's). Refusals (unencrypted source, readable target) come back as a `refused`
   * plan; an unencrypted source that is allowed is warned about through `onNotice`.
   */
  planDataset(input: Omit<PlanInput, "policy">): RawPushPlan;
  /** Runs the planned datasets; never rejects for a dataset's failure, see RawPushReport. */
  executeRun(plans: readonly RawPushPlan[], options?: RawPushRunOptions): Promise<RawPushReport>;
}

/** Builds the push route from documented, frozen options; throws USAGE or UNSUPPORTED for bad ones. */
export function createRawPushRoute(options: RawPushOptions): RawPushRoute {
  const resolved = resolveRawPushOptions(options);
  const source = createRawSendEndpoint(resolved.source);
  const policy = rawPushPolicy(resolved.policy);
  const mapper = (dataset: string) => mapStrippingPrefix(dataset, resolved.stripPrefix, resolved.targetRoot);
  const onSource = <T>(map: () => T): T => {
    try {
      return map();
    } catch (error) {
      throw withHost(error, source.host);
    }
  };
  const targetFor = (dataset: string): string => onSource(() => mapper(dataset));
  const warn = (dataset: string, message: string) =>
    resolved.onNotice({ level: "warning", dataset, host: source.host, message });

  return Object.freeze({
    options: resolved,
    policy,
    source,
    target: createVerifyingTarget(resolved.target, { expectationFor: () => undefined }),
    targetFor,
    mapSources: (sources) => onSource(() => mapDatasets(sources, mapper)),
    planDataset: (input) =>
      planRawPush(input, {
        sourceHost: source.host,
        targetHost: resolved.target.host,
        policy,
        allowUnencrypted: resolved.allowUnencrypted,
        targetFor,
        warn,
      }),
    executeRun: (plans, runOptions) => executeRawPushRun(plans, { source, options: resolved }, runOptions),
  } satisfies RawPushRoute);
}

// The mapper's errors name the dataset; the route knows which host it is on.
function withHost(error: unknown, host: string): unknown {
  if (!isZrelayError(error) || error.host !== undefined) return error;
  return new ZrelayError(error.code, error.message, {
    host,
    dataset: error.dataset,
    hint: error.hint,
    retryable: error.retryable,
    cause: error.cause,
  });
}

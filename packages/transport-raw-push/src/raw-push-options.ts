import {
  chainTagViolation,
  defaultChainTag,
  ErrorCode,
  parseDatasetName,
  type ReplicationPolicy,
  type ZfsEndpoint,
  ZrelayError,
} from "@zrelay/core";

/** How the route keeps the incremental chain alive on the source after each push. */
export interface ChainOptions {
  /**
   * Bookmark the newest pushed snapshot on the source (`tank/data#zrelay_<tag>_<snapshot>`)
   * and destroy this route's older bookmarks of that dataset, so the next incremental
   * still has a base after the snapshot is pruned locally. Default true.
   */
  readonly bookmark?: boolean;
  /**
   * Also hold the newest pushed snapshot (`zfs hold zrelay:push:<tag>`) and release the
   * hold on the one pushed before. Default false: a hold makes the user's own pruning
   * fail on that snapshot, and the bookmark already keeps the chain.
   */
  readonly hold?: boolean;
  /**
   * Names this route in its bookmarks and hold tags, so pushes to several offsite
   * targets keep separate chains. Letters, digits, `-`, `.` and `:` (no `_`: it ends
   * the tag inside a bookmark name). Default: the target's host with every other
   * character replaced by `-`.
   */
  readonly tag?: string;
}

/** Something the user should hear about that does not fail the dataset. */
export interface RawPushNotice {
  /** `warning`: print it on every run (the CLI shows it unless quiet). `debug`: details. */
  readonly level: "warning" | "debug";
  /** Source dataset it is about. */
  readonly dataset: string;
  /** Host of that dataset. */
  readonly host: string;
  readonly message: string;
}

/** Options of `createRawPushRoute`. */
export interface RawPushOptions {
  /** Endpoint holding the (encrypted) datasets to push: normally the local backup server. */
  readonly source: ZfsEndpoint;
  /** The untrusted offsite endpoint, normally an SSH one. Its keys must never be loaded. */
  readonly target: ZfsEndpoint;
  /**
   * Prefix stripped from every source name, whole components:
   * `backuppool/encryptedbackups` turns `backuppool/encryptedbackups/host-storage/tank/data`
   * into `host-storage/tank/data`. A source outside it is an error, never passed through.
   */
  readonly stripPrefix: string;
  /** Dataset on the target put in front of every stripped name (`offsite/zrelay`). Default: none. */
  readonly targetRoot?: string;
  /**
   * Push sources that are not encrypted (still with `zfs send -w`), with a warning on
   * every run. Default false: an unencrypted source is refused (`--allow-unencrypted`).
   */
  readonly allowUnencrypted?: boolean;
  /**
   * The user's choices the route leaves alone: snapshot include/exclude patterns,
   * `allowRollback`, `forceOverwriteEmptyTarget`. Raw sending, never decrypting and
   * resumable receives are imposed and cannot be set here.
   */
  readonly policy?: Partial<Omit<ReplicationPolicy, "alwaysRaw" | "allowDecrypt" | "resumable">>;
  /** Bookmark and hold policy on the source. Default: bookmark on, hold off. */
  readonly chain?: ChainOptions;
  /** Receives warnings (unencrypted source pushed, bookmark not made) and debug notes. Should not throw. */
  readonly onNotice?: (notice: RawPushNotice) => void;
}

/** The options after defaults and checks. */
export interface ResolvedRawPushOptions {
  readonly source: ZfsEndpoint;
  readonly target: ZfsEndpoint;
  readonly stripPrefix: string;
  readonly targetRoot: string | undefined;
  readonly allowUnencrypted: boolean;
  readonly policy: NonNullable<RawPushOptions["policy"]>;
  readonly chain: Required<ChainOptions>;
  readonly onNotice: (notice: RawPushNotice) => void;
}

/** Fills defaults, checks names and capabilities, and freezes. Throws USAGE or UNSUPPORTED. */
export function resolveRawPushOptions(options: RawPushOptions): ResolvedRawPushOptions {
  const { source, target } = options;
  parseDatasetName(options.stripPrefix, { origin: "the prefix to strip" });
  if (options.targetRoot !== undefined) parseDatasetName(options.targetRoot, { origin: "the target root" });
  if (!source.capabilities.raw) {
    throw new ZrelayError(ErrorCode.UNSUPPORTED, `${source.host} cannot send raw streams (zfs send -w)`, {
      host: source.host,
      hint: "Pushing to an untrusted host needs OpenZFS 0.8 or later with encryption on the source.",
    });
  }
  if (!target.capabilities.resume) {
    throw new ZrelayError(
      ErrorCode.UNSUPPORTED,
      `${target.host} cannot receive resumably (zfs receive -s), which raw pushes rely on`,
      { host: target.host, hint: "Use OpenZFS 0.7 or later on the offsite host." },
    );
  }
  const chain = {
    bookmark: options.chain?.bookmark ?? true,
    hold: options.chain?.hold ?? false,
    tag: options.chain?.tag ?? defaultChainTag(target.host),
  };
  const violation = chainTagViolation(chain.tag);
  if (violation !== undefined) {
    throw new ZrelayError(ErrorCode.USAGE, `The chain tag ${JSON.stringify(chain.tag)} ${violation}.`, {
      hint: 'Use letters, digits, "-", "." and ":" only, e.g. "offsite-1".',
    });
  }
  if (chain.bookmark && !source.capabilities.bookmarks) {
    throw new ZrelayError(ErrorCode.UNSUPPORTED, `${source.host} cannot create bookmarks (zfs bookmark)`, {
      host: source.host,
      hint: "Turn bookmarks off for this push (chain.bookmark: false) and keep snapshots until pushed.",
    });
  }
  if (chain.hold && !source.capabilities.holds) {
    throw new ZrelayError(ErrorCode.UNSUPPORTED, `${source.host} cannot hold snapshots (zfs hold)`, {
      host: source.host,
      hint: "Turn holds off for this push (chain.hold: false).",
    });
  }
  const listener = options.onNotice;
  // A throwing listener must not break a push half-way; its error surfaces on its own.
  const onNotice = (notice: RawPushNotice) => {
    try {
      listener?.(notice);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  };
  return Object.freeze({
    source,
    target,
    stripPrefix: options.stripPrefix,
    targetRoot: options.targetRoot,
    allowUnencrypted: options.allowUnencrypted ?? false,
    policy: Object.freeze({ ...options.policy }),
    chain: Object.freeze(chain),
    onNotice,
  });
}

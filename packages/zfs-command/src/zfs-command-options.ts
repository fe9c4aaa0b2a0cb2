import { type EndpointCapabilities, ErrorCode, ZrelayError } from "@zrelay/core";

/** Options of `createZfsCommandEndpoint`. */
export interface ZfsCommandEndpointOptions {
  /**
   * Name or absolute path of the `zfs` command on that host; argv[0] of every
   * command. Default `"zfs"` (looked up in the PATH the runner uses). Give the
   * full path (`/usr/sbin/zfs`) where PATH lacks it, e.g. in cron jobs.
   */
  readonly zfsCommand?: string;
  /**
   * What the endpoint claims it can do. OpenZFS 2.x does all of it, so every
   * capability defaults to true; set one to false for an older or restricted
   * zfs (e.g. `{ raw: false }` where encryption is not supported), and zrelay's
   * planner will not ask for it.
   */
  readonly capabilities?: Partial<EndpointCapabilities>;
}

export interface ResolvedZfsCommandOptions {
  readonly zfsCommand: string;
  readonly capabilities: EndpointCapabilities;
}

const ALL_CAPABILITIES: EndpointCapabilities = { raw: true, resume: true, bookmarks: true, holds: true };

export function resolveZfsCommandOptions(options: ZfsCommandEndpointOptions): ResolvedZfsCommandOptions {
  const zfsCommand = options.zfsCommand ?? "zfs";
  if (zfsCommand === "" || zfsCommand.startsWith("-") || /\p{Cc}/u.test(zfsCommand)) {
    throw new ZrelayError(
      ErrorCode.USAGE,
      `zfsCommand ${JSON.stringify(zfsCommand)} is not a command name or path`,
      {
        hint: 'Give the name ("zfs") or the absolute path ("/usr/sbin/zfs") of the zfs command.',
      },
    );
  }
  return Object.freeze({
    zfsCommand,
    capabilities: Object.freeze({ ...ALL_CAPABILITIES, ...options.capabilities }),
  });
}

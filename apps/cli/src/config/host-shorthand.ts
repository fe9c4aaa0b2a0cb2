/**
 * The short ways to write where data lives, shared by the config file and the
 * command line: `backup@host-storage` for a host, `backup@host-web:tank/home`
 * (or just `tank/home` on this machine) for one side of a sync.
 */

/** A host and, optionally, the user to log in as. */
export interface HostAddress {
  readonly host: string;
  readonly user?: string;
}

/** One side of a sync: a dataset, on a remote host or (no `remote`) on this machine. */
export interface DatasetLocation {
  readonly remote?: HostAddress;
  readonly dataset: string;
}

// No leading `-`: the host becomes an ssh argument and must never read as an option.
const HOST = /^[A-Za-z0-9_[\]%.:][A-Za-z0-9_[\]%.:-]*$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Why `host` is not a host name, or undefined when it is one. */
export function hostNameProblem(host: string): string | undefined {
  if (HOST.test(host)) return undefined;
  return `'${host}' is not a host name (letters, digits, '.', '-', '_'; not starting with '-')`;
}

/** Why `user` is not a user name, or undefined when it is one. */
export function userNameProblem(user: string): string | undefined {
  if (USER.test(user)) return undefined;
  return `'${user}' is not a user name (letters, digits, '.', '-', '_'; not starting with '-' or '.')`;
}

/** `[user@]host` → the address, or a sentence saying what is wrong. */
export function parseHostAddress(text: string): HostAddress | string {
  if (text.slice(text.lastIndexOf("@") + 1).includes(":")) {
    return `'${text}' has a ':'; write the host as [user@]host and the datasets under their own key (a port goes in source/target)`;
  }
  const address = splitAddress(text);
  return typeof address === "string" ? `${address}; write [user@]host, e.g. backup@host-storage` : address;
}

/**
 * `[user@]host:dataset` or a local `dataset`. A `:` before the first `/` marks
 * a host, as with scp; the dataset part is not checked here.
 */
export function parseDatasetLocation(text: string): DatasetLocation | string {
  const colon = text.indexOf(":");
  const slash = text.indexOf("/");
  if (colon === -1 || (slash !== -1 && slash < colon)) return { dataset: text };
  const remote = splitAddress(text.slice(0, colon));
  if (typeof remote === "string")
    return `${remote}; write [user@]host:dataset, e.g. backup@host-web:tank/home`;
  return { remote, dataset: text.slice(colon + 1) };
}

function splitAddress(text: string): HostAddress | string {
  const at = text.lastIndexOf("@");
  const user = at === -1 ? undefined : text.slice(0, at);
  const host = text.slice(at + 1);
  const problem = (user === undefined ? undefined : userNameProblem(user)) ?? hostNameProblem(host);
  if (problem !== undefined) return problem;
  return user === undefined ? { host } : { host, user };
}

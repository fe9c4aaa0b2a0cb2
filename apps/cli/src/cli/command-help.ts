import { EXIT_CODE_MEANINGS } from "./exit-codes.js";

/**
 * Examples per command, by the command's path (`plan pull` for `zrelay plan
 * pull`); help prints them, and they are data so generated docs (man page,
 * completion) can print the same.
 */
export const COMMAND_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  zrelay: [
    "zrelay pull --host backup@host-storage --dest backuppool/hosts/host-storage tank/data -q",
    "zrelay run --quiet --config /etc/zrelay/zrelay.yaml",
  ],
  pull: [
    "zrelay pull --host backup@host-storage --dest backuppool/hosts/host-storage tank/data",
    "zrelay pull --host host-web --port 2222 --dest backuppool/hosts/host-web --exclude '*/cache' tank -q",
  ],
  push: [
    "zrelay push --host host-offsite --strip-prefix backuppool/hosts --target-root offsite/backups backuppool/hosts/host-storage",
  ],
  sync: [
    "zrelay sync backup@host-web:tank/home backuppool/mirror/home",
    "zrelay sync tank/data host-offsite:offsite/data",
  ],
  run: [
    "zrelay run --quiet --metrics-file /var/lib/node_exporter/textfile/zrelay.prom",
    "zrelay run pull-storage --dry-run",
  ],
  plan: [
    "zrelay plan pull-storage",
    "zrelay plan pull --host host-storage --dest backuppool/hosts/host-storage tank/data",
  ],
  doctor: [
    "zrelay doctor",
    "zrelay doctor push --host host-offsite --strip-prefix backuppool/hosts backuppool/hosts",
  ],
  snapshot: [
    "zrelay snapshot --host backup@host-web --prefix zrelay_nightly --exclude '*/cache' tank/data",
    "zrelay snapshot --dry-run rpool/home",
  ],
  "restore-keys": [
    "zrelay restore-keys --host host-offsite --key-location file:///root/backup.key offsite/backups",
  ],
};

/** Where the full description is: the man pages an installed zrelay has, the doc headings in a checkout. */
export const DOCS_POINTER =
  'Docs: zrelay(1) ("The zrelay command" in docs/cli.md); the config file: zrelay.yaml(5) ("The zrelay config file" in docs/config.md).';

/**
 * The examples of a command path: its own, or for `plan pull` and `doctor pull` those of
 * `pull` run under them (without `-q`, which would hide what they print).
 */
export function commandExamples(path: string): readonly string[] {
  const own = COMMAND_EXAMPLES[path];
  if (own !== undefined) return own;
  const [parent, name] = path.split(" ");
  if (parent === undefined || name === undefined) return [];
  return (COMMAND_EXAMPLES[name] ?? []).map((example) =>
    example.replace(/^zrelay /, `zrelay ${parent} `).replace(/ -q$/, ""),
  );
}

/** The text help prints after a command's options: examples, exit statuses, docs. */
export function helpFooter(path: string): string {
  const examples = commandExamples(path);
  const lines = [
    ...(examples.length === 0 ? [] : ["", "Examples:", ...examples.map((example) => `  ${example}`)]),
    "",
    "Exit status:",
    ...EXIT_CODE_MEANINGS.map(([code, meaning]) => `  ${String(code).padEnd(4)}${meaning}`),
    "",
    DOCS_POINTER,
  ];
  return lines.join("\n");
}

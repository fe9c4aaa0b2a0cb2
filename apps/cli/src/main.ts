import { prebuiltHelpPages, requestedHelpPage } from "./cli/prebuilt-help.js";
import { cliVersion } from "./system/cli-version.js";

// `zrelay --version` and `--help` load nothing else: monitoring and config management call
// them often, and importing the whole app (commander, ssh2, yaml, tsyringe) costs several
// times Node's start. Help pages are built ahead from the commander definitions.
// No top-level await: the single-file executable runs this bundled as CommonJS.
const argv = process.argv.slice(2);
const pages = argv.length > 0 ? prebuiltHelpPages() : undefined;
const page = pages === undefined ? undefined : requestedHelpPage(argv, pages);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${cliVersion()}\n`);
} else if (page !== undefined) {
  process.stdout.write(page);
} else if ((argv[0] === "status" || argv[0] === "check") && !argv.includes("--live")) {
  void runMonitoringOnly(argv);
} else {
  void runCli(argv);
}

async function runCli(args: readonly string[]): Promise<void> {
  const { reportCrash } = await import("./system/crash-report.js");
  // What escapes every handler (an 'error' event nobody listens to, a throw in a
  // callback) still ends in the one line that says it is a bug, never a raw stack.
  process.on("uncaughtException", (error) => {
    reportCrash(error, process.stderr, args.includes("--debug"));
    process.exit(1);
  });
  // tsyringe needs the Reflect polyfill before it is imported, so this comes first.
  await import("reflect-metadata");
  const { createCli } = await import("./container.js");
  // The exit status is set, not forced: stdout and stderr drain before the process ends.
  process.exitCode = await createCli().run(args);
}

// status and check read one directory of JSON: none of the SSH and replication code.
async function runMonitoringOnly(args: readonly string[]): Promise<void> {
  const { reportCrash } = await import("./system/crash-report.js");
  try {
    const { runMonitoring } = await import("./monitoring-main.js");
    process.exitCode = await runMonitoring(args);
  } catch (error) {
    reportCrash(error, process.stderr, args.includes("--debug"));
    process.exitCode = 3;
  }
}

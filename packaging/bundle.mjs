// The release bundle: apps/cli's built entry and everything it imports (the internal
// packages, commander, yaml, ssh2, execa, …) in one ES module, release/npm/zrelay.mjs,
// with the npm package around it. ssh2's optional native crypto add-on (a .node file)
// cannot be bundled: ssh2 then uses its JavaScript ciphers, which only the ssh2 data
// path uses for bulk data (the default OpenSSH data path encrypts in the ssh client);
// `zrelay doctor` says so.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { generateDocs } from "./generate-docs.mjs";

// The fuse Node's binary carries for postject to flip (Node's SEA documentation).
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
const repo = fileURLToPath(new URL("..", import.meta.url));
const cli = JSON.parse(readFileSync(`${repo}apps/cli/package.json`, "utf8"));
const out = `${repo}release/npm`;
rmSync(`${repo}release`, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
// Man pages and completion (release/share), from the same build's definitions.
generateDocs(`${repo}release/share`);
// What `--help` prints, inside the bundle: help then loads nothing (src/cli/prebuilt-help.ts).
const defines = {
  __ZRELAY_VERSION__: JSON.stringify(cli.version),
  __ZRELAY_HELP_PAGES__: readFileSync(`${repo}apps/cli/dist/help-pages.json`, "utf8").trim(),
};

await build({
  entryPoints: [`${repo}apps/cli/dist/main.js`],
  outfile: `${out}/zrelay.mjs`,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["*.node", "cpu-features"],
  define: { ...defines, __ZRELAY_PACKAGED__: JSON.stringify("npm") },
  // CommonJS dependencies call require(); an ES module has none of its own.
  banner: {
    js: [
      "#!/usr/bin/env node",
      "import { createRequire as __zrelayRequire } from 'node:module';",
      "import { fileURLToPath as __zrelayPath } from 'node:url';",
      "const require = __zrelayRequire(import.meta.url);",
      "const __filename = __zrelayPath(import.meta.url);",
      "const __dirname = __zrelayPath(new URL('.', import.meta.url));",
    ].join("\n"),
  },
  legalComments: "linked",
  logLevel: "warning",
});

// The npm package: the bundle only, so it has no dependencies at all (nothing from the
// @zrelay scope, no testkit, no vitest); npm links its man pages on a global install,
// the completion scripts are there to be sourced or copied.
cpSync(`${repo}release/share/man`, `${out}/man`, { recursive: true });
cpSync(`${repo}release/share/bash-completion/completions/zrelay`, `${out}/completion/zrelay.bash`);
cpSync(`${repo}release/share/zsh/vendor-completions/_zrelay`, `${out}/completion/_zrelay`);
writeFileSync(
  `${out}/package.json`,
  `${JSON.stringify(
    {
      name: "zrelay",
      version: cli.version,
      description: cli.description,
      license: cli.license,
      type: "module",
      bin: { zrelay: "zrelay.mjs" },
      files: ["zrelay.mjs", "zrelay.mjs.LEGAL.txt", "man", "completion"],
      man: ["man/man1/zrelay.1", "man/man5/zrelay.yaml.5"],
      engines: cli.engines,
    },
    null,
    2,
  )}\n`,
);
await buildExecutable();

execFileSync("npm", ["pack", "--silent", "--pack-destination", `${repo}release`], {
  cwd: out,
  stdio: "inherit",
});

/**
 * release/zrelay-linux-x64: this Node binary with the CommonJS bundle injected as a
 * single executable application (Node 20 runs only CommonJS there), via postject.
 */
async function buildExecutable() {
  const sea = `${repo}release/sea`;
  mkdirSync(sea, { recursive: true });
  await build({
    entryPoints: [`${repo}apps/cli/dist/main.js`],
    outfile: `${sea}/zrelay.cjs`,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["*.node", "cpu-features"],
    // The embedded main script's require() loads only built-in modules and warns for any
    // other; ssh2 asks for its optional add-ons inside try/catch: refuse them quietly.
    banner: {
      js: "require = ((builtin) => (id) => { if (builtin('node:module').isBuiltin(id)) return builtin(id); throw new Error('Cannot find module ' + id + ': not in the zrelay executable'); })(require);",
    },
    define: { ...defines, __ZRELAY_PACKAGED__: JSON.stringify("executable") },
    // import.meta only serves the fallbacks that __ZRELAY_VERSION__ and the missing add-on skip.
    logOverride: { "empty-import-meta": "silent" },
    logLevel: "warning",
  });
  writeFileSync(
    `${sea}/sea-config.json`,
    JSON.stringify({
      main: `${sea}/zrelay.cjs`,
      output: `${sea}/zrelay.blob`,
      disableExperimentalSEAWarning: true,
      useCodeCache: true,
    }),
  );
  execFileSync(process.execPath, ["--experimental-sea-config", `${sea}/sea-config.json`], {
    stdio: "inherit",
  });
  const executable = `${repo}release/zrelay-linux-x64`;
  copyFileSync(process.execPath, executable);
  execFileSync(
    `${repo}node_modules/.bin/postject`,
    [executable, "NODE_SEA_BLOB", `${sea}/zrelay.blob`, "--sentinel-fuse", SEA_FUSE],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
}

#!/usr/bin/env bash
# The npm tarball as a user installs it: `npm install -g` into a temporary prefix (no
# registry needed: it has no dependencies), then `zrelay --version` and a `plan`
# against the zfs emulator, run from that prefix with the repository out of reach.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tarball="$(ls "$repo"/release/zrelay-*.tgz)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
npm install -g --prefix "$work/prefix" --offline --no-audit --no-fund --silent "$tarball"
if [ -e "$work/prefix/lib/node_modules/zrelay/node_modules" ]; then
  echo "the installed package has a node_modules (runtime dependencies): $(ls "$work/prefix/lib/node_modules/zrelay/node_modules")" >&2
  exit 1
fi
zrelay="$work/prefix/bin/zrelay"
expected="$(node -p 'require(process.argv[1]).version' "$repo/apps/cli/package.json")"
[ "$("$zrelay" --version)" = "$expected" ] || { echo "zrelay --version is not $expected" >&2; exit 1; }
"$zrelay" help pull | grep -q '^Exit status:$' || { echo "zrelay help pull lacks the exit statuses" >&2; exit 1; }
for page in man1/zrelay.1 man5/zrelay.yaml.5; do
  [ -e "$work/prefix/share/man/$page" ] || { echo "npm install -g did not link the man page $page" >&2; exit 1; }
done

export PATH="$repo/packages/testkit/bin:$PATH" ZRELAY_FAKE_ZFS_ROOT="$work/zfs" ZRELAY_LOCK_DIR="$work/locks"
mkdir -p "$ZRELAY_FAKE_ZFS_ROOT" "$ZRELAY_LOCK_DIR"
zpool create tank && zpool create backup
zfs create tank/data && zfs snapshot tank/data@daily-1
plan="$(cd "$work" && "$zrelay" plan sync tank/data backup/copy)"
grep -q "full send of @daily-1" <<<"$plan" || { echo "plan lacks the full send of @daily-1:" >&2; echo "$plan" >&2; exit 1; }
echo "npm package: $(basename "$tarball") ($(stat -c %s "$tarball") bytes) installs with no dependencies; --version $expected; plan:"
echo "$plan"

#!/usr/bin/env bash
# systemd-analyze verify of the units, from the checkout. /usr/bin/zrelay is not
# installed here, so a copy of the units points ExecStart at the repository's launcher
# (everything else is verified as shipped); man pages are not installed either (--man=no).
# Any warning fails: verify prints nothing for good units.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for unit in "$repo"/packaging/systemd/*; do
  sed "s#/usr/bin/zrelay #$repo/apps/cli/bin/zrelay.js #" "$unit" >"$work/$(basename "$unit")"
done
out="$(systemd-analyze verify --man=no "$work/zrelay.service" "$work/zrelay.timer" "$work/zrelay-failure@.service" 2>&1)" || true
if [ -n "$out" ]; then
  echo "$out" >&2
  exit 1
fi
echo "systemd units verified: $(cd "$repo/packaging/systemd" && echo *)"

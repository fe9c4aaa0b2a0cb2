#!/usr/bin/env bash
# release/zrelay_<version>_amd64.deb from release/zrelay-linux-x64 (packaging/bundle.mjs
# first): the executable at /usr/bin/zrelay, the systemd units (timer not enabled: the
# operator chooses it or cron), tmpfiles for /run/zrelay and /var/lib/zrelay, the
# example config and the cron line under /usr/share/doc/zrelay/.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
version="$(node -p 'require(process.argv[1]).version' "$repo/apps/cli/package.json")"
root="$repo/release/deb"
rm -rf "$root"
install -D -m 755 "$repo/release/zrelay-linux-x64" "$root/usr/bin/zrelay"
for unit in "$repo"/packaging/systemd/*; do install -D -m 644 "$unit" "$root/lib/systemd/system/$(basename "$unit")"; done
install -D -m 644 "$repo/packaging/tmpfiles/zrelay.conf" "$root/usr/lib/tmpfiles.d/zrelay.conf"
install -D -m 644 "$repo/docs/zrelay.example.yaml" "$root/usr/share/doc/zrelay/zrelay.example.yaml"
install -D -m 644 "$repo/packaging/cron/zrelay" "$root/usr/share/doc/zrelay/cron.d-zrelay"
install -D -m 644 "$repo/docs/deploy.md" "$root/usr/share/doc/zrelay/deploy.md"
install -D -m 644 "$repo/docs/monitoring.md" "$root/usr/share/doc/zrelay/monitoring.md"
install -d -m 750 "$root/var/lib/zrelay" "$root/etc/zrelay"
install -d "$root/DEBIAN"
cat >"$root/DEBIAN/control" <<CONTROL
Package: zrelay
Version: $version
Architecture: amd64
Maintainer: zrelay maintainers <zrelay@localhost>
Section: admin
Priority: optional
Depends: libc6 (>= 2.28), libstdc++6
Recommends: zfsutils-linux, openssh-client
Description: ZFS snapshot replication for backup servers
 Pulls datasets from many hosts over SSH onto a backup pool and pushes those
 backups, still raw-encrypted, offsite. Silent on success, for cron and systemd.
 One executable with its own Node.js.
CONTROL
cat >"$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  # Debian's backup user runs zrelay; the state and lock directories are its own.
  if getent passwd backup >/dev/null; then chown backup:backup /var/lib/zrelay; fi
  if command -v systemd-tmpfiles >/dev/null; then systemd-tmpfiles --create zrelay.conf || true; fi
  if [ -d /run/systemd/system ]; then systemctl daemon-reload || true; fi
fi
POSTINST
chmod 755 "$root/DEBIAN/postinst"
dpkg-deb --root-owner-group -Zgzip -z6 --build "$root" "$repo/release/zrelay_${version}_amd64.deb" >/dev/null
echo "release/zrelay_${version}_amd64.deb ($(stat -c %s "$repo/release/zrelay_${version}_amd64.deb") bytes)"

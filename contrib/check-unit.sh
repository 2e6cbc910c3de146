#!/bin/sh
# Checks contrib/briefbot.service as systemd would see it installed:
#   systemd-analyze verify    (in a scratch root holding the programs at
#                              /usr/bin, as `meson install --prefix=/usr`
#                              puts them, and this machine's system units)
#   systemd-analyze security  --offline=true --threshold=20 (exposure 2.0:
#                              the threshold counts tenths)
# Works without systemd running as PID 1 (containers, CI).
#   contrib/check-unit.sh BRIEFBOT BRIEFBOT_RUN    (meson test runs it)
# Exit 77 (skipped) when systemd-analyze is missing (Debian: systemd).
set -eu
unit="$(dirname "$0")/briefbot.service"
command -v systemd-analyze >/dev/null || { echo "systemd-analyze missing (apt-get install systemd): skipped"; exit 77; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/bin" "$root/bin" "$root/etc/systemd/system" "$root/lib/systemd"
cp "$1" "$2" "$root/usr/bin/"
cp /bin/kill "$root/bin/kill"
cp -a /lib/systemd/system "$root/lib/systemd/"
cp "$unit" "$root/etc/systemd/system/briefbot.service"
echo "systemd-analyze verify --root=ROOT /etc/systemd/system/briefbot.service"
systemd-analyze verify --root="$root" /etc/systemd/system/briefbot.service
echo "verify: ok"
echo "systemd-analyze security --offline=true --threshold=20 $unit"
out=$(systemd-analyze security --offline=true --threshold=20 "$unit") || {
  echo "$out"; echo "security: exposure over 2.0"; exit 1; }
echo "$out" | tail -n 1

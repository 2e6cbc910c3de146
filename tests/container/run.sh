#!/usr/bin/env bash
# Builds the briefbot image with podman and checks the container as a new
# user would run it. Not part of `meson test` (slow, needs podman and root).
#
#   tests/container/run.sh          build the image, then run every check
#   tests/container/run.sh base     only create the debian:12 base image
#
# Needs (installed with apt-get when missing): podman buildah runc
# debootstrap uidmap fuse-overlayfs slirp4netns, and python3 for the
# Discord test double.
#
# No registry is reachable here, so `FROM debian:12` is made locally when
# `podman image exists debian:12` fails: `debootstrap --variant=minbase
# bookworm DIR` from the host's apt sources, the usual slim-image apt
# settings (no caches, gzipped indexes, no translations, no docs), then
# `tar -C DIR -c . | podman import - debian:12`.
set -euo pipefail
cd "$(dirname "$0")/../.."

IMAGE=${BRIEFBOT_IMAGE:-briefbot:test}
PACKAGES=(podman buildah runc debootstrap uidmap fuse-overlayfs slirp4netns python3)
# The sandbox this was proven in needs runc (crun fails there) and explicit
# limits; they do no harm elsewhere.
PODMAN_OPTS=(--runtime runc --ulimit nofile=20000:20000 --ulimit nproc=32768:32768)

say() { echo "container: $*" >&2; }

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})"
    exit 1
  fi
  say "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The first Debian mirror of the host's apt sources (deb822 or one-line).
host_mirror() {
  local m
  m=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1 || true)
  [ -n "$m" ] || m=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

make_base() {
  if podman image exists debian:12; then
    return 0
  fi
  local dir
  dir=$(mktemp -d /tmp/briefbot-debian12.XXXXXX)
  say "creating the debian:12 base image with debootstrap (a few minutes)"
  debootstrap --variant=minbase bookworm "$dir" "$(host_mirror)" >/dev/null
  # The host's apt sources (only the Debian ones), and the slim-image
  # settings Debian's official images carry.
  rm -f "$dir/etc/apt/sources.list"
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && grep -qs 'debian' "$f" && cp "$f" "$dir/etc/apt/${f#/etc/apt/}"
  done
  cat >"$dir/etc/apt/apt.conf.d/docker-clean" <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CONF
  echo 'Acquire::GzipIndexes "true";' >"$dir/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Acquire::Languages "none";' >"$dir/etc/apt/apt.conf.d/docker-no-languages"
  echo 'APT::Install-Recommends "false";' >"$dir/etc/apt/apt.conf.d/docker-no-recommends"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$dir/etc/apt/apt.conf.d/docker-autoremove-suggests"
  cat >"$dir/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CONF'
force-unsafe-io
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
CONF
  rm -rf "$dir"/var/cache/apt/*.bin "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/archives/*.deb \
         "$dir"/usr/share/doc/*/[!c]* "$dir"/usr/share/man/* "$dir"/usr/share/locale/*
  tar -C "$dir" -c . | podman import --change 'CMD ["bash"]' - debian:12 >/dev/null
  rm -rf "$dir"
  say "debian:12 base: $(podman image inspect debian:12 --format '{{.Size}}') bytes"
}

install_packages
make_base
[ "${1:-}" = base ] && exit 0

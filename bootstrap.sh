#!/usr/bin/env bash
# Sets briefbot up on a fresh Debian 12 machine and then does one thing:
#   ./bootstrap.sh console   build, then chat with the bot on the shipped article
#   ./bootstrap.sh test      build, then run every test (the command CI runs)
#   ./bootstrap.sh packages PKG...   only install these packages when missing
#                                    (tests/container/run.sh uses it)
# Debian packages are installed with apt-get when missing (needs root).
set -euo pipefail
cd "$(dirname "$0")"

# Build and test dependencies (dpkg-dev unpacks curl's source for
# deps/lean-curl.sh). python3-* are the real client libraries the
# test doubles are checked against; valgrind runs the leak checks.
# libstemmer-dev (Snowball stemmer) and wordnet-base (WordNet 3.0, read in
# place by knowledge/wordnet.c) serve the answering engine; wordnet-dev
# brings the WordNet headers and tools for anyone inspecting the data;
# libmicrohttpd serves the health/metrics endpoint; systemd brings
# systemd-analyze, which checks contrib/briefbot.service. libolm-dev is
# Matrix end-to-end encryption (bot/matrix/mcrypto.c); python3-olm lets the
# tests' matrix-nio client encrypt too.
PACKAGES=(
  build-essential pkg-config meson ninja-build clang dpkg-dev
  libcurl4-openssl-dev libwebsockets-dev libwebsockets-evlib-uv libuv1-dev
  libcjson-dev libcmocka-dev libsqlite3-dev zlib1g-dev libssl-dev libxml2-dev
  libstemmer-dev wordnet-base wordnet-dev libmicrohttpd-dev systemd libolm-dev
  python3 python3-aiohttp python3-discord python3-matrix-nio python3-olm
  valgrind ca-certificates tzdata
)

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: missing packages: ${missing[*]}" >&2
    echo "bootstrap: run as root (or: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  echo "bootstrap: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# The bot links a static HTTP-only libcurl built from Debian's curl source
# (deps/lean-curl.sh, about a minute, once): 4 MB less memory than Debian's
# libcurl4. When that cannot be built, the system libcurl serves.
build() {
  local lean=""
  if deps/lean-curl.sh .deps/curl; then
    lean="$PWD/.deps/curl"
  else
    echo "bootstrap: could not build the lean libcurl; using the system libcurl" >&2
  fi
  if [ -f build/build.ninja ]; then
    meson configure build -Dlean_curl="$lean" >/dev/null
  else
    meson setup build --buildtype=debugoptimized -Dlean_curl="$lean" >/dev/null
  fi
  ninja -C build >/dev/null
}

case "${1:-}" in
  console)
    install_packages
    build
    echo "briefbot console — ask about the article (try: who backs the YPG?), !help for commands, Ctrl-D to quit" >&2
    exec ./build/bot/briefbot console
    ;;
  packages)
    shift
    PACKAGES=("$@")
    install_packages
    ;;
  test)
    install_packages
    build
    exec meson test -C build --print-errorlogs
    ;;
  *)
    echo "usage: $0 console | test | packages PKG..." >&2
    exit 2
    ;;
esac

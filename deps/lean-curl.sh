#!/usr/bin/env bash
# Builds a lean, static libcurl into PREFIX (default: .deps/curl): Debian's
# own source of the libcurl installed here, with Debian's patches (security
# fixes included), configured for HTTP and HTTPS only, over the system's
# OpenSSL and zlib.
#
#   deps/lean-curl.sh [PREFIX]     then: meson setup build -Dlean_curl=PREFIX
#
# Why: Debian's libcurl4 is built for every protocol and pulls in about
# thirty libraries (GnuTLS and its stack for librtmp, Kerberos, LDAP, SSH,
# IDN, PSL, brotli, zstd...). Mapping and relocating them costs the bot
# about 4 MB of resident memory it never uses, and they are attack surface
# the bot does not need. The source comes through apt, so its signature and
# checksums are verified as for any package; nothing else is downloaded.
#
# Needs: dpkg-dev (dpkg-source), build-essential, libssl-dev, zlib1g-dev,
# libcurl4-openssl-dev (its version picks the source). Idempotent: does
# nothing when PREFIX already holds a build of the same version.
set -euo pipefail

prefix=$(realpath -m "${1:-.deps/curl}")
version=$(dpkg-query -W -f='${source:Version}' libcurl4-openssl-dev)
stamp="$prefix/.built-from"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "curl $version lazy-tls" ] && [ -f "$prefix/lib/libcurl.a" ]; then
  exit 0
fi
echo "lean-curl: building curl $version (HTTP and HTTPS only) into $prefix" >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A private apt configuration that knows this machine's Debian suites as
# deb-src, so the system's own sources stay untouched.
mkdir -p "$work/apt/lists/partial" "$work/apt/parts" "$work/apt/cache/archives/partial"
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] && sed 's/^Types:.*/Types: deb-src/' "$f" > "$work/apt/parts/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] && sed -n 's/^deb[[:space:]]/deb-src /p' "$f" >> "$work/apt/parts/system.list"
done
apt_opts=(
  -o "Dir::Etc::SourceList=/dev/null"
  -o "Dir::Etc::SourceParts=$work/apt/parts"
  -o "Dir::State::Lists=$work/apt/lists"
  -o "Dir::Cache=$work/apt/cache"
  -o "APT::Sandbox::User=root"
)
apt-get "${apt_opts[@]}" -qq update
(cd "$work" && apt-get "${apt_opts[@]}" -qq source "curl=$version" >/dev/null)
src=$(find "$work" -maxdepth 1 -type d -name 'curl-*' | head -n 1)
[ -n "$src" ] || { echo "lean-curl: apt-get source curl=$version unpacked nothing" >&2; exit 1; }

# Everything the bot does not use is left out: HTTP/1.1 over TCP with TLS
# (OpenSSL), gzip/deflate, the threaded resolver, IPv6 and proxies stay.
cd "$src"
./configure --quiet --prefix="$prefix" --disable-shared --enable-static --with-pic \
  --with-openssl --with-zlib --enable-threaded-resolver \
  --with-ca-bundle=/etc/ssl/certs/ca-certificates.crt \
  --disable-ftp --disable-file --disable-ldap --disable-ldaps --disable-rtsp \
  --disable-dict --disable-telnet --disable-tftp --disable-pop3 --disable-imap \
  --disable-smb --disable-smtp --disable-gopher --disable-mqtt \
  --disable-manual --disable-ntlm --disable-crypto-auth --disable-doh \
  --disable-mime --disable-netrc --disable-alt-svc --disable-hsts --disable-cookies \
  --disable-unix-sockets --without-gssapi --without-libpsl --without-brotli \
  --without-zstd --without-libidn2 --without-nghttp2 --without-librtmp \
  --without-libssh2 >/dev/null

# One change to the source: curl_global_init runs OpenSSL's set-up at once
# (with its config file and every built-in engine), which maps and touches
# some 2 MB of libcrypto even in a bot that only talks plain HTTP (a local
# homeserver, the test doubles). OpenSSL 1.1+ sets itself up at the first
# SSL_CTX_new with the same defaults (config file included); only the
# engines, which the bot never uses (no CURLOPT_SSLENGINE), are left out.
patched=$(sed -n '/^static int ossl_init(void)/,/^}/p' lib/vtls/openssl.c | grep -c '^  OPENSSL_init_ssl(flags, NULL);$' || true)
[ "$patched" = 1 ] || { echo "lean-curl: ossl_init() is not as expected: cannot patch it" >&2; exit 1; }
sed -i '/^static int ossl_init(void)/,/^}/s|^  OPENSSL_init_ssl(flags, NULL);$|  (void)flags; /* briefbot: OpenSSL sets itself up at the first SSL_CTX_new */|' \
  lib/vtls/openssl.c
make -s -j"$(nproc)" -C lib >/dev/null
rm -rf "$prefix"
make -s -C lib install >/dev/null
make -s -C include install >/dev/null
echo "curl $version lazy-tls" > "$stamp"
echo "lean-curl: done ($prefix/lib/libcurl.a)" >&2

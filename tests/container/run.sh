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
PACKAGES=(podman buildah runc debootstrap uidmap fuse-overlayfs slirp4netns python3 python3-aiohttp binutils)
# The sandbox this was proven in needs runc (crun fails there) and explicit
# limits; they do no harm elsewhere.
PODMAN_OPTS=(--runtime runc --ulimit nofile=20000:20000 --ulimit nproc=32768:32768)
CH1=800000000000000011

say() { echo "container: $*" >&2; }
passed=0
failed=0
check() { # check NAME COMMAND...: PASS/FAIL line
  local name=$1
  shift
  if "$@"; then
    echo "PASS: $name"
    passed=$((passed + 1))
  else
    echo "FAIL: $name"
    failed=$((failed + 1))
  fi
}

install_packages() {
  ./bootstrap.sh packages "${PACKAGES[@]}"
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

# ---- build -------------------------------------------------------------------
say "building $IMAGE"
start=$(date +%s)
podman build "${PODMAN_OPTS[@]}" --format docker -t "$IMAGE" . >/tmp/briefbot-container-build.log 2>&1 ||
  { tail -n 30 /tmp/briefbot-container-build.log; say "build failed"; exit 1; }
build_s=$(( $(date +%s) - start ))
size=$(podman image inspect "$IMAGE" --format '{{.Size}}')
echo "image: $IMAGE, $((size / 1000000)) MB, built in ${build_s} s"

work=$(mktemp -d /tmp/briefbot-container.XXXXXX)
container=briefbot-check-$$
volume=briefbot-check-state-$$
fake_pid=
cleanup() {
  podman rm -f "$container" >/dev/null 2>&1 || true
  podman volume rm -f "$volume" >/dev/null 2>&1 || true
  [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# podman has no systemd here to time health checks with: no timer, and
# `podman healthcheck run` runs it on demand.
PODMAN_OPTS+=(--health-interval=disable)
quiet() { # podman's complaint that it has no systemd for the health timer
  "$@" 2> >(grep -v "unable to get systemd connection" >&2)
}
run() { podman run --rm "${PODMAN_OPTS[@]}" "$@"; }

# ---- the image as a new user meets it ----------------------------------------
out=$(run "$IMAGE" ask "who backs the YPG?" 2>&1 || true)
check "ask answers with no options" grep -q "United States" <<<"$out"
out=$(echo "who backs the YPG?" | run -i "$IMAGE" console 2>&1 || true)
check "console answers a piped question" grep -q "United States" <<<"$out"
user=$(podman image inspect "$IMAGE" --format '{{.Config.User}}')
check "USER is numeric 10001:10001 (runAsNonRoot can check it)" test "$user" = "10001:10001"
out=$(run --entrypoint /usr/bin/id "$IMAGE" 2>&1 || true)
check "the process runs as uid 10001" grep -q "uid=10001(briefbot) gid=10001(briefbot)" <<<"$out"
out=$(run --entrypoint /usr/bin/find "$IMAGE" /usr/share/briefbot 2>/dev/null || true)
check "the knowledge base holds only articles/ and facts/ data" \
  test -z "$(grep -Ev '^/usr/share/briefbot(/knowledge(/(articles|facts)(/[^/]+\.(txt|json))?)?)?$' <<<"$out")"
volumes=$(podman image inspect "$IMAGE" --format '{{json .Config.Volumes}}')
check "the state volume is declared" grep -q '"/var/lib/briefbot"' <<<"$volumes"
health=$(podman image inspect "$IMAGE" --format '{{json .Config.Healthcheck}}')
check "a HEALTHCHECK asks /healthz" grep -q -- "--health" <<<"$health"
mnt=$(podman image mount "$IMAGE")
stripped() { ! readelf -S "$mnt/usr/bin/briefbot" "$mnt/usr/bin/briefbot-run" | grep -q '\.symtab'; }
check "the programs are stripped" stripped
podman image unmount "$IMAGE" >/dev/null

# ---- run against the Discord test double ------------------------------------
coproc FAKE { exec /usr/bin/python3 tests/doubles/fake_discord.py --port 0 --heartbeat-interval 1000 2>/dev/null; }
fake_pid=$FAKE_PID
read -r line <&"${FAKE[0]}" || { say "the fake Discord did not start"; exit 1; }
port=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["port"])' "$line")
ctl() { # ctl METHOD PATH [JSON]
  /usr/bin/python3 - "$port" "$@" <<'PY'
import json, sys, urllib.request
port, method, path = sys.argv[1:4]
data = sys.argv[4].encode() if len(sys.argv) > 4 else None
req = urllib.request.Request("http://127.0.0.1:%s/_control/%s" % (port, path), data=data,
                             method=method, headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(req, timeout=60).read().decode())
PY
}
metrics_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$work/conf"
cat >"$work/conf/briefbot.conf" <<CONF
[general]
database = /var/lib/briefbot/briefbot.db
log_format = json
[discord]
enabled = true
token = test-token
api_base = http://127.0.0.1:$port/api/v10
[metrics]
listen = 127.0.0.1:$metrics_port
CONF
chmod 0644 "$work/conf/briefbot.conf"
quiet podman run -d --name "$container" "${PODMAN_OPTS[@]}" --network=host --read-only \
  --tmpfs /tmp -v "$work/conf:/etc/briefbot:ro" -v "$volume:/var/lib/briefbot" \
  "$IMAGE" >/dev/null
ready=$(ctl POST wait '{"ready_connections": 1, "timeout": 30}')
check "run connects to the Discord double" grep -q '"ok": true' <<<"$ready"
ctl POST message "{\"channel_id\": \"$CH1\", \"content\": \"!ping\"}" >/dev/null
ctl POST wait '{"messages_posted": 1, "timeout": 30}' >/dev/null
messages=$(ctl GET messages)
check "run answers !ping" grep -q '"content": "pong"' <<<"$messages"
out=$(podman exec "$container" /usr/bin/briefbot-run --health --config /etc/briefbot/briefbot.conf || true)
echo "$out"
check "the health check command sees /healthz 200" grep -q " 200 ok" <<<"$out"
check "podman's HEALTHCHECK says healthy" podman healthcheck run "$container"
out=$(podman exec "$container" /usr/bin/id -u)
check "the bot runs as uid 10001 on a read-only root" test "$out" = 10001
check "the database is in the state volume" podman exec "$container" test -s /var/lib/briefbot/briefbot.db
start_ns=$(date +%s%N)
quiet podman stop -t 10 "$container" >/dev/null
stop_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
code=$(podman inspect "$container" --format '{{.State.ExitCode}}')
echo "stopped on SIGTERM in $stop_ms ms, exit status $code"
check "a clean stop on SIGTERM" test "$code" = 0
logs=$(podman logs "$container" 2>&1)
check "logs are JSON lines with level and module" grep -q '"level":"info","module":"discord"' <<<"$logs"
check "no token in the logs" bash -c '! grep -q test-token <<<"$1"' _ "$logs"

# ---- a root-owned bind mount for the state ------------------------------------
mkdir -p "$work/rootowned"
chmod 0755 "$work/rootowned"
out=$(run --network=host --read-only -v "$work/conf:/etc/briefbot:ro" \
  -v "$work/rootowned:/var/lib/briefbot" "$IMAGE" 2>&1 || true)
check "a root-owned state folder is named as a permission problem" \
  grep -q "permission denied: cannot create files in /var/lib/briefbot" <<<"$out"
echo "$out" | grep "permission denied" | head -n 1

echo "container: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]

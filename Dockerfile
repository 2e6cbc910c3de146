# briefbot in a container: build with the -dev packages, run with only the
# libraries, as a fixed non-root user (uid/gid 10001, so runAsNonRoot can
# check it), on a read-only root file system if you like.
#
#   podman build --format docker -t briefbot .   (docker build -t briefbot .)
#   podman run --rm briefbot ask "who backs the YPG?"
#   podman run -d -v ./briefbot.conf:/etc/briefbot/briefbot.conf:ro \
#     -v briefbot-state:/var/lib/briefbot --read-only briefbot
#
# The configuration comes from a mount at /etc/briefbot/briefbot.conf, the
# database lives in the /var/lib/briefbot volume (set
# `database = /var/lib/briefbot/briefbot.db`), and the shipped knowledge
# base is installed in /usr/share/briefbot/knowledge, where the programs
# look by default (mount another one there, or set knowledge_dir, to brief
# on your own articles; the bot watches it and loads new or changed files,
# and !add writes the pages it fetches there). tests/container/run.sh
# builds and checks this.
FROM debian:12 AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential pkg-config meson ninja-build dpkg-dev ca-certificates \
      libcurl4-openssl-dev libwebsockets-dev libuv1-dev libcjson-dev \
      libsqlite3-dev zlib1g-dev libssl-dev libmicrohttpd-dev libxml2-dev libstemmer-dev libolm-dev \
    && rm -rf /var/lib/apt/lists/*
# Dependencies first, each in its own layer, so a source change does not
# rebuild them: a static HTTP-only libcurl from Debian's source (see
# deps/lean-curl.sh), so the image needs no libcurl4 and its thirty
# libraries.
COPY deps/lean-curl.sh /src/deps/lean-curl.sh
RUN /src/deps/lean-curl.sh /deps/curl
WORKDIR /src
COPY . .
# No tests in the image (-Dtests=false: no cmocka); `meson install --strip`
# installs the two programs without symbols and the knowledge base's
# articles/ and facts/ only.
RUN meson setup /build --buildtype=release --prefix=/usr -Dtests=false -Dlean_curl=/deps/curl \
    && ninja -C /build \
    && DESTDIR=/staging meson install -C /build --strip --no-rebuild --quiet

FROM debian:12
# libwebsockets loads its libuv event-loop plugin at run time from
# libwebsockets-evlib-uv, which libwebsockets17 does not pull in. Digest
# schedules read their time zones from tzdata (/usr/share/zoneinfo). The
# answering engine reads WordNet 3.0 from wordnet-base in place
# (BRIEFBOT_WORDNET_DIR points elsewhere if need be); its English stemmer is
# linked in statically from libstemmer-dev (knowledge/stem_english.c).
# libmicrohttpd12 ([metrics] listen), libxml2 (`!add URL`) and libolm3
# (Matrix end-to-end encryption, when it starts) are opened with dlopen() on
# first use, so briefbot-run has no DT_NEEDED on them and nothing else pulls
# them in: they must stay listed here.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libssl3 libwebsockets17 libwebsockets-evlib-uv libuv1 libcjson1 \
      libsqlite3-0 zlib1g libmicrohttpd12 libxml2 tzdata ca-certificates \
      wordnet-base libolm3 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 briefbot \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/briefbot \
         --no-create-home --shell /usr/sbin/nologin briefbot \
    && install -d -o 10001 -g 10001 -m 0750 /var/lib/briefbot \
    && install -d -m 0755 /etc/briefbot
COPY --from=build /staging/ /
ENV BRIEFBOT_WORDNET_DIR=/usr/share/wordnet
# `!add URL` writes articles/ID.txt into the knowledge directory.
RUN chown -R 10001:10001 /usr/share/briefbot/knowledge
VOLUME ["/var/lib/briefbot"]
USER 10001:10001
WORKDIR /var/lib/briefbot
# Healthy while every enabled platform is connected and the knowledge base
# is loaded: GET /healthz of the [metrics] endpoint named in the config
# (an empty [metrics] listen is reported and counts as healthy).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["/usr/bin/briefbot-run", "--health", "--config", "/etc/briefbot/briefbot.conf"]
ENTRYPOINT ["/usr/bin/briefbot"]
CMD ["run", "--config", "/etc/briefbot/briefbot.conf"]

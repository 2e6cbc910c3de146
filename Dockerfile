# Two stages: build with the -dev packages, run with only the libraries.
# The knowledge base is copied in; mount another one over /opt/briefbot/knowledge
# (or set knowledge_dir) to brief on your own articles: the bot watches it and
# loads new or changed files, and !add writes the pages it fetches there.
FROM debian:12 AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential pkg-config meson ninja-build dpkg-dev \
      libcurl4-openssl-dev libwebsockets-dev libuv1-dev libcjson-dev \
      libcmocka-dev libsqlite3-dev zlib1g-dev libssl-dev libxml2-dev libstemmer-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# A static HTTP-only libcurl from Debian's source (see deps/lean-curl.sh),
# so the image needs no libcurl4 and its thirty libraries.
RUN deps/lean-curl.sh /deps/curl \
    && meson setup /build --buildtype=release -Dtests=false -Dlean_curl=/deps/curl \
    && ninja -C /build \
    && install -D /build/bot/briefbot /opt/briefbot/briefbot \
    && install -D /build/bot/briefbot-run /opt/briefbot/briefbot-run \
    && cp -r knowledge /opt/briefbot/knowledge

FROM debian:12
# libwebsockets loads its libuv event-loop plugin at run time from
# libwebsockets-evlib-uv, which libwebsockets17 does not pull in. Digest
# schedules read their time zones from tzdata (/usr/share/zoneinfo). The
# answering engine stems with libstemmer0d and reads WordNet 3.0 from
# wordnet-base in place (BRIEFBOT_WORDNET_DIR points elsewhere if need be).
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libssl3 libwebsockets17 libwebsockets-evlib-uv libuv1 libcjson1 \
      libsqlite3-0 zlib1g libxml2 tzdata ca-certificates libstemmer0d wordnet-base \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/briefbot --create-home briefbot
COPY --from=build /opt/briefbot /opt/briefbot
ENV BRIEFBOT_WORDNET_DIR=/usr/share/wordnet
# `!add URL` writes articles/ID.txt into the knowledge directory.
RUN chown -R briefbot /opt/briefbot/knowledge
USER briefbot
WORKDIR /var/lib/briefbot
ENTRYPOINT ["/opt/briefbot/briefbot"]
CMD ["run", "--config", "/etc/briefbot/briefbot.conf", "--knowledge", "/opt/briefbot/knowledge"]

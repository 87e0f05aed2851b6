# syntax=docker/dockerfile:1
#
# The home-lab image: ONE container serves the SPA, /api, /ws and /media through the lab runtime.
#
#   docker build -t dating-app:dev .
#   docker run --read-only --tmpfs /tmp -v dating-data:/data -p 8080:8080 dating-app:dev
#   docker run --read-only --tmpfs /tmp -e DATABASE_URL=... dating-app:dev migrate
#
# Stages: deps (npm ci, cached on the manifests only) -> build (`npm run build`, the same script CI and
# `npm start` run) and, in parallel, prod-deps (only the functions workspace's production dependencies:
# no web/infra/dev packages) -> runtime (node + those dependencies + functions/dist + web/dist).
# Native pieces need no compiler: PGlite's wasm ships inside its npm package and sharp's libvips comes as
# the @img/sharp-linux-<arch> optional dependency that npm picks for the build platform (x64 or arm64).

# The base, pinned by digest (the multi-arch index of node:22-bookworm-slim): a rebuild gets the same bytes
# until this line changes. Update it deliberately (Dependabot/Renovate "docker" updates, or
# `docker buildx imagetools inspect node:22-bookworm-slim`), never by a floating tag.
ARG NODE_IMAGE=docker.io/library/node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c

# ---------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
COPY package.json package-lock.json ./
COPY functions/package.json functions/
COPY web/package.json web/
COPY infra/package.json infra/
RUN npm ci --no-audit --no-fund --loglevel=warn

# ---------------------------------------------------------------------------------------------------------
FROM deps AS build
COPY . .
RUN npm run build \
 && test -f functions/dist/lab/main.js \
 && test -f web/dist/index.html

# ---------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY functions/package.json functions/
COPY web/package.json web/
COPY infra/package.json infra/
# --ignore-scripts: no production dependency needs an install script (sharp and PGlite ship prebuilt
# binaries as packages), and skipping them keeps the build reproducible and offline-safe.
RUN npm ci --omit=dev --workspace=functions --ignore-scripts --no-audit --no-fund --loglevel=warn \
 && rm -rf web infra /root/.npm

# ---------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime

ARG NODE_IMAGE
ARG APP_VERSION=0.0.0-dev
ARG VCS_REF=unknown
ARG BUILD_DATE=unknown
ARG SOURCE_URL=

LABEL org.opencontainers.image.title="dating-app" \
      org.opencontainers.image.description="Open-source dating app: lab runtime serving the SPA, API, WebSocket and media" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.version="${APP_VERSION}" \
      org.opencontainers.image.revision="${VCS_REF}" \
      org.opencontainers.image.created="${BUILD_DATE}" \
      org.opencontainers.image.base.name="${NODE_IMAGE}"

# uid/gid 10001: outside the range of the base image's users (node is 1000) and of typical host users;
# the Helm chart runs with the same ids (runAsUser/runAsGroup/fsGroup 10001).
RUN groupadd --gid 10001 app \
 && useradd --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /data \
 && chown 10001:10001 /data \
 && chmod 0700 /data

# Everything the process can write is /data (volume: PGlite files, photos when on a volume) and /tmp
# (tmpfs/emptyDir). HOME points at /tmp so that no library tries to write under a read-only root.
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    WEB_DIR=/app/web/dist \
    HOME=/tmp

WORKDIR /app
# Application files stay owned by root and are read-only for the app user.
COPY --from=prod-deps /app ./
COPY --from=build /src/functions/dist ./functions/dist
COPY --from=build /src/web/dist ./web/dist

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
# The runtime handles SIGTERM itself (stop accepting, finish in-flight requests, close WebSockets and
# the store); node runs as PID 1 without a shell in between, so the signal reaches it.
STOPSIGNAL SIGTERM
# No curl in the slim image: node's fetch does the check. (Kubernetes ignores HEALTHCHECK and uses the
# chart's probes; Docker/Podman use this. Podman keeps it only with `--format docker`.)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

ENTRYPOINT ["node", "functions/dist/lab/main.js"]
# `docker run IMAGE migrate` applies the database migrations and exits.
CMD []

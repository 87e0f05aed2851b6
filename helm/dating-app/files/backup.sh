#!/bin/sh
# PostgreSQL side of the chart's backups; runs in the PostgreSQL image (pg_dump/pg_restore of the server's
# major version or newer). The other side, backup.mjs, runs in the app image and stores, encrypts, prunes and
# fetches the dump files.
#
#   backup.sh dump      pg_dump --format=custom of $DATABASE_URL to $BACKUP_WORK/<prefix>-<UTC time>.dump
#   backup.sh restore   pg_restore $BACKUP_WORK/restore.dump into $DATABASE_URL (replacing what is there)
#
# DATABASE_URL is a libpq connection URI (postgres://user:password@host:5432/db).
set -eu

: "${DATABASE_URL:?DATABASE_URL is required}"
: "${BACKUP_WORK:?BACKUP_WORK (the folder shared with backup.mjs) is required}"
prefix=${BACKUP_PREFIX:-dating}

case "${1:-}" in
  dump)
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    file="$BACKUP_WORK/$prefix-$stamp.dump"
    # Custom format: compressed, and pg_restore can restore it into a newer major version.
    pg_dump --dbname="$DATABASE_URL" --format=custom --no-owner --no-privileges --file="$file.partial"
    # A dump that pg_restore cannot list is not a backup.
    pg_restore --list "$file.partial" > /dev/null
    mv "$file.partial" "$file"
    echo "backup.sh: dumped $(basename "$file") ($(wc -c < "$file") bytes)"
    ;;
  restore)
    file="$BACKUP_WORK/restore.dump"
    [ -s "$file" ] || { echo "backup.sh: $file is missing or empty" >&2; exit 1; }
    # One transaction: a restore that fails leaves the database as it was.
    pg_restore --dbname="$DATABASE_URL" --clean --if-exists --no-owner --no-privileges \
      --exit-on-error --single-transaction "$file"
    echo "backup.sh: restored $(basename "${BACKUP_FROM:-$file}")"
    ;;
  *)
    echo "usage: backup.sh dump|restore" >&2
    exit 64
    ;;
esac

#!/usr/bin/env bash
# Back up the hub: a PostgreSQL dump (custom format) plus the media and private files, with checksums.
#
#   deploy/backup.sh DEST_DIR
#
# Reads DATABASE_URL, MEDIA_ROOT and PRIVATE_MEDIA_ROOT from the environment (the same file the app
# uses). Media on S3 (MEDIA_S3_BUCKET) is not copied here: keep bucket versioning on, or add an
# `aws s3 sync` of both buckets next to this dump. Prints the backup's name prefix.
set -Eeuo pipefail
dest=${1:?usage: deploy/backup.sh DEST_DIR}
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
prefix="$dest/hub-$stamp"
mkdir -p "$dest"

pg_dump --format=custom --no-owner --no-privileges --file "$prefix.dump" "$DATABASE_URL"
for kind in media private; do
    if [[ $kind == media ]]; then root=${MEDIA_ROOT:-media}; else root=${PRIVATE_MEDIA_ROOT:-private-media}; fi
    mkdir -p "$root"
    tar -C "$root" -czf "$prefix-$kind.tar.gz" .
done
(cd "$dest" && sha256sum "$(basename "$prefix").dump" "$(basename "$prefix")-media.tar.gz" \
    "$(basename "$prefix")-private.tar.gz" > "$(basename "$prefix").sha256")
echo "$prefix"

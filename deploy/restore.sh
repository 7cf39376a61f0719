#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database and empty media folders.
#
#   deploy/restore.sh BACKUP_PREFIX      # e.g. /backups/hub-20261202T081500Z
#
# Reads DATABASE_URL (the empty target), MEDIA_ROOT and PRIVATE_MEDIA_ROOT. Checks the checksums
# first; stops at the first error. Afterwards: python manage.py migrate (a no-op for a backup of the
# same release) and python manage.py smoke_check.
set -Eeuo pipefail
prefix=${1:?usage: deploy/restore.sh BACKUP_PREFIX}
: "${DATABASE_URL:?DATABASE_URL must name the empty database to restore into}"
(cd "$(dirname "$prefix")" && sha256sum --check --quiet "$(basename "$prefix").sha256")

pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$prefix.dump"
for kind in media private; do
    if [[ $kind == media ]]; then root=${MEDIA_ROOT:-media}; else root=${PRIVATE_MEDIA_ROOT:-private-media}; fi
    mkdir -p "$root"
    if [[ -n "$(ls -A "$root")" ]]; then
        echo "$root is not empty: restore into an empty folder" >&2
        exit 1
    fi
    tar -C "$root" -xzf "$prefix-$kind.tar.gz"
done
echo "Restored $prefix"

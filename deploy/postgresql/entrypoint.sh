#!/bin/sh
# Starts PostgreSQL; on the first start (empty PGDATA) creates the cluster as the official postgres image does:
# superuser POSTGRES_USER (default postgres) with POSTGRES_PASSWORD, a database of the same name, password logins
# over TCP from anywhere.
set -eu
user="${POSTGRES_USER:-postgres}"
# The socket directory: the manifests mount an emptyDir there, which podman does not hand to fsGroup; clients of this
# image connect over TCP, so a private socket directory is as good.
sockets=/var/run/postgresql
[ -w "$sockets" ] || sockets="$(mktemp -d)"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set for the first start}"
    pwfile="$(mktemp)"
    printf '%s' "$POSTGRES_PASSWORD" >"$pwfile"
    initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256
    rm -f "$pwfile"
    echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    if [ "$user" != postgres ]; then
        pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k $sockets" -w start
        createdb -h "$sockets" -U "$user" "$user"
        pg_ctl -D "$PGDATA" -m fast -w stop
    fi
fi
exec postgres -D "$PGDATA" -k "$sockets"

#!/usr/bin/env bash
# Installs the pgvector extension into the local PostgreSQL server (Debian), for semantic search in the
# database: PostgreSQL's server headers from Debian's packages, pgvector's source from Debian's archive
# (checksum-checked), built with PGXS. Does nothing when the server already offers `vector`.
# Needs root (apt-get, the server's library folder). Usage: npm run pgvector
set -euo pipefail

PGVECTOR_VERSION=0.8.0
PGVECTOR_SHA256=867a2c328d4928a5a9d6f052cd3bc78c7d60228a9b914ad32aa3db88e9de27b0
PGVECTOR_URL="http://deb.debian.org/debian/pool/main/p/pgvector/pgvector_${PGVECTOR_VERSION}.orig.tar.gz"
PSQL=(psql -h 127.0.0.1 -U postgres -d postgres -Atqc)

if [ "$("${PSQL[@]}" "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'")" = "1" ]; then
  echo "pgvector: the server already offers the vector extension"
  exit 0
fi

MAJOR="$("${PSQL[@]}" "SHOW server_version_num" | cut -c1-2)"
PG_CONFIG="/usr/lib/postgresql/$MAJOR/bin/pg_config"
if [ ! -x "$PG_CONFIG" ] || [ ! -d "$("$PG_CONFIG" --includedir-server)" ]; then
  echo "pgvector: installing postgresql-server-dev-$MAJOR"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-server-dev-$MAJOR" >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-server-dev-$MAJOR" >/dev/null; }
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "pgvector: fetching $PGVECTOR_URL"
curl -fsSL -m 120 -o "$WORK/pgvector.tar.gz" "$PGVECTOR_URL"
echo "$PGVECTOR_SHA256  $WORK/pgvector.tar.gz" | sha256sum -c --quiet -
tar -xzf "$WORK/pgvector.tar.gz" -C "$WORK"
cd "$WORK"/pgvector-*
# OPTFLAGS="": no -march=native, so the library runs on any x86-64 this server might move to.
make -s OPTFLAGS="" PG_CONFIG="$PG_CONFIG" with_llvm=no >/dev/null
make -s OPTFLAGS="" PG_CONFIG="$PG_CONFIG" with_llvm=no install >/dev/null
"${PSQL[@]}" "SELECT 'pgvector: installed ' || default_version FROM pg_available_extensions WHERE name = 'vector'"

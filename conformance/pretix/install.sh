#!/usr/bin/env bash
# Installs the pinned pretix from PyPI into a cached virtual environment, migrates a fresh SQLite
# database once and seeds the default dataset into it (the pristine database every start copies).
# Idempotent: a complete cache for this version is reused. Fails loudly when PyPI is unreachable.
set -euo pipefail
source "$(dirname "$0")/env.sh"
PYTHON="${PYTHON:-python3}"


stamp() { cat "$HARNESS_DIR/seed.py" "$HARNESS_DIR/pretix.cfg" "$PROJECT_DIR/fixtures/default.json" | sha256sum | cut -d' ' -f1; }

mkdir -p "$CACHE_DIR"
if [[ ! -f "$VENV/.installed" ]]; then
  echo "pretix harness: installing pretix==$PRETIX_VERSION gunicorn==$GUNICORN_VERSION ujson==$UJSON_VERSION requests==$REQUESTS_VERSION from PyPI into $VENV"
  if ! "$PYTHON" - <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen("https://pypi.org/simple/pretix/", timeout=20).read(1)
except Exception as e:
    sys.exit(f"{e}")
PY
  then
    printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf '!!! PyPI (https://pypi.org) is NOT reachable: cannot install real pretix.\n' >&2
    printf '!!! The live conformance job FAILS rather than passing without pretix.\n' >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
    exit 2
  fi
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip wheel
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "pretix==$PRETIX_VERSION" "gunicorn==$GUNICORN_VERSION" \
    "ujson==$UJSON_VERSION" "requests==$REQUESTS_VERSION"
  touch "$VENV/.installed"
fi

want="$(stamp)"
if [[ -f "$PRISTINE_DB" && "$(cat "$CACHE_DIR/pristine.stamp" 2>/dev/null)" == "$want" ]]; then
  echo "pretix harness: cached pretix $PRETIX_VERSION and pristine database in $CACHE_DIR"
  exit 0
fi

work="$(mktemp -d "$CACHE_DIR/build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export PRETIX_PRETIX_DATADIR="$work/data" PRETIX_DATABASE_NAME="$work/db.sqlite3"
mkdir -p "$work/data"
# The migrated, empty database depends on the version only; the seeded one also on the dataset.
if [[ ! -f "$CACHE_DIR/migrated.sqlite3" ]]; then
  echo "pretix harness: migrating a fresh database (about 95 s on 2 cores)"
  t0=$(date +%s)
  "$VENV/bin/python" -m pretix migrate --no-input >"$work/migrate.log" 2>&1 || { tail -40 "$work/migrate.log" >&2; exit 1; }
  echo "pretix harness: migrated in $(( $(date +%s) - t0 )) s"
  mv "$work/db.sqlite3" "$CACHE_DIR/migrated.sqlite3"
fi
cp "$CACHE_DIR/migrated.sqlite3" "$work/db.sqlite3"
echo "pretix harness: seeding fixtures/default.json"
"$VENV/bin/python" "$HARNESS_DIR/seed.py" "$PROJECT_DIR/fixtures/default.json"
mv "$work/db.sqlite3" "$PRISTINE_DB"
echo "$want" >"$CACHE_DIR/pristine.stamp"
echo "pretix harness: pristine database ready at $PRISTINE_DB"

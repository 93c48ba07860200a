#!/usr/bin/env bash
# Runs a Python script in the Django environment of the pretix instance in <instance-dir> (its
# database, url and data dir), e.g. the delivery driver. Usage: python.sh <instance-dir> <script> [args]
set -euo pipefail
source "$(dirname "$0")/env.sh"
dir="$(cd "${1:?usage: python.sh <instance-dir> <script> [args]}" && pwd)"; shift
export PRETIX_PRETIX_URL="$(cat "$dir/origin")" PRETIX_PRETIX_DATADIR="$dir/data" PRETIX_DATABASE_NAME="$dir/db.sqlite3"
export PRETIX_PRETIX_ALLOW_HTTP_TO_PRIVATE_NETWORKS="${PRETIX_WEBHOOK_PRIVATE:-off}"
exec "$VENV/bin/python" "$@"

#!/usr/bin/env bash
# Starts a real pretix on a free loopback port from a copy of the pristine database, waits until it
# answers, and prints its origin (http://127.0.0.1:<port>). Usage: start.sh <instance-dir>
# The instance directory gets the database copy, pretix's data dir, gunicorn.pid and pretix.log.
# Environment: PRETIX_WEBHOOK_PRIVATE=on lets webhooks reach 127.0.0.1 (the delivery driver needs it).
set -euo pipefail
source "$(dirname "$0")/env.sh"
dir="${1:?usage: start.sh <instance-dir>}"
[[ -f "$PRISTINE_DB" && -x "$VENV/bin/gunicorn" ]] || { echo "start.sh: run conformance/pretix/install.sh first" >&2; exit 1; }
mkdir -p "$dir/data"
dir="$(cd "$dir" && pwd)"
cp "$PRISTINE_DB" "$dir/db.sqlite3"
port="$("$VENV/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
origin="http://127.0.0.1:$port"
export PRETIX_PRETIX_URL="$origin" PRETIX_PRETIX_DATADIR="$dir/data" PRETIX_DATABASE_NAME="$dir/db.sqlite3"
export PRETIX_PRETIX_ALLOW_HTTP_TO_PRIVATE_NETWORKS="${PRETIX_WEBHOOK_PRIVATE:-off}"
echo "$origin" >"$dir/origin"
"$VENV/bin/gunicorn" pretix.wsgi --bind "127.0.0.1:$port" --workers 1 --no-control-socket \
  --timeout 120 >"$dir/pretix.log" 2>&1 &
pid=$!
echo "$pid" >"$dir/gunicorn.pid"
# Ready when the API root answers (any HTTP status); bounded at 300 s (a loaded 2-core machine took 65 s).
for _ in $(seq 1 600); do
  if ! kill -0 "$pid" 2>/dev/null; then echo "start.sh: pretix exited; see $dir/pretix.log" >&2; tail -20 "$dir/pretix.log" >&2; exit 1; fi
  if "$VENV/bin/python" - "$origin" <<'PY' 2>/dev/null; then echo "$origin"; exit 0; fi
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1] + "/api/v1/", timeout=2)
except urllib.error.HTTPError:
    pass
PY
  sleep 0.5
done
echo "start.sh: pretix did not answer within 300 s; see $dir/pretix.log" >&2
kill "$pid" 2>/dev/null || true
exit 1

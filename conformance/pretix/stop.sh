#!/usr/bin/env bash
# Stops the pretix that start.sh started in <instance-dir> and waits (at most 20 s) until it is gone.
set -euo pipefail
dir="${1:?usage: stop.sh <instance-dir>}"
pid="$(cat "$dir/gunicorn.pid" 2>/dev/null || true)"
[[ -n "$pid" ]] || exit 0
kill -TERM "$pid" 2>/dev/null || exit 0
for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.25; done
kill -KILL "$pid" 2>/dev/null || true

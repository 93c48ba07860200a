#!/usr/bin/env bash
# Makes sure a clean Debian machine can build pretix's virtual environment: Python 3 with venv,
# and the headers pretix's dependencies build against when no wheel fits (pretix's install docs).
set -euo pipefail
if command -v python3 >/dev/null && python3 -c 'import venv, ensurepip' 2>/dev/null && python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  exit 0
fi
echo "pretix harness: installing Python 3 and build dependencies from Debian" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3 python3-venv python3-dev build-essential libffi-dev libjpeg-dev zlib1g-dev \
  libxml2-dev libxslt1-dev libpq-dev gettext >/dev/null

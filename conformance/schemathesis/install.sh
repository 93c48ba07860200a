#!/usr/bin/env bash
# Installs the pinned Schemathesis from PyPI into a cached virtual environment (prints its path).
set -euo pipefail
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
cache="${PRETIX_MOCK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pretix-mock}/schemathesis-$SCHEMATHESIS_VERSION"
if [[ ! -f "$cache/.installed" ]]; then
  echo "schemathesis: installing schemathesis==$SCHEMATHESIS_VERSION from PyPI into $cache" >&2
  if ! "${PYTHON:-python3}" -c 'import urllib.request; urllib.request.urlopen("https://pypi.org/simple/schemathesis/", timeout=20).read(1)'; then
    printf '\n!!! PyPI (https://pypi.org) is NOT reachable: cannot install Schemathesis. FAILING.\n\n' >&2
    exit 2
  fi
  rm -rf "$cache"
  "${PYTHON:-python3}" -m venv "$cache"
  "$cache/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
  touch "$cache/.installed"
fi
echo "$cache"

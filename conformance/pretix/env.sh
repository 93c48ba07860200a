# Shared settings of the real-pretix harness; sourced by the other scripts here.
# PRETIX_VERSION pins the release installed from PyPI; the cache is keyed by it.
PRETIX_VERSION="${PRETIX_VERSION:-2026.8.0}"
GUNICORN_VERSION="${GUNICORN_VERSION:-26.2.0}"
# pretix leaves these unpinned, and the mock follows what they do: ujson parses the API's JSON
# bodies (its error texts, what it accepts), requests names itself in every webhook call's User-Agent.
UJSON_VERSION="${UJSON_VERSION:-6.1.0}"
REQUESTS_VERSION="${REQUESTS_VERSION:-2.34.2}"
HARNESS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_DIR="$(cd "$HARNESS_DIR/../.." && pwd)"
CACHE_ROOT="${PRETIX_MOCK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pretix-mock}"
CACHE_DIR="$CACHE_ROOT/pretix-$PRETIX_VERSION"
VENV="$CACHE_DIR/venv"
PRISTINE_DB="$CACHE_DIR/pristine.sqlite3"
export PRETIX_CONFIG_FILE="$HARNESS_DIR/pretix.cfg"
export DJANGO_SETTINGS_MODULE=harness_settings
export PYTHONPATH="$HARNESS_DIR${PYTHONPATH:+:$PYTHONPATH}"

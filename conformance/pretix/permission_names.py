"""
Legacy team permission names (pretix-mock's fixtures: can_view_orders, ...) to pretix's pluggable
permissions, by pretix's own table for migrating existing teams.
"""
from pretix.helpers.permission_migration import (
    OLD_TO_NEW_EVENT_MIGRATION, OLD_TO_NEW_ORGANIZER_MIGRATION,
)


def translate(legacy):
    """(organizer permissions, event permissions) for a list of legacy names; unknown names fail."""
    organizer, event = [], []
    for name in legacy:
        if name in OLD_TO_NEW_ORGANIZER_MIGRATION:
            organizer += OLD_TO_NEW_ORGANIZER_MIGRATION[name]
        elif name in OLD_TO_NEW_EVENT_MIGRATION:
            event += OLD_TO_NEW_EVENT_MIGRATION[name]
        else:
            raise SystemExit(f"seed.py: unknown legacy permission {name!r}")
    return organizer, event

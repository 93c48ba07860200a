"""
Seed a freshly migrated, empty pretix database with a pretix-mock fixture (fixtures/default.json):
organizers, events, teams (legacy permission names translated by pretix's own migration tables),
team tokens, devices and OAuth tokens with their literal token strings, webhooks with their ids,
and the webhook id sequence at `webhook_next_id - 1`.

    python seed.py path/to/fixture.json      (with env.sh's PRETIX_CONFIG_FILE, PYTHONPATH, ...)
"""
import json
import sys
from datetime import datetime, timezone

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils.timezone import now  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from pretix.api.models import (  # noqa: E402
    OAuthAccessToken, OAuthApplication, WebHook, WebHookEventListener,
)
from pretix.base.models import Device, Event, Organizer, Team, User  # noqa: E402
from pretix.base.models.organizer import TeamAPIToken  # noqa: E402

from permission_names import translate  # noqa: E402

# The events' dates as the recordings show them, for a fixture that gives none.
EVENT_DATES = {
    "democon": datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc),
    "sampleconf": datetime(2027, 3, 15, 9, 0, tzinfo=timezone.utc),
    "acmecon": datetime(2027, 6, 1, 9, 0, tzinfo=timezone.utc),
}
DEFAULT_DATE = datetime(2027, 1, 1, 9, 0, tzinfo=timezone.utc)
FAR_FUTURE = datetime(2099, 12, 31, 23, 59, 59, tzinfo=timezone.utc)


@scopes_disabled()
def seed(fx):
    if Organizer.objects.exists():
        sys.exit("seed.py: the database is not empty; it must run on a freshly migrated one")
    with transaction.atomic():
        orgs = {o["slug"]: Organizer.objects.create(slug=o["slug"], name=o["name"]) for o in fx["organizers"]}
        events = {}
        for e in fx["events"]:
            name = e["name"] if isinstance(e["name"], dict) else {"en": e["name"]}
            date_from = datetime.fromisoformat(e["date_from"].replace("Z", "+00:00")) if e.get("date_from") \
                else EVENT_DATES.get(e["slug"], DEFAULT_DATE)
            events[(e["organizer"], e["slug"])] = Event.objects.create(
                organizer=orgs[e["organizer"]], slug=e["slug"], name=name, date_from=date_from,
                currency=e.get("currency", "EUR"), live=e.get("live", False), testmode=e.get("testmode", False),
                is_public=e.get("is_public", True),
            )
        users = {}

        def user(email):
            if email not in users:
                users[email] = User.objects.create_user(email, "pretix-mock-live-password", fullname=email)
            return users[email]

        teams = {}
        for t in fx["teams"]:
            org_perms, event_perms = translate(t["permissions"])
            team = Team.objects.create(
                organizer=orgs[t["organizer"]], name=t["name"], all_events=True,
                all_organizer_permissions=False, limit_organizer_permissions=dict.fromkeys(org_perms, True),
                all_event_permissions=False, limit_event_permissions=dict.fromkeys(event_perms, True),
            )
            for m in t.get("members", []):
                team.members.add(user(m))
            teams[t["id"]] = team
        for tok in fx["team_tokens"]:
            TeamAPIToken.objects.create(team=teams[tok["team"]], name=tok["name"], token=tok["token"],
                                        active=tok["active"])
        for d in fx["devices"]:
            Device.objects.create(
                organizer=orgs[d["organizer"]], name=d["name"], all_events=True, api_token=d["token"],
                initialized=now() if d["initialized"] else None, revoked=d["revoked"],
                hardware_brand="pretix-mock", hardware_model="live", os_name="Linux", os_version="6",
                software_brand="pretix-mock", software_version="1.0", security_profile=d["security_profile"],
            )
        if fx["oauth_tokens"]:
            app = OAuthApplication.objects.create(
                name="pretix-mock live conformance", redirect_uris="https://app.example/oauth/callback",
                client_type=OAuthApplication.CLIENT_CONFIDENTIAL,
                authorization_grant_type=OAuthApplication.GRANT_AUTHORIZATION_CODE,
                client_id="pretix-mock-live-client", client_secret="pretix-mock-live-secret", active=True,
            )
            for o in fx["oauth_tokens"]:
                at = OAuthAccessToken.objects.create(
                    user=user(o["user"]), application=app, token=o["token"], scope=" ".join(o["scopes"]),
                    expires=datetime.fromisoformat(o["expires"]) if o["expires"] else FAR_FUTURE,
                )
                for slug in o["organizers"]:
                    at.organizers.add(orgs[slug])
        for w in sorted(fx["webhooks"], key=lambda w: w["id"]):
            hook = WebHook.objects.create(
                id=w["id"], organizer=orgs[w["organizer"]], enabled=w["enabled"], target_url=w["target_url"],
                all_events=w["all_events"], comment=w["comment"],
            )
            for slug in w["limit_events"]:
                hook.limit_events.add(events[(w["organizer"], slug)])
            for a in w["action_types"]:
                WebHookEventListener.objects.create(webhook=hook, action_type=a)
    with connection.cursor() as c:
        c.execute("DELETE FROM sqlite_sequence WHERE name = 'pretixapi_webhook'")
        c.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('pretixapi_webhook', %s)",
                  [fx["webhook_next_id"] - 1])
    print("seeded:", len(orgs), "organizers,", len(events), "events,", len(teams), "teams,",
          len(fx["webhooks"]), "webhooks; next webhook id", fx["webhook_next_id"])


with open(sys.argv[1], encoding="utf-8") as f:
    seed(json.load(f))

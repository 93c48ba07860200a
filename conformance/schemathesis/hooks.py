# Schemathesis hooks for the run against pretix-mock (SCHEMATHESIS_HOOKS=hooks).
# pretix answers a repeated X-Idempotency-Key with the stored answer of the first request, whatever
# the new one is (documented). Schemathesis sends the document's example key on every request,
# which would turn most checks into replays of one answer; each request gets its own key instead.
import uuid

import schemathesis


@schemathesis.hook
def before_call(context, case, kwargs):
    for name in list(case.headers or {}):
        if name.lower() == "x-idempotency-key":
            case.headers[name] = f"st-{uuid.uuid4()}"

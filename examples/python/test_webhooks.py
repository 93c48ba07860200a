"""pretix-mock from Python: requests against the mock's pretix API and its control plane."""
import requests

WEBHOOKS = "/api/v1/organizers/bigevents/webhooks/"


def auth(mock, name="sandbox-bigevents-admin"):
    return {"Authorization": mock["tokens"][name]}


def test_lists_the_built_in_webhook(mock):
    res = requests.get(mock["url"] + WEBHOOKS, headers=auth(mock), timeout=10)
    assert res.status_code == 200
    assert [w["id"] for w in res.json()["results"]] == [2]


def test_creates_a_webhook_and_the_journal_counts_it(mock):
    body = {"target_url": "https://example.org/hook", "limit_events": [], "action_types": ["pretix.event.order.placed"]}
    res = requests.post(mock["url"] + WEBHOOKS, json=body, headers=auth(mock), timeout=10)
    assert res.status_code == 201
    assert res.json()["id"] == 3
    count = requests.post(mock["url"] + "/__admin/requests/count", json={"method": "POST"}, timeout=10).json()
    assert count["count"] == 1


def test_each_test_starts_fresh_and_faults_apply(mock):
    rule = {"match": {"operationId": "listWebhooks"}, "times": 1, "effect": {"type": "respond", "status": 503}}
    assert requests.post(mock["url"] + "/__admin/faults", json=rule, timeout=10).status_code == 201
    assert requests.get(mock["url"] + WEBHOOKS, headers=auth(mock), timeout=10).status_code == 503
    res = requests.get(mock["url"] + WEBHOOKS, headers=auth(mock), timeout=10)
    assert res.json()["count"] == 1  # the webhook created by the previous test is gone


def test_a_read_only_token_may_not_create(mock):
    res = requests.post(mock["url"] + WEBHOOKS, json={"target_url": "https://example.org/x"}, headers=auth(mock, "sandbox-bigevents-readonly"), timeout=10)
    assert res.status_code == 403
    assert res.json() == {"detail": "You do not have permission to perform this action."}

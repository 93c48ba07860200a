"""
The live delivery driver: in a real pretix's database (run through python.sh, beside or instead of
the server), registers webhook 3 of bigevents for every family at a local receiver, then causes
pretix's own log actions through its models' `log_action`: an order placed, paid, changed, a
check-in and its revert, a voucher, a customer, a gift card and a gift card transaction. Celery
runs eagerly, so each delivery is sent inside this process before the next action.

    python.sh <instance-dir> deliveries.py <receiver-url>

Prints one JSON line per log entry: what pretix-mock's `POST /__admin/notify` needs to emit the
same notification (organizer, event, action_type and the object ids), plus pretix's log entry id.
"""
import json
import sys
from datetime import timedelta
from decimal import Decimal

import django

django.setup()

from django.utils.timezone import now  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from pretix.api.models import WebHook, WebHookEventListener  # noqa: E402
from pretix.base.models import (  # noqa: E402
    Customer, Event, GiftCard, Item, LogEntry, Order, OrderPosition, Organizer, Voucher,
)

ACTION_TYPES = [
    "pretix.event.order.placed", "pretix.event.order.paid", "pretix.event.order.changed.*",
    "pretix.event.checkin", "pretix.event.checkin.reverted", "pretix.voucher.added",
    "pretix.customer.created", "pretix.giftcards.created", "pretix.giftcards.transaction.*",
]


def emit(obj, action, data, notify):
    obj.log_action(action, data=data)
    entry = LogEntry.objects.filter(action_type=action).order_by("-pk").first()
    print(json.dumps({"logentry_id": entry.pk, "notify": {"action_type": action, **notify}}), flush=True)


@scopes_disabled()
def main(target_url):
    org = Organizer.objects.get(slug="bigevents")
    event = Event.objects.get(organizer=org, slug="democon")
    hook = WebHook.objects.create(organizer=org, enabled=True, target_url=target_url, all_events=True)
    for a in ACTION_TYPES:
        WebHookEventListener.objects.create(webhook=hook, action_type=a)
    print(json.dumps({"webhook": {"id": hook.pk, "target_url": target_url, "all_events": True,
                                  "limit_events": [], "action_types": ACTION_TYPES}}), flush=True)

    item = Item.objects.create(event=event, name="Ticket", default_price=Decimal("10.00"))
    order = Order.objects.create(
        event=event, email="buyer@example.org", status=Order.STATUS_PENDING, total=Decimal("10.00"),
        expires=now() + timedelta(days=7), locale="en", sales_channel=org.sales_channels.get(identifier="web"),
    )
    position = OrderPosition.objects.create(order=order, item=item, price=Decimal("10.00"), positionid=1)
    ev = {"organizer": org.slug, "event": event.slug}
    emit(order, "pretix.event.order.placed", {}, {**ev, "code": order.code})
    emit(order, "pretix.event.order.paid", {}, {**ev, "code": order.code})
    emit(order, "pretix.event.order.changed.item", {"position": position.pk, "positionid": 1},
         {**ev, "code": order.code})

    clist = event.checkin_lists.create(name="Default")
    checkin = {"position": position.pk, "positionid": 1, "list": clist.pk, "type": "entry", "first": True}
    emit(order, "pretix.event.checkin", checkin,
         {**ev, "code": order.code, "orderposition_id": position.pk, "orderposition_positionid": 1,
          "checkin_list": clist.pk, "type": "entry", "first_checkin": None})
    emit(order, "pretix.event.checkin.reverted", {"position": position.pk, "positionid": 1, "list": clist.pk},
         {**ev, "code": order.code, "orderposition_id": position.pk, "orderposition_positionid": 1,
          "checkin_list": clist.pk, "type": None, "first_checkin": None})

    voucher = Voucher.objects.create(event=event, code="LIVEVOUCHER1")
    emit(voucher, "pretix.voucher.added", {}, {**ev, "voucher": voucher.pk})

    customer = Customer.objects.create(organizer=org, email="customer@example.org", name_parts={"_legacy": "C"})
    emit(customer, "pretix.customer.created", {}, {"organizer": org.slug, "customer": customer.identifier})

    card = GiftCard.objects.create(issuer=org, currency="EUR")
    emit(card, "pretix.giftcards.created", {}, {"organizer": org.slug, "giftcard": card.pk, "issuer_id": org.pk})
    card.transactions.create(value=Decimal("5.00"), acceptor=org)
    emit(card, "pretix.giftcards.transaction.manual", {"value": "5.00", "acceptor_id": org.pk, "acceptor_slug": org.slug},
         {"organizer": org.slug, "giftcard": card.pk, "issuer_id": org.pk, "acceptor_id": org.pk})


main(sys.argv[1])

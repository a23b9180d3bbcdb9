"""One odd record cannot stall the pages that show working-time clocks.

A contact received on 0001-01-01 with deadlines on 9999-12-31 (written straight
to the database, past any form validation) used to make the triage queue and
the contact page walk thousands of years a day at a time. Now each clock is a
handful of single-day checks. The assertions count that work rather than time
it (timing is in ``benchmarks/worktime.py``), and the clock is frozen so
nothing depends on today's date.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from conftest import make_contact
from openmash.contacts.models import Contact, TriageDecision
from openmash.enquiries.models import InformationRequest
from openmash.enquiries.tests.conftest import agency_of, send
from openmash.hubs import worktime
from openmash.hubs.models import CalendarOverride

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)  # a Tuesday
# Midnight on 1 January 0001 in London, as a form would give it (00:01:15 UTC,
# London then being on local mean time). Midnight UTC itself is still year 0 in
# London: worktime copes (test_worktime.py), but the ``london`` template filter
# cannot show it.
DAWN = dt.datetime(1, 1, 1, tzinfo=zoneinfo.ZoneInfo("Europe/London"))
DOOM = dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC)


@pytest.fixture
def day_checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]
    original = worktime._Index.is_working

    def counting(self: worktime._Index, day: int) -> bool:
        calls[0] += 1
        return original(self, day)

    monkeypatch.setattr(worktime._Index, "is_working", counting)
    return calls


def test_contacts_from_year_one_due_in_9999_do_not_stall_the_pages(cast, mash_contact, day_checks) -> None:
    CalendarOverride.objects.create(hub=cast.hub, date=dt.date(2026, 12, 24), is_open=False)
    CalendarOverride.objects.create(hub=cast.hub, date=dt.date(2026, 12, 26), is_open=True)
    with time_machine.travel(NOW, tick=False):
        awaiting = make_contact(cast.social_worker)
        request = send(cast, mash_contact, [agency_of(cast.police)], deadline=NOW + dt.timedelta(hours=4))[0]
        Contact.objects.filter(pk__in=[awaiting.pk, mash_contact.pk]).update(
            received_at=DAWN, referral_decision_due=DOOM
        )
        TriageDecision.objects.filter(contact=mash_contact).update(decision_due=DOOM)
        InformationRequest.objects.filter(pk=request.pk).update(deadline=DOOM)
        social_worker = cast.client_for(cast.social_worker)
        police = cast.client_for(cast.police)
        day_checks[0] = 0

        pages = [
            (social_worker, reverse("contacts:queue")),
            (social_worker, reverse("contacts:detail", args=[awaiting.pk])),
            (social_worker, reverse("contacts:detail", args=[mash_contact.pk])),
            (police, reverse("home")),  # the agency's queue of open requests
            (police, reverse("enquiries:request", args=[request.pk])),
        ]
        for client, url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
        queue = social_worker.get(reverse("contacts:queue")).content.decode()

    # Waited since year one: over two thousand years of working days.
    assert "working days" in queue
    # Six pages, a few clocks each: a day-by-day walk would have made millions of checks.
    assert day_checks[0] < 200


def test_london_filter_shows_the_first_moment_of_the_calendar_without_failing() -> None:
    from openmash.templatetags.govuk import london

    first = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    assert london(first) == "Mon 1 Jan 1, 00:00"
    assert london(dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)) == "Wed 1 Jul 2026, 13:00"

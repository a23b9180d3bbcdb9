"""A double-clicked create form makes one record: the second POST with the same token goes to the first's."""

from __future__ import annotations

import re
import threading
import time
import uuid

import pytest
from django.db import connection, connections
from django.urls import reverse

from openmash.audit.models import AuditEvent, Verb
from openmash.audit.services import audit_record
from openmash.contacts.models import Contact
from openmash.contacts.tests.test_intake_views import contact_post
from openmash.enquiries.models import InformationRequest
from openmash.enquiries.tests.test_pages import ask_post
from openmash.letters.models import Letter
from openmash.meetings.models import Meeting
from openmash.meetings.tests.test_pages import meeting_post
from openmash.submissions.models import Submission
from openmash.submissions.services import TOKEN_FIELD, submit_once

pytestmark = pytest.mark.django_db
TOKEN = re.compile(rf'<input type="hidden" name="{TOKEN_FIELD}" value="([0-9a-f-]{{36}})">')


def token_on(response) -> str:
    match = TOKEN.search(response.content.decode())
    assert match, "the form carries no one-time token"
    return match[1]


def test_a_double_clicked_intake_form_makes_one_draft(cast):
    client = cast.client_for(cast.social_worker)
    token = token_on(client.get(reverse("contacts:new")))
    assert 'data-prevent-double-click="true"' in client.get(reverse("contacts:new")).content.decode()
    first = client.post(reverse("contacts:new"), contact_post(**{TOKEN_FIELD: token}))
    second = client.post(reverse("contacts:new"), contact_post(**{TOKEN_FIELD: token}))
    draft = Contact.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("contacts:people", args=[draft.pk])
    assert AuditEvent.objects.filter(verb=Verb.CREATE, target_type="contact").count() == 1
    assert Submission.objects.get(token=token).object_id == str(draft.pk)


def test_each_page_load_gives_a_new_token_and_makes_its_own_draft(cast):
    client = cast.client_for(cast.social_worker)
    for _ in range(2):
        token = token_on(client.get(reverse("contacts:new")))
        client.post(reverse("contacts:new"), contact_post(**{TOKEN_FIELD: token}))
    assert Contact.objects.count() == 2


def test_a_form_with_errors_keeps_its_token_and_the_corrected_form_makes_the_draft(cast):
    client = cast.client_for(cast.social_worker)
    token = token_on(client.get(reverse("contacts:new")))
    bad = client.post(reverse("contacts:new"), contact_post(concern="", **{TOKEN_FIELD: token}))
    assert bad.status_code == 200 and token_on(bad) == token
    assert not Contact.objects.exists() and not Submission.objects.exists()
    good = client.post(reverse("contacts:new"), contact_post(**{TOKEN_FIELD: token}))
    assert good.status_code == 302 and Contact.objects.count() == 1


def test_another_users_token_is_refused(cast):
    token = str(uuid.uuid4())
    cast.client_for(cast.social_worker).post(reverse("contacts:new"), contact_post(**{TOKEN_FIELD: token}))
    response = cast.client_for(cast.manager).post(reverse("contacts:new"), contact_post(**{TOKEN_FIELD: token}))
    assert response.status_code == 400
    assert Contact.objects.count() == 1


def test_requests_to_partners_are_sent_once(cast, mash_contact):
    client = cast.client_for(cast.social_worker)
    url = reverse("enquiries:ask", args=[mash_contact.pk])
    token = token_on(client.get(url))
    responses = [client.post(url, ask_post(cast, mash_contact, **{TOKEN_FIELD: token})) for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[1]["Location"] == reverse("contacts:detail", args=[mash_contact.pk])
    assert InformationRequest.objects.filter(contact=mash_contact).count() == 2  # police and health, once each


def test_a_meeting_is_planned_once(cast):
    client = cast.client_for(cast.manager)
    token = token_on(client.get(reverse("meetings:new")))
    responses = [client.post(reverse("meetings:new"), meeting_post(cast, **{TOKEN_FIELD: token})) for _ in range(2)]
    meeting = Meeting.objects.get()
    assert [r["Location"] for r in responses] == [reverse("meetings:detail", args=[meeting.pk])] * 2


def test_a_letter_is_started_once(cast, mash_contact):
    client = cast.client_for(cast.social_worker)
    url = reverse("letters:contact", args=[mash_contact.pk])
    token = token_on(client.get(url))
    data = {"template": "concern_received", "recipient": str(mash_contact.people.first().person_id)}
    responses = [client.post(url, data | {TOKEN_FIELD: token}) for _ in range(2)]
    letter = Letter.objects.get()
    assert [r["Location"] for r in responses] == [reverse("letters:letter", args=[letter.pk])] * 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the SQLite test database is in memory with a shared cache, which fails lock conflicts at once",
)
def test_two_posts_at_the_same_moment_make_one_record(django_user_model):
    """The second INSERT of the token waits for the first transaction, then finds what it made."""
    user = django_user_model.objects.create_user(username="double-clicker", password="x" * 16)
    token = uuid.uuid4()
    start = threading.Barrier(2)
    results: list[tuple[object, str]] = []
    failures: list[BaseException] = []

    def create() -> AuditEvent:
        event = audit_record(verb=Verb.CREATE, actor=user)
        time.sleep(0.2)  # the rest of the first request's transaction
        return event

    def post() -> None:
        try:
            start.wait()
            results.append(submit_once(token=token, user=user, create=create))
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    event = AuditEvent.objects.get(verb=Verb.CREATE)
    assert sorted(results, key=lambda r: r[0] is None) == [(event, str(event.pk)), (None, str(event.pk))]

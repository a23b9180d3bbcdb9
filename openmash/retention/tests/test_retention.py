"""Retention: periods per hub, a review that marks and a dry run that says exactly what it would mark,
deletion only on a manager's confirmation, dependants handled, and the audit trail surviving it."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from openmash.audit.models import AuditEvent, Verb
from openmash.audit.queries import audit_chain_verify
from openmash.contacts.models import Contact, ContactStatus
from openmash.enquiries import services as enquiry_services
from openmash.enquiries.models import Contribution, ContributionItem, InformationRequest
from openmash.enquiries.tests.conftest import agency_of, send
from openmash.retention import services
from openmash.retention.models import RetentionMark

pytestmark = pytest.mark.django_db


def _age(contact: Contact, years: int, status: str) -> Contact:
    received = timezone.now() - dt.timedelta(days=365 * years + 10)
    Contact.objects.filter(pk=contact.pk).update(received_at=received, status=status)
    contact.refresh_from_db()
    return contact


@pytest.fixture
def old_case(cast, mash_contact):
    """A seven-year-old NFA contact with a police request, an answer with an item, all audited."""
    request = send(cast, mash_contact, [agency_of(cast.police)])[0]
    police = cast.police
    draft = enquiry_services.contribution_start(membership=police, by=police.user, request=request)
    enquiry_services.contribution_item_add(
        membership=police,
        by=police.user,
        contribution=draft,
        person=mash_contact.people.get().person,
        occurred_on=dt.date(2019, 1, 1),
        summary="Old incident",
        source_system="Niche",
        historic_reason="Pattern of incidents.",
    )
    InformationRequest.objects.filter(pk=request.pk).update(sent_at=timezone.now() - dt.timedelta(days=365 * 7))
    return _age(mash_contact, 7, ContactStatus.CLOSED_NFA)


def test_the_dry_run_reports_exactly_what_the_review_marks(cast, old_case):
    young = _age(__import__("conftest").make_contact(cast.social_worker), 1, ContactStatus.CLOSED_NFA)
    dry = StringIO()
    call_command("retention_review", "--dry-run", stdout=dry)
    assert not RetentionMark.objects.exists()
    real = StringIO()
    call_command("retention_review", stdout=real)
    dry_lines = [line.removeprefix("would mark ") for line in dry.getvalue().splitlines()[:-1]]
    real_lines = [line.removeprefix("marked ") for line in real.getvalue().splitlines()[:-1]]
    assert dry_lines == real_lines and dry_lines
    marked = {(m.model, m.object_id) for m in RetentionMark.objects.all()}
    assert ("contacts.contact", str(old_case.pk)) in marked
    assert ("contacts.contact", str(young.pk)) not in marked
    assert len(marked) == len(real_lines)
    # Nothing was deleted, and a second run marks nothing new.
    assert Contact.objects.filter(pk=old_case.pk).exists()
    again = StringIO()
    call_command("retention_review", "--dry-run", stdout=again)
    assert again.getvalue().strip() == "0 records would be marked"


def test_a_later_contact_about_the_same_child_means_review_not_deletion(cast, old_case):
    child = old_case.people.get().person
    __import__("conftest").make_contact(cast.social_worker, child=child)
    plan = {p.object_id: p for p in services.retention_plan() if p.model == "contacts.contact"}
    assert plan[str(old_case.pk)].status == RetentionMark.Status.DUE_REVIEW


def test_the_hubs_period_decides(cast, old_case):
    services.retention_period_set(
        membership=cast.manager, by=cast.manager.user, record_type="contact_nfa", years=10, reason="Local policy."
    )
    assert str(old_case.pk) not in {p.object_id for p in services.retention_plan() if p.model == "contacts.contact"}
    with pytest.raises(ValidationError):
        services.retention_period_set(
            membership=cast.manager, by=cast.manager.user, record_type="contact_nfa", years=0, reason=""
        )
    assert services.periods_for(cast.hub)["contact_nfa"].years == 10


def test_the_decision_page_is_a_read_and_audited(cast, old_case):
    services.retention_review()
    mark = RetentionMark.objects.get(model="contacts.contact", object_id=str(old_case.pk))
    before = AuditEvent.objects.count()
    assert cast.client_for(cast.manager).get(reverse("retention:decide", args=[mark.pk])).status_code == 200
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.verb, event.actor_id) == (Verb.VIEW, cast.manager.user_id)
    assert (event.target_type, event.target_id) == ("retentionmark", str(mark.pk))


def test_nothing_is_deleted_without_confirmation_and_a_reason(cast, old_case):
    services.retention_review()
    mark = RetentionMark.objects.get(model="contacts.contact", object_id=str(old_case.pk))
    client = cast.client_for(cast.manager)
    response = client.post(reverse("retention:decide", args=[mark.pk]), {"delete": "1", "reason": "Period ended."})
    assert response.status_code == 400
    assert "Confirm that you have checked the record" in response.content.decode()
    assert Contact.objects.filter(pk=old_case.pk).exists()
    mark.refresh_from_db()
    assert mark.is_open


def test_confirmed_deletion_takes_the_case_file_and_the_audit_trail_survives(cast, old_case):
    services.retention_review()
    mark = RetentionMark.objects.get(model="contacts.contact", object_id=str(old_case.pk))
    before = AuditEvent.objects.filter(target_type="contact", target_id=str(old_case.pk)).count()
    assert before > 0
    person = old_case.people.get().person
    response = cast.client_for(cast.manager).post(
        reverse("retention:decide", args=[mark.pk]), {"delete": "1", "confirm": "on", "reason": "Six years passed."}
    )
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=old_case.pk).exists()
    assert not InformationRequest.objects.filter(contact_id=old_case.pk).exists()
    assert not Contribution.objects.exists() and not ContributionItem.objects.exists()
    person.refresh_from_db()  # people stay in the index
    # Every event about the contact is still there, the deletion is recorded, and the chain holds.
    assert AuditEvent.objects.filter(target_type="contact", target_id=str(old_case.pk)).count() == before + 1
    deletion = AuditEvent.objects.get(verb=Verb.DELETE, target_type="retentionmark")
    assert deletion.justification == "Six years passed."
    assert deletion.detail["people"] == [person.pk]
    assert audit_chain_verify().intact
    mark.refresh_from_db()
    assert mark.status == RetentionMark.Status.DELETED and mark.decided_by == cast.manager.user
    # The child's record history still shows who saw the deleted contact.
    history = cast.client_for(cast.manager).get(reverse("audit:person_history", args=[person.pk]))
    assert any(e.verb == Verb.DELETE for e, _ in history.context["events"])


def test_keep_needs_a_reason(cast, old_case):
    services.retention_review()
    mark = RetentionMark.objects.get(model="contacts.contact", object_id=str(old_case.pk))
    client = cast.client_for(cast.manager)
    assert client.post(reverse("retention:decide", args=[mark.pk]), {"keep": "1", "reason": ""}).status_code == 400
    assert (
        client.post(reverse("retention:decide", args=[mark.pk]), {"keep": "1", "reason": "Complaint open."}).status_code
        == 302
    )
    mark.refresh_from_db()
    assert mark.status == RetentionMark.Status.KEPT and Contact.objects.filter(pk=old_case.pk).exists()


@pytest.mark.parametrize("role", ["social_worker", "police", "quality", "admin", "early_help", "outsider"])
def test_only_the_manager_reviews_and_deletes(cast, old_case, role):
    services.retention_review()
    mark = RetentionMark.objects.get(model="contacts.contact", object_id=str(old_case.pk))
    client = cast.client_for(cast.everyone[role])
    assert client.get(reverse("retention:due")).status_code in (403, 404) or role == "outsider"
    response = client.post(
        reverse("retention:decide", args=[mark.pk]), {"delete": "1", "confirm": "on", "reason": "Gone."}
    )
    assert response.status_code in (403, 404)
    assert Contact.objects.filter(pk=old_case.pk).exists()


def test_the_manager_sees_what_is_due_and_sets_periods(cast, old_case):
    services.retention_review()
    client = cast.client_for(cast.manager)
    page = client.get(reverse("retention:due"))
    assert page.status_code == 200 and old_case.reference in page.content.decode()
    bad = client.post(reverse("retention:period", args=["contact_nfa"]), {"years": "0", "reason": ""})
    assert bad.status_code == 400 and "Years must be between 1 and 100" in bad.content.decode()
    ok = client.post(reverse("retention:period", args=["contact_nfa"]), {"years": "8", "reason": "Our policy."})
    assert ok.status_code == 302
    assert cast.client_for(cast.admin).get(reverse("retention:period", args=["meeting"])).status_code == 200
    assert cast.client_for(cast.social_worker).get(reverse("retention:period", args=["meeting"])).status_code == 403


def test_a_request_about_a_contact_that_is_due_goes_with_the_contact(cast, old_case):
    plan = services.retention_plan()
    assert [p.model for p in plan] == ["contacts.contact"]


def test_the_history_of_a_deleted_case_stays_on_the_childs_page(cast, old_case):
    person = old_case.people.get().person
    request = old_case.information_requests.get()
    cast.client_for(cast.police).get(reverse("enquiries:request", args=[request.pk]))
    services.retention_review()
    mark = RetentionMark.objects.get(model="contacts.contact", object_id=str(old_case.pk))
    services.retention_delete(membership=cast.manager, by=cast.manager.user, mark=mark, confirmed=True, reason="Done.")
    history = cast.client_for(cast.manager).get(reverse("audit:person_history", args=[person.pk]))
    events = [e for e, _ in history.context["events"]]
    assert any(e.target_type == "informationrequest" and e.actor_id == cast.police.user_id for e in events)
    assert any(e.target_type == "contact" and e.verb == Verb.DELETE for e in events)


def test_a_kept_record_comes_back_for_review_a_year_after_the_decision(cast, old_case):
    services.retention_review()
    mark = RetentionMark.objects.get(model="contacts.contact", object_id=str(old_case.pk))
    client = cast.client_for(cast.manager)
    client.post(reverse("retention:decide", args=[mark.pk]), {"keep": "1", "reason": "Complaint open."})
    services.retention_review()
    assert RetentionMark.objects.filter(model="contacts.contact", object_id=str(old_case.pk)).count() == 1
    services.retention_review(today=timezone.localdate() + dt.timedelta(days=367))
    marks = RetentionMark.objects.filter(model="contacts.contact", object_id=str(old_case.pk))
    assert marks.count() == 2 and marks.filter(status__in=["due_review", "due_deletion"]).count() == 1

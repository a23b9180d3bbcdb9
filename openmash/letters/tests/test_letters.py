"""Letters: plain-English templates, jargon refused, reading age enforced, late-Friday warning, PDF."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from openmash.audit.history import record_history
from openmash.audit.models import AuditEvent, Verb
from openmash.letters import glossary, readability, services
from openmash.letters.models import Letter
from openmash.letters.templates_text import TEMPLATES

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
FRIDAY_4PM = dt.datetime(2026, 11, 20, 16, 0, tzinfo=LONDON)
TUESDAY_10AM = dt.datetime(2026, 11, 17, 10, 0, tzinfo=LONDON)
# The Friday before the late May bank holiday is a Friday anyway; use the Thursday before Good Friday 2027.
MAUNDY_THURSDAY_4PM = dt.datetime(2027, 3, 25, 16, 0, tzinfo=LONDON)

FILLED = {
    "name": "Mary Smith",
    "children": "Amy",
    "worker": "Sam Jones",
    "hub": "Children's services, Site 1 Borough Council",
    "phone": "01632 960000",
    "out_of_hours": "01632 960001",
    "old_worker": "Sam Jones",
    "new_worker": "Alex Brown",
    "outcome": "We will not do anything more. You do not need to do anything.",
    "next_steps": "Alex will visit you next week.",
}


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_template_reads_at_the_default_target_and_uses_no_jargon(code):
    body = TEMPLATES[code].body
    for key, value in FILLED.items():
        body = body.replace("{" + key + "}", value)
    assert readability.score(body).reading_age <= 12, (code, readability.score(body))
    assert glossary.unexpanded(body, glossary.DEFAULT_GLOSSARY) == []


def test_reading_age_is_the_flesch_kincaid_grade_plus_five():
    easy = readability.score("We got a call. We want to help. Please call me.")
    hard = readability.score(
        "Notwithstanding the multi-agency safeguarding considerations, the determination regarding "
        "intervention necessitates comprehensive interdisciplinary information-sharing arrangements."
    )
    assert easy.reading_age < 8 < 12 < hard.reading_age
    assert hard.reading_age == pytest.approx(hard.grade + 5, abs=0.11)
    assert readability.syllables("safeguarding") == 4 and readability.syllables("the") == 1


def test_jargon_must_be_written_out_before_its_first_use():
    terms = glossary.DEFAULT_GLOSSARY
    assert glossary.unexpanded("The MASH has looked at this.", terms) == [("MASH", terms["MASH"])]
    assert glossary.unexpanded("The Multi-Agency Safeguarding Hub (MASH) has looked at this.", terms) == []
    assert ("S47", terms["S47"]) in glossary.unexpanded("We started an s47 today.", terms)
    assert glossary.unexpanded("Dan went to the shop.", terms) == []


def test_late_friday_and_bank_holiday_eve_warn_but_a_tuesday_morning_does_not(cast):
    assert "Friday" in services.late_warning(cast.hub, FRIDAY_4PM)
    assert "bank holiday" in services.late_warning(cast.hub, MAUNDY_THURSDAY_4PM)
    assert services.late_warning(cast.hub, TUESDAY_10AM) == ""
    assert services.late_warning(cast.hub, FRIDAY_4PM.replace(hour=14)) == ""


def draft(cast, contact, template="concern_received"):
    m = cast.social_worker
    recipient = contact.people.first().person
    return services.letter_draft(membership=m, by=m.user, contact=contact, template=template, recipient=recipient)


def test_a_letter_with_jargon_or_too_hard_is_refused_and_nothing_changes(cast, mash_contact):
    m = cast.social_worker
    letter = draft(cast, mash_contact)
    services.letter_update(
        membership=m,
        by=m.user,
        letter=letter,
        subject="About the MASH",
        body="Dear Mary,\n\nThe MASH has your case. Please call me.",
        difficult_news=False,
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.letter_send(membership=m, by=m.user, letter=letter, method="post")
    assert "Multi-Agency Safeguarding Hub" in " ".join(exc.value.message_dict["body"])
    services.letter_update(
        membership=m,
        by=m.user,
        letter=letter,
        subject="About your family",
        body="Notwithstanding the multi-agency safeguarding considerations, the determination regarding "
        "intervention necessitates comprehensive interdisciplinary information-sharing arrangements.",
        difficult_news=False,
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.letter_send(membership=m, by=m.user, letter=letter, method="post")
    assert "reading age" in " ".join(exc.value.message_dict["body"])
    letter.refresh_from_db()
    assert letter.is_draft and letter.sent_at is None and AuditEvent.objects.count() == before


def test_difficult_news_on_a_friday_at_4pm_needs_a_confirmed_reason(cast, mash_contact, monkeypatch):
    monkeypatch.setattr(services, "clock_now", lambda: FRIDAY_4PM)
    m = cast.social_worker
    letter = draft(cast, mash_contact)
    assert letter.difficult_news
    with pytest.raises(ValidationError) as exc:
        services.letter_send(membership=m, by=m.user, letter=letter, method="post")
    assert "Friday" in " ".join(exc.value.message_dict["late_reason"])
    sent = services.letter_send(
        membership=m,
        by=m.user,
        letter=letter,
        method="hand",
        confirm_late=True,
        late_reason="Delivered in person by the social worker, who will stay with the family.",
    )
    assert sent.status == "sent" and sent.late_send_reason.startswith("Delivered")
    event = AuditEvent.objects.get(verb=Verb.SEND, target_id=str(sent.pk))
    assert event.justification.startswith("Delivered")
    with pytest.raises(ValidationError):
        services.letter_update(membership=m, by=m.user, letter=sent, subject="x", body="y", difficult_news=False)


def test_the_family_is_told_when_their_worker_changes(cast, mash_contact):
    m = cast.social_worker
    recipient = mash_contact.people.first().person
    with pytest.raises(ValidationError):
        services.letter_draft(
            membership=m, by=m.user, contact=mash_contact, template="worker_changed", recipient=recipient
        )
    letter = services.letter_draft(
        membership=m,
        by=m.user,
        contact=mash_contact,
        template="worker_changed",
        recipient=recipient,
        old_worker="Sam Jones",
        new_worker="Alex Brown",
    )
    assert "Alex Brown" in letter.body and "Sam Jones" in letter.body
    services.letter_send(membership=m, by=m.user, letter=letter, method="post")


def test_only_case_roles_write_letters(cast, mash_contact):
    recipient = mash_contact.people.first().person
    for m in (cast.police, cast.quality, cast.admin, cast.outsider):
        with pytest.raises(PermissionDenied):
            services.letter_draft(
                membership=m, by=m.user, contact=mash_contact, template="what_next", recipient=recipient
            )


def test_letter_pages_pdf_and_refusals(cast, mash_contact):
    letter = draft(cast, mash_contact)
    sw = cast.client_for(cast.social_worker)
    page = sw.get(reverse("letters:letter", args=[letter.pk]))
    assert page.status_code == 200 and b"Reading age" in page.content
    pdf = sw.get(reverse("letters:pdf", args=[letter.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert sw.get(reverse("letters:print", args=[letter.pk])).status_code == 200
    for role, status in (("police", 403), ("admin", 403), ("outsider", 404), ("quality", 200)):
        client = cast.client_for(cast.everyone[role])
        assert client.get(reverse("letters:letter", args=[letter.pk])).status_code == status, role
    quality = cast.client_for(cast.quality)
    assert quality.post(reverse("letters:send", args=[letter.pk]), {"method": "post"}).status_code == 403
    letter.refresh_from_db()
    assert letter.is_draft


def test_glossary_is_hub_editable_by_managers_only(cast):
    url = reverse("letters:glossary")
    manager = cast.client_for(cast.manager)
    assert manager.post(url, {"term": "PLO", "expansion": "Public Law Outline"}).status_code == 302
    assert services.glossary_for(cast.hub)["PLO"] == "Public Law Outline"
    sw = cast.client_for(cast.social_worker)
    assert sw.get(url).status_code == 200
    assert sw.post(url, {"term": "XX", "expansion": "y"}).status_code == 403
    bad = manager.post(url, {"term": "", "expansion": ""})
    assert bad.status_code == 400 and b"Enter the short form" in bad.content
    assert cast.client_for(cast.police).get(url).status_code == 403
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    ("name", "purpose"),
    [("letters:letter", "letter page"), ("letters:print", "letter print"), ("letters:pdf", "letter pdf")],
)
def test_reading_printing_or_downloading_a_letter_is_audited_against_that_letter(cast, mash_contact, name, purpose):
    letter = draft(cast, mash_contact)
    before = AuditEvent.objects.count()
    response = cast.client_for(cast.quality).get(reverse(name, args=[letter.pk]))
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before + 1  # one event per read
    event = AuditEvent.objects.latest("id")
    assert (event.verb, event.actor_id) == (Verb.VIEW, cast.quality.user_id)
    assert (event.target_type, event.target_id) == ("letter", str(letter.pk))
    assert event.detail == {"purpose": purpose, "contact": mash_contact.pk}
    # ... and the manager's "Who has seen this child's record?" lists it.
    assert record_history(person=letter.recipient).filter(pk=event.pk).exists()


def test_a_refused_letter_read_is_audited_as_a_refusal(cast, mash_contact):
    letter = draft(cast, mash_contact)
    before = AuditEvent.objects.count()
    url = reverse("letters:print", args=[letter.pk])
    assert cast.client_for(cast.police).get(url).status_code == 403
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("id")
    assert (event.verb, event.actor_id, event.detail["path"]) == (Verb.REFUSED, cast.police.user_id, url)

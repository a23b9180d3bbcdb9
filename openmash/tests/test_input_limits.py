"""Free-text limits (openmash/limits.py): stated on the page as GOV.UK's character count, refused
by the form and by the service, and PDFs refused past the size that renders in a few seconds."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import make_contact
from openmash.contacts.models import Contact
from openmash.inputs import BIGINT_MAX, parse_id, return_address
from openmash.letters import services as letter_services
from openmash.letters.pdf import TooLargeForPdf, check_pdf_size, html_to_pdf
from openmash.limits import CONCERN_MAX, LETTER_BODY_MAX, PDF_MAX_CHARACTERS, PDF_MAX_ROWS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        (str(BIGINT_MAX), BIGINT_MAX),
        (str(BIGINT_MAX + 1), None),
        ("99999999999999999999", None),
        ("9" * 5000, None),
        ("0", None),
        ("-3", None),
        ("²", None),  # str.isdigit() says yes; int() says no
        ("1\x00", None),
        ("", None),
        (None, None),
        (True, None),
        (7, 7),
    ],
)
def test_parse_id_takes_only_whole_numbers_a_bigint_holds(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/contacts/4/", "/contacts/4/"),
        ("https://testserver/contacts/", "https://testserver/contacts/"),
        ("home", None),  # redirect() would look for a view called that
        ("a\x00b", None),
        ("/x\r\nSet-Cookie: a=b", None),
        ("", None),
        (None, None),
    ],
)
def test_return_address_takes_only_addresses(url, expected):
    assert return_address(url) == expected


def test_a_textarea_with_a_limit_is_a_character_count(cast):
    page = cast.client_for(cast.social_worker).get(reverse("contacts:new")).content.decode()
    assert 'data-module="govuk-character-count" data-maxlength="10000"' in page
    assert 'class="govuk-textarea govuk-js-character-count' in page
    assert 'aria-describedby="id_concern-info' in page
    assert '<div id="id_concern-info" class="govuk-hint govuk-character-count__message">' in page
    assert "You can enter up to 10,000 characters" in page
    assert "<script>" not in page and " style=" not in page  # still CSP-clean


def test_too_long_a_concern_is_refused_by_the_form_and_by_the_service(cast):
    client = cast.client_for(cast.social_worker)
    response = client.post(reverse("contacts:new"), {"concern": "x" * (CONCERN_MAX + 1)})
    assert response.status_code in (200, 400)
    assert "The concern must be 10,000 characters or less" in response.content.decode()
    assert not Contact.objects.exists()
    with pytest.raises(ValidationError) as refused:
        make_contact(cast.social_worker, concern="x" * (CONCERN_MAX + 1))
    assert refused.value.message_dict == {"concern": ["Concern must be 10,000 characters or less"]}
    assert not Contact.objects.exists()


def test_a_letter_body_past_its_limit_is_refused_by_the_service(cast, mash_contact):
    m = cast.social_worker
    letter = letter_services.letter_draft(
        membership=m,
        by=m.user,
        contact=mash_contact,
        template="concern_received",
        recipient=mash_contact.people.first().person,
    )
    with pytest.raises(ValidationError, match="10,000 characters or less"):
        letter_services.letter_update(
            membership=m,
            by=m.user,
            letter=letter,
            subject="Hello",
            body="x" * (LETTER_BODY_MAX + 1),
            difficult_news=False,
        )


def test_the_largest_allowed_letter_renders_as_a_pdf_in_a_few_seconds(cast, mash_contact):
    m = cast.social_worker
    letter = letter_services.letter_draft(
        membership=m,
        by=m.user,
        contact=mash_contact,
        template="concern_received",
        recipient=mash_contact.people.first().person,
    )
    sentence = "We will visit you next week to talk about how school is going. "
    body = "\n\n".join([sentence * 8] * 40)[:LETTER_BODY_MAX]
    letter_services.letter_update(
        membership=m, by=m.user, letter=letter, subject="Hello", body=body, difficult_news=False
    )
    client = cast.client_for(m)
    client.get(reverse("letters:pdf", args=[letter.pk]))  # loading pango and the fonts is not the letter's time
    started = time.monotonic()
    response = client.get(reverse("letters:pdf", args=[letter.pk]))
    seconds = time.monotonic() - started
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    print(f"largest allowed letter ({len(body):,} characters): {seconds:.2f} s")  # noqa: T201
    assert seconds < 10


def test_a_pdf_past_the_caps_is_refused_before_rendering():
    check_pdf_size("<p>" + "x" * PDF_MAX_CHARACTERS + "</p>")
    with pytest.raises(TooLargeForPdf):
        check_pdf_size("<p>" + "x" * (PDF_MAX_CHARACTERS + 1) + "</p>")
    with pytest.raises(TooLargeForPdf):
        html_to_pdf("<table>" + "<tr><td>1</td></tr>" * (PDF_MAX_ROWS + 1) + "</table>")


def test_a_subject_access_pdf_too_large_says_so_and_points_to_the_copy_on_screen(cast, monkeypatch):
    from openmash.consent import services as consent_services
    from openmash.letters import pdf

    person = make_contact(cast.social_worker).people.get().person
    m = cast.manager
    from django.utils import timezone

    sar = consent_services.subject_access_create(
        membership=m, by=m.user, person=person, received_on=timezone.localdate()
    )
    monkeypatch.setattr(pdf, "PDF_MAX_CHARACTERS", 10)
    response = cast.client_for(m).get(reverse("consent:sar_export", args=[sar.pk, "pdf"]))
    assert response.status_code == 422
    page = response.content.decode()
    assert "This is too long to make into a PDF" in page
    assert reverse("consent:sar_export", args=[sar.pk, "view"]) in page

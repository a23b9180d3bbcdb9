"""Letters: draft from a template, edit, check, send. Each change audited in its own transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from openmash.accounts import rules
from openmash.accounts.models import Membership, User
from openmash.audit.models import Verb
from openmash.audit.services import audit_record
from openmash.contacts.models import Contact, ContactPerson
from openmash.hubs.models import Hub
from openmash.letters import glossary, readability
from openmash.letters.models import GlossaryTerm, Letter, LetterSettings, LetterTemplateCode, SendMethod
from openmash.letters.templates_text import TEMPLATES
from openmash.limits import LETTER_BODY_MAX, check_text_lengths
from openmash.people.models import Person, PersonKind


def clock_now() -> dt.datetime:
    """The time letters are checked against; a seam so tests can send "on a Friday at 4pm"."""
    return timezone.now()


def settings_for(hub: Hub) -> LetterSettings:
    return LetterSettings.objects.filter(hub=hub).first() or LetterSettings(hub=hub)


def glossary_for(hub: Hub) -> dict[str, str]:
    """The built-in glossary with the hub's own terms added (a hub's wording wins)."""
    terms = dict(glossary.DEFAULT_GLOSSARY)
    terms.update({t.term: t.expansion for t in GlossaryTerm.objects.filter(hub=hub)})
    return terms


def late_warning(hub: Hub, at: dt.datetime) -> str:
    """Why sending difficult news now is a bad time, or "" if it is not.

    After the hub's cut-off (default 3pm) on a Friday, or on the day before a bank
    holiday or a day the hub is closed: the family may have no one to call until the
    hub opens again.
    """
    cal = hub.calendar()
    local = timezone.localtime(at, cal.tz)
    if local.time() < settings_for(hub).late_warning_from:
        return ""
    cutoff = settings_for(hub).late_warning_from.strftime("%-I%p").lower()
    if local.weekday() == 4:
        return (
            f"It is after {cutoff} on a Friday. If this letter is upsetting, the family may have no one to "
            "talk to until Monday."
        )
    tomorrow = local.date() + dt.timedelta(days=1)
    if tomorrow.weekday() in cal.working_weekdays and not cal.is_working_day(tomorrow):
        return (
            f"It is after {cutoff} and tomorrow is a bank holiday or the hub is closed. If this letter is "
            "upsetting, the family may have no one to talk to until the hub opens again."
        )
    return ""


@dataclass(frozen=True)
class Check:
    """What stands between a draft and sending it."""

    score: readability.Score
    max_reading_age: int
    jargon: list[tuple[str, str]]
    late: str

    @property
    def too_hard(self) -> bool:
        return self.score.reading_age > self.max_reading_age

    @property
    def problems(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        for term, expansion in self.jargon:
            errors.setdefault("body", []).append(
                f"Write out \u2018{term}\u2019 in full the first time you use it: \u2018{expansion}\u2019"
            )
        if self.too_hard:
            errors.setdefault("body", []).append(
                f"The reading age is {self.score.reading_age:g}; the hub's target is {self.max_reading_age} or "
                "under. Use shorter sentences and everyday words"
            )
        return errors


def letter_check(letter: Letter, at: dt.datetime | None = None) -> Check:
    hub = letter.contact.hub
    return Check(
        score=readability.score(letter.body),
        max_reading_age=settings_for(hub).max_reading_age,
        jargon=glossary.unexpanded(f"{letter.subject}\n{letter.body}", glossary_for(hub)),
        late=late_warning(hub, at or clock_now()) if letter.difficult_news else "",
    )


def _fill(template: str, values: dict[str, str]) -> str:
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return out


def _check_case(membership: Membership, contact: Contact) -> None:
    if not rules.allowed("request_information", membership) or contact.hub_id != membership.hub_id:
        raise PermissionDenied


@transaction.atomic
def letter_draft(
    *,
    membership: Membership,
    by: User,
    contact: Contact,
    template: str,
    recipient: Person,
    old_worker: str = "",
    new_worker: str = "",
    outcome: str = "",
    next_steps: str = "",
) -> Letter:
    """Start a letter to a parent, carer or young person in the case from one of the hub's templates."""
    _check_case(membership, contact)
    errors: dict[str, str] = {}
    if template not in LetterTemplateCode.values:
        errors["template"] = "Select a kind of letter"
    if not ContactPerson.objects.filter(contact=contact, person=recipient).exists():
        errors["recipient"] = "Select someone named in this contact"
    if template == LetterTemplateCode.WORKER_CHANGED and not (old_worker.strip() and new_worker.strip()):
        errors["new_worker"] = "Enter the names of the old and the new worker"
    if errors:
        raise ValidationError(errors)
    settings = settings_for(contact.hub)
    children = [
        link.person.given_names or link.person.display_name
        for link in contact.people.select_related("person")
        if link.person.kind == PersonKind.CHILD
    ]
    values = {
        "name": recipient.display_name,
        "children": " and ".join(children) if len(children) <= 2 else ", ".join(children[:-1]) + " and " + children[-1],
        "worker": by.get_full_name() or by.username,
        "hub": f"Children's services, {contact.hub.local_authority}",
        "phone": settings.phone,
        "out_of_hours": settings.out_of_hours_phone,
        "old_worker": old_worker.strip(),
        "new_worker": new_worker.strip(),
        "outcome": outcome.strip() or "[Say what was decided, in a few short sentences.]",
        "next_steps": next_steps.strip() or "[Say what will happen, who will do it, and when.]",
    }
    text = TEMPLATES[template]
    letter = Letter(
        hub=contact.hub,
        contact=contact,
        recipient=recipient,
        template=template,
        subject=_fill(text.subject, values),
        body=_fill(text.body, values),
        difficult_news=text.difficult_news,
        created_by=by,
        created_at=timezone.now(),
    )
    letter.full_clean()
    letter.save()
    audit_record(
        verb=Verb.CREATE,
        actor=by,
        membership=membership,
        target=letter,
        detail={"contact": contact.pk, "template": template, "recipient": recipient.pk},
    )
    return letter


def _lock_draft(membership: Membership, letter: Letter) -> Letter:
    locked = Letter.objects.select_for_update().select_related("contact__hub").get(pk=letter.pk)
    _check_case(membership, locked.contact)
    if not locked.is_draft:
        raise ValidationError("This letter has been sent and is kept as it was sent")
    return locked


@transaction.atomic
def letter_update(
    *, membership: Membership, by: User, letter: Letter, subject: str, body: str, difficult_news: bool
) -> Letter:
    letter = _lock_draft(membership, letter)
    check_text_lengths({"body": (body, LETTER_BODY_MAX)})
    errors: dict[str, str] = {}
    if not subject.strip():
        errors["subject"] = "Enter a subject"
    if not body.strip():
        errors["body"] = "Enter the letter"
    if "[" in body and "]" in body:
        errors["body"] = "Replace the words in square brackets with what you want to say"
    if errors:
        raise ValidationError(errors)
    letter.subject, letter.body, letter.difficult_news = subject.strip(), body.strip(), difficult_news
    letter.save(update_fields=["subject", "body", "difficult_news"])
    audit_record(verb=Verb.UPDATE, actor=by, membership=membership, target=letter, detail={"edited": True})
    return letter


@transaction.atomic
def letter_send(
    *,
    membership: Membership,
    by: User,
    letter: Letter,
    method: str,
    confirm_late: bool = False,
    late_reason: str = "",
) -> Letter:
    """Send a draft: refused if it uses unexplained jargon or reads above the hub's target.

    Difficult news late on a Friday or before a bank holiday is sent only when the
    sender confirms, with a reason that is kept with the letter.
    """
    letter = _lock_draft(membership, letter)
    now = clock_now()
    check = letter_check(letter, now)
    errors = check.problems
    if "[" in letter.body and "]" in letter.body:
        errors.setdefault("body", []).append("Replace the words in square brackets with what you want to say")
    if method not in SendMethod.values:
        errors["method"] = ["Select how the letter is sent"]
    if check.late and not (confirm_late and late_reason.strip()):
        errors["late_reason"] = [f"{check.late} Confirm and enter why it cannot wait, or send it another day"]
    if errors:
        raise ValidationError(errors)
    letter.status, letter.sent_by, letter.sent_at, letter.method = Letter.Status.SENT, by, now, method
    letter.reading_age = Decimal(str(check.score.reading_age))
    letter.late_send_reason = late_reason.strip() if check.late else ""
    letter.full_clean()
    letter.save(update_fields=["status", "sent_by", "sent_at", "method", "reading_age", "late_send_reason"])
    audit_record(
        verb=Verb.SEND,
        actor=by,
        membership=membership,
        target=letter,
        detail={
            "contact": letter.contact_id,
            "recipient": letter.recipient_id,
            "template": letter.template,
            "reading_age": float(letter.reading_age),
            "late_warning": bool(check.late),
        },
        justification=letter.late_send_reason,
    )
    return letter


@transaction.atomic
def glossary_term_save(*, membership: Membership, by: User, term: str, expansion: str) -> GlossaryTerm:
    if not rules.allowed("configure_hub", membership):
        raise PermissionDenied
    term, expansion = term.strip(), expansion.strip()
    errors: dict[str, str] = {}
    if not term or " " in term:
        errors["term"] = "Enter the short form, as one word (for example MASH)"
    if not expansion:
        errors["expansion"] = "Enter what it means, in words a family would use"
    if errors:
        raise ValidationError(errors)
    row, _ = GlossaryTerm.objects.update_or_create(hub=membership.hub, term=term, defaults={"expansion": expansion})
    audit_record(
        verb=Verb.CONFIGURE, actor=by, membership=membership, target=row, detail={"term": term, "expansion": expansion}
    )
    return row


@transaction.atomic
def letter_settings_update(
    *,
    membership: Membership,
    by: User,
    max_reading_age: int,
    late_warning_from: dt.time,
    phone: str,
    out_of_hours_phone: str,
) -> LetterSettings:
    if not rules.allowed("configure_hub", membership):
        raise PermissionDenied
    if not 7 <= max_reading_age <= 18:
        raise ValidationError({"max_reading_age": "Enter a reading age between 7 and 18"})
    row, _ = LetterSettings.objects.select_for_update().get_or_create(hub=membership.hub)
    row.max_reading_age, row.late_warning_from = max_reading_age, late_warning_from
    row.phone, row.out_of_hours_phone = phone.strip(), out_of_hours_phone.strip()
    row.full_clean()
    row.save(update_fields=["max_reading_age", "late_warning_from", "phone", "out_of_hours_phone"])
    audit_record(
        verb=Verb.CONFIGURE,
        actor=by,
        membership=membership,
        target=row,
        detail={"max_reading_age": max_reading_age, "late_warning_from": late_warning_from.isoformat()},
    )
    return row

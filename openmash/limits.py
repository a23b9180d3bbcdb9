"""How much text each kind of box takes, and how much a PDF may hold: one place, named.

Why these numbers. A box without a limit takes a megabyte pasted by mistake (or sent on
purpose), stores it, shows it on every page that reads the record and feeds it to the PDF
renderer. The limits are generous for what each box is for, so nobody writing a real
record meets them, and small enough that every page and PDF stays quick:

- A short reason (why a record is kept, why a glass was broken, grounds for a challenge,
  notes): a few sentences, rarely a paragraph. 2,000 characters is about 300 words.
- A rationale or a question (why a contact was triaged or decided as it was, what an agency
  is asked, what was said at a meeting, what an item of information records): a few
  paragraphs. 5,000 characters is about 800 words, a page and a half.
- A concern (the referrer's words, as told) and a letter's body: the longest telling a
  contact records, and a letter a family can read. 10,000 characters is about 1,600 words,
  three to four pages; a letter past that fails the reading-age check anyway.
- An agency's analysis, and a threshold document's list of indicators: the longest pieces
  of writing the service holds. 20,000 characters is about 3,200 words, six or seven pages.

Each form field states its limit on the page (GOV.UK's character count) and refuses more;
services that take text check the same limit, so a caller that is not a form is refused too.
"""

from __future__ import annotations

SHORT_REASON_MAX = 2_000
RATIONALE_MAX = 5_000
CONCERN_MAX = 10_000
LETTER_BODY_MAX = 10_000
ANALYSIS_MAX = 20_000
THRESHOLD_INDICATORS_MAX = 20_000

# Signing in: the user model's username column, and a password far longer than any passphrase
# (hashing cost grows with length; nobody types 4,096 characters).
USERNAME_MAX_LENGTH = 150
PASSWORD_MAX_LENGTH = 4_096

# PDFs (WeasyPrint). A letter is bounded by LETTER_BODY_MAX; a subject access response holds
# everything about a person and is not. Measured on the 2-core test machine under load:
# 10,000 characters of paragraphs 0.6 s, 100,000 characters 4.5 s; 200 table rows 5 s,
# 500 rows 17 s. Past these caps the page says to use the on-screen copy (which prints)
# instead of making a PDF that would take minutes: see openmash/letters/pdf.py.
PDF_MAX_CHARACTERS = 100_000
PDF_MAX_ROWS = 250


def too_long_message(noun: str, limit: int) -> str:
    """GOV.UK's character count error: "Reason must be 2,000 characters or less"."""
    return f"{noun} must be {limit:,} characters or less"


def check_text_lengths(limits: dict[str, tuple[str | None, int]]) -> None:
    """For services: refuse text past its limit, as the form would, so a caller that is not a
    form (a script, a test, a future API) cannot store a megabyte either.

    `limits` maps a field name to (its text, its limit). Raises ValidationError naming each field.
    """
    from django.core.exceptions import ValidationError

    errors = {
        name: too_long_message(name.replace("_", " ").capitalize(), limit)
        for name, (text, limit) in limits.items()
        if text is not None and len(text) > limit
    }
    if errors:
        raise ValidationError(errors)

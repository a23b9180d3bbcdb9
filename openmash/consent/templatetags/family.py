"""Prompts on the front-door pages: who in the family is not yet identified, contacted or asked."""

from __future__ import annotations

from typing import Any

from django import template

from openmash.accounts import rules
from openmash.consent.queries import family_adults
from openmash.contacts.models import Contact

register = template.Library()


@register.inclusion_tag("consent/_family_gaps.html")
def family_gaps(contact: Contact) -> dict[str, Any]:
    """Both parents and every household adult: the intake and triage prompt."""
    rows = [row for row in family_adults(contact) if row.gaps]
    return {"rows": rows, "contact": contact}


@register.inclusion_tag("consent/_family_links.html", takes_context=True)
def family_links(context: template.Context, contact: Contact) -> dict[str, Any]:
    m = context.get("membership")
    return {"contact": contact, "show": rules.allowed("see_family_side", m) and not contact.is_draft}

"""Reads of decisions, challenges and step-ups for a contact's pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from openmash.accounts.models import Membership
from openmash.contacts.models import Contact
from openmash.decisions.models import Challenge, Decision, StepUp


@dataclass(frozen=True)
class DecisionsView:
    decisions: list[Decision]
    challenges: list[Challenge]
    step_ups: list[StepUp]


def decisions_for_contact(*, contact: Contact) -> DecisionsView:
    """Everything decided about a contact, newest first, superseded entries included as they were."""
    return DecisionsView(
        decisions=list(
            Decision.objects.filter(contact=contact).select_related(
                "person", "level", "decided_by", "threshold_document"
            )
        ),
        challenges=list(
            Challenge.objects.filter(decision__contact=contact).select_related(
                "agency", "raised_by", "resolved_by", "decision__person"
            )
        ),
        step_ups=list(StepUp.objects.filter(contact=contact).select_related("raised_by", "responded_by")),
    )


def decision_in_hub(*, membership: Membership, pk: int) -> Decision:
    try:
        return Decision.objects.select_related("contact__hub", "person").get(pk=pk, contact__hub=membership.hub)
    except Decision.DoesNotExist:
        raise Http404("No such decision") from None


def challenge_in_hub(*, membership: Membership, pk: int) -> Challenge:
    try:
        return Challenge.objects.select_related("decision__contact").get(pk=pk, decision__contact__hub=membership.hub)
    except Challenge.DoesNotExist:
        raise Http404("No such challenge") from None


def step_up_in_hub(*, membership: Membership, pk: int) -> StepUp:
    try:
        return StepUp.objects.select_related("contact").get(pk=pk, contact__hub=membership.hub)
    except StepUp.DoesNotExist:
        raise Http404("No such step-up") from None

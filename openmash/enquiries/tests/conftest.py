"""Shared fixtures for the enquiry: a contact routed through the MASH, and a way to ask agencies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from openmash.accounts.models import Agency, Membership
from openmash.consent.services import ShareBasis
from openmash.enquiries import services
from openmash.enquiries.models import InformationRequest


def agency_of(membership: Membership) -> Agency:
    agency = membership.user.agency
    assert agency is not None
    return agency


def statutory_share(**overrides: Any) -> ShareBasis:
    """Sharing without consent where there is reasonable cause to suspect significant harm."""
    fields: dict[str, Any] = dict(
        article6="6_1_e",
        schedule1="para_18",
        consent_position="not_sought",
        consent_reason="prejudice",
        significant_harm=True,
        significant_harm_reason="Reasonable cause to suspect significant harm; consent would prejudice enquiries.",
        purpose="To understand the risk to the child.",
        categories=("identity", "criminal", "health"),
    )
    fields.update(overrides)
    return ShareBasis(**fields)


def send(cast: Any, contact: Any, agencies: list[Agency], **overrides: Any) -> list[InformationRequest]:
    kwargs: dict[str, Any] = dict(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=contact,
        agencies=agencies,
        people=[link.person for link in contact.people.all()],
        question="What do you know about the family?",
        deadline=services.request_default_deadline(contact) or timezone.now() + dt.timedelta(hours=4),
        share=statutory_share(),
    )
    kwargs.update(overrides)
    return services.requests_send(**kwargs)


@pytest.fixture
def police_request(cast, mash_contact):
    return send(cast, mash_contact, [agency_of(cast.police)])[0]

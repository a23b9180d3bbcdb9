"""Shared fixtures for the enquiry: a contact routed through the MASH, and a way to ask agencies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from openmash.accounts.models import Agency, Membership
from openmash.enquiries import services
from openmash.enquiries.models import InformationRequest


def agency_of(membership: Membership) -> Agency:
    agency = membership.user.agency
    assert agency is not None
    return agency


def send(cast: Any, contact: Any, agencies: list[Agency], **overrides: Any) -> list[InformationRequest]:
    kwargs: dict[str, Any] = dict(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=contact,
        agencies=agencies,
        people=[link.person for link in contact.people.all()],
        question="What do you know about the family?",
        deadline=services.request_default_deadline(contact) or timezone.now() + dt.timedelta(hours=4),
        legal_basis="statutory",
        legal_basis_detail="Reasonable cause to suspect significant harm; consent would prejudice enquiries.",
    )
    kwargs.update(overrides)
    return services.requests_send(**kwargs)


@pytest.fixture
def police_request(cast, mash_contact):
    return send(cast, mash_contact, [agency_of(cast.police)])[0]

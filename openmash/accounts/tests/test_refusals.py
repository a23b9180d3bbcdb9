"""Every view refuses whoever may not use it: signed out, wrong role, wrong hub.

The expected answer for each role and page is written out in full, so a change
to who may see what shows up here as a deliberate edit.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from openmash.audit.models import AuditEvent, Verb
from openmash.contacts.models import ContactStatus
from openmash.contacts.services import contact_triage
from openmash.hubs.models import Route

pytestmark = pytest.mark.django_db

ROLES = ["manager", "social_worker", "police", "health", "early_help", "quality", "admin", "outsider"]
# Expected status per role for a GET of each page about a contact awaiting triage in the cast's hub.
# 404: another hub's record is not found. 403: found, but this role may not see it.
UNTRIAGED_CONTACT_PAGES = {
    "contacts:detail": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=200, admin=403, outsider=404
    ),
    "contacts:triage": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=403, admin=403, outsider=404
    ),
}
HUB_PAGES = {
    "contacts:queue": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=200, admin=403, outsider=200
    ),
    "contacts:new": dict(
        manager=200, social_worker=200, police=403, health=403, early_help=403, quality=403, admin=403, outsider=200
    ),
    "hubs:settings": dict(
        manager=200, social_worker=403, police=403, health=403, early_help=403, quality=403, admin=200, outsider=403
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(UNTRIAGED_CONTACT_PAGES))
def test_pages_about_an_untriaged_contact(cast, contact, name, role):
    response = cast.client_for(cast.everyone[role]).get(reverse(name, args=[contact.pk]))
    assert response.status_code == UNTRIAGED_CONTACT_PAGES[name][role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(HUB_PAGES))
def test_hub_pages(cast, name, role):
    response = cast.client_for(cast.everyone[role]).get(reverse(name))
    assert response.status_code == HUB_PAGES[name][role]


def test_partner_cannot_open_an_untriaged_contact_and_the_refusal_is_audited(cast, contact):
    response = cast.client_for(cast.police).get(reverse("contacts:detail", args=[contact.pk]))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(verb=Verb.REFUSED, actor=cast.police.user, target_id=str(contact.pk)).exists()


def test_early_help_sees_a_contact_only_once_routed_to_early_help(cast, contact):
    client = cast.client_for(cast.early_help)
    assert client.get(reverse("contacts:detail", args=[contact.pk])).status_code == 403
    green = cast.hub.current_levels().get(code="green")
    contact_triage(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=contact,
        level=green,
        route=Route.EARLY_HELP,
        rationale="Needs can be met by Early Help.",
    )
    assert client.get(reverse("contacts:detail", args=[contact.pk])).status_code == 200


def test_partner_still_cannot_see_a_triaged_contact_their_agency_was_not_asked_about(cast, contact):
    red = cast.hub.current_levels().get(code="red")
    contact_triage(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=contact,
        level=red,
        route=Route.MASH,
        rationale="Possible significant harm.",
    )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.IN_MASH
    assert cast.client_for(cast.police).get(reverse("contacts:detail", args=[contact.pk])).status_code == 403


def test_user_of_another_hub_gets_404_for_every_record_of_this_hub(cast, contact):
    client = cast.client_for(cast.outsider)
    link = contact.people.get()
    level = cast.hub.current_levels().first()
    partner = cast.hub.partners.first()
    for url in [
        reverse("contacts:detail", args=[contact.pk]),
        reverse("contacts:triage", args=[contact.pk]),
        reverse("contacts:people", args=[contact.pk]),
        reverse("contacts:add_person", args=[contact.pk]),
        reverse("contacts:match", args=[contact.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("contacts:submit", args=[contact.pk]),
        reverse("contacts:remove_person", args=[contact.pk, link.pk]),
        reverse("contacts:triage", args=[contact.pk]),
    ]:
        assert client.post(url, {"level": level.pk, "route": "mash", "rationale": "x"}).status_code == 404, url
    manager_elsewhere = cast.client_for(cast.manager)
    assert manager_elsewhere.get(reverse("hubs:level_edit", args=[level.pk])).status_code == 200
    other_level = cast.other_hub.current_levels().first()
    assert manager_elsewhere.get(reverse("hubs:level_edit", args=[other_level.pk])).status_code == 404
    other_partner = cast.other_hub.partners.first()
    assert manager_elsewhere.post(reverse("hubs:partner_toggle", args=[other_partner.pk])).status_code == 404
    assert partner is not None


def test_administrator_cannot_read_a_case(cast, contact):
    client = cast.client_for(cast.admin)
    assert client.get(reverse("contacts:detail", args=[contact.pk])).status_code == 403
    assert client.get(reverse("contacts:queue")).status_code == 403
    assert client.get(reverse("contacts:triage", args=[contact.pk])).status_code == 403


def test_draft_is_seen_only_by_its_author(cast):
    from conftest import make_contact

    draft = make_contact(cast.social_worker, submit=False)
    assert cast.client_for(cast.social_worker).get(reverse("contacts:people", args=[draft.pk])).status_code == 200
    assert cast.client_for(cast.manager).get(reverse("contacts:people", args=[draft.pk])).status_code == 403
    assert cast.client_for(cast.quality).get(reverse("contacts:detail", args=[draft.pk])).status_code == 403


def test_anonymous_referrer_is_hidden_from_all_but_social_workers_and_managers(cast):
    from conftest import make_contact

    contact = make_contact(
        cast.social_worker,
        referrer_wants_anonymity=True,
        referrer_name="Nosy Neighbour",
        referrer_type="public",
        referral_source="1B",
        referrer_agency="",
    )
    for role, sees in [("social_worker", True), ("manager", True), ("quality", False)]:
        body = cast.client_for(cast.everyone[role]).get(reverse("contacts:detail", args=[contact.pk])).content.decode()
        assert ("Nosy Neighbour" in body) is sees, role
    green = cast.hub.current_levels().get(code="green")
    contact_triage(
        membership=cast.social_worker,
        by=cast.social_worker.user,
        contact=contact,
        level=green,
        route=Route.EARLY_HELP,
        rationale="Early Help.",
    )
    body = cast.client_for(cast.early_help).get(reverse("contacts:detail", args=[contact.pk])).content.decode()
    assert "Nosy Neighbour" not in body and "Identity withheld" in body


def test_deactivated_membership_stops_working_on_the_next_request(cast, contact):
    client = cast.client_for(cast.social_worker)
    assert client.get(reverse("contacts:detail", args=[contact.pk])).status_code == 200
    cast.social_worker.is_active = False
    cast.social_worker.save()
    assert client.get(reverse("contacts:detail", args=[contact.pk])).status_code in (302, 403)


ALLOW_SIGNED_OUT = {"login", "health"}


def all_url_names():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{p.namespace}:" if p.namespace else prefix
                yield from walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{prefix}{p.name}", p

    return list(walk(get_resolver().url_patterns))


@pytest.mark.parametrize(("name", "pattern"), all_url_names(), ids=[n for n, _ in all_url_names()])
def test_every_route_sends_signed_out_visitors_to_sign_in(client, name, pattern):
    if name in ALLOW_SIGNED_OUT:
        pytest.skip("allowed signed out")
    samples = {"action": "withdraw"}
    kwargs = {k: samples.get(k, 1) for k in pattern.pattern.regex.groupindex}
    url = reverse(name, kwargs=kwargs)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code in (302, 401, 403, 405), (name, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login")), name


def test_health_answers_signed_out(client):
    response = client.get("/health/")
    assert response.status_code == 200 and response.json()["database"] == "ok"


def test_pages_with_case_data_are_not_cached(cast, contact):
    response = cast.client_for(cast.social_worker).get(reverse("contacts:detail", args=[contact.pk]))
    assert response["Cache-Control"] == "no-store"

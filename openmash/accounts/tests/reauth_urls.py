"""The project's URLs plus one export-like view guarded by `recent_authentication_required`."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from openmash.accounts.decorators import acting_in_hub, recent_authentication_required
from openmash.urls import urlpatterns as project_urlpatterns


@acting_in_hub("see_queue")
@recent_authentication_required(max_age_minutes=5)
def pretend_export(request: HttpRequest) -> HttpResponse:
    return HttpResponse("exported")


urlpatterns = [*project_urlpatterns, path("pretend-export/", pretend_export, name="pretend_export")]

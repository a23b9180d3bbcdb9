from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from openmash.accounts import views as account_views

# Any unhandled failure: 500, or 503 when the database cannot be reached (openmash/errors.py).
handler500 = "openmash.errors.server_error"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("health/", account_views.health, name="health"),
    path("sign-in/", login_not_required(account_views.SignInView.as_view()), name="login"),
    path("sign-in/code/", account_views.sign_in_code, name="sign_in_code"),
    path("sign-in/set-up/", account_views.sign_in_set_up, name="sign_in_set_up"),
    path("sign-in/confirm/", account_views.reauthenticate, name="reauthenticate"),
    path("sign-out/", login_not_required(account_views.SignOutView.as_view()), name="logout"),
    path("hubs/", include("openmash.accounts.urls")),
    path("contacts/", include("openmash.contacts.urls")),
    path("requests/", include("openmash.enquiries.urls")),
    path("decisions/", include("openmash.decisions.urls")),
    path("meetings/", include("openmash.meetings.urls")),
    path("hub-settings/", include("openmash.hubs.urls")),
    path("restricted/", include("openmash.restricted.urls")),
    path("record-history/", include("openmash.audit.urls")),
    path("retention/", include("openmash.retention.urls")),
    path("markings/", include("openmash.markings.urls")),
    path("identity/", include("openmash.identity.urls")),
    path("family/", include("openmash.consent.urls")),
    path("letters/", include("openmash.letters.urls")),
]

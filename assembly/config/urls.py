"""The route table.

``/``                    participant pages (list, participation, submission, embed): ``participate:*``
``/manage/``             facilitator pages (consultations, seed statements, invites, export): ``facilitate:*``
``/manage/<slug>/moderation/``  moderation queue, log, participants: ``moderation:*``
``/manage/<slug>/assistant/``   the optional language model's drafts, for approval: ``assistant:*``
``/c/<slug>/results/``   results page, its live fragments, group names, report: ``results:*``
``/api/``                the JSON API (django-ninja); OpenAPI document at ``/api/openapi.json``
``/accounts/``           staff login (with lockout and second factor), logout, password, two-factor set-up
``/admin/``              Django's admin for superusers (including the pol.is import upload)
``/privacy/``, ``/imprint/``, ``/site/``  privacy notice, imprint, site identity: ``branding:*``
``/i18n/setlang/``       the language switcher's target
"""

from django.contrib import admin
from django.urls import include, path

from assembly.accounts import views as accounts
from assembly.api.main import api
from assembly.consultations.urls import facilitate
from assembly.moderation import urls as moderation
from assembly.results import urls as results

# The facilitator pages: the consultations app's, and those of the apps built on it (which it cannot import).
FACILITATE = (
    facilitate.urlpatterns + moderation.facilitate_urlpatterns + results.facilitate_urlpatterns,
    facilitate.app_name,
)

urlpatterns = [
    path("c/<slug:slug>/results/", include("assembly.results.urls")),
    path("api/", api.urls),
    path("", include("assembly.branding.urls")),
    path("", include("assembly.consultations.urls.participate")),
    path("manage/", include(FACILITATE)),
    path("manage/<slug:slug>/moderation/", include("assembly.moderation.urls")),
    path("manage/<slug:slug>/assistant/", include("assembly.assistant.urls")),
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("accounts/", include("assembly.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

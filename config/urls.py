"""Top-level URLs: portal pages, admin, API (with OpenAPI schema and docs) and health."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.views import favicon, healthz
from reports import views as reports_views

urlpatterns = [
    path("", reports_views.home, name="home"),
    path("skills/", include("skills.urls")),
    path("courses/", include("courses.urls")),
    path("consortia/", include("consortia.urls")),
    path("reports/", include("reports.urls")),
    path("providers/", include("exchange.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("learners.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("config.api_router")),
    path("xapi/", include("exchange.api.urls")),
    # The CASE 1.1 service (1EdTech REST binding): the binding fixes this path
    path("ims/case/v1p1/", include("skills.api.case_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: the Content Security Policy allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
]

# Admin's frame in the active language (Django's defaults read "Django administration"); the index
# keeps Django's own "Site administration".
admin.site.site_header = _("Digital Skills Platform administration")
admin.site.site_title = _("Digital Skills Platform admin")
if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# API paths get JSON for a missing route too (an HTML page would break the API's contract).
handler404 = "core.views.not_found"

from django.urls import path, re_path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("method/", views.method, name="method"),
    path("plotly.min.js", views.plotly_js, name="plotly-js"),
    path("runs/", views.report_request, name="run-request"),
    path("runs/<uuid:uuid>/", views.run_detail, name="run-detail"),
    path("runs/<uuid:uuid>/status.json", views.run_status, name="run-status"),
    re_path(
        r"^runs/(?P<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/download\.(?P<kind>xlsx|csv)$",
        views.run_download,
        name="run-download",
    ),
]

from django.urls import path

from .views import AboutView, StatementsView

urlpatterns = [
    path("statements", StatementsView.as_view(), name="xapi-statements"),
    path("about", AboutView.as_view(), name="xapi-about"),
]

"""/ims/case/v1p1/: the read operations of the CASE 1.1 REST binding (included from config/urls.py).

Every answer carries an ETag (a hash of its body) and a repeated GET with If-None-Match is a 304.
"""

from django.urls import path, re_path
from django.views.decorators.http import conditional_page

from .case_views import (
    CFAssociationView,
    CFDocumentListView,
    CFDocumentView,
    CFItemAssociationsView,
    CFItemTypeView,
    CFItemView,
    CFPackageView,
    case_unknown_endpoint,
    case_unused_collection,
)

urlpatterns = [
    path("CFDocuments", conditional_page(CFDocumentListView.as_view()), name="case-documents"),
    path("CFDocuments/<str:sourced_id>", conditional_page(CFDocumentView.as_view()), name="case-document"),
    path("CFPackages/<str:sourced_id>", conditional_page(CFPackageView.as_view()), name="case-package"),
    path("CFItems/<str:sourced_id>", conditional_page(CFItemView.as_view()), name="case-item"),
    path(
        "CFAssociations/<str:sourced_id>",
        conditional_page(CFAssociationView.as_view()),
        name="case-association",
    ),
    path(
        "CFItemAssociations/<str:sourced_id>",
        conditional_page(CFItemAssociationsView.as_view()),
        name="case-item-associations",
    ),
    path("CFItemTypes/<str:sourced_id>", conditional_page(CFItemTypeView.as_view()), name="case-item-type"),
    re_path(
        r"^(?P<collection>CFConcepts|CFSubjects|CFLicenses|CFAssociationGroupings|CFRubrics)/(?P<sourced_id>[^/]+)$",
        case_unused_collection,
        name="case-unused-collection",
    ),
    re_path(r"^(?P<path>.*)$", case_unknown_endpoint, name="case-unknown-endpoint"),
]

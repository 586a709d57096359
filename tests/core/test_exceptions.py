"""core.exceptions.api_exception_handler: business errors and validation errors are 400
{"message", "extra"}; everything else is DRF's own answer."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.test import APIClient

from core.exceptions import ApplicationError, api_exception_handler

pytestmark = pytest.mark.django_db


def test_application_error_is_a_400_with_message_and_extra():
    error = ApplicationError("Enrolment is closed.", extra={"course": "dx-101"})

    response = api_exception_handler(error, {})

    assert response.status_code == 400
    assert response.data == {"message": "Enrolment is closed.", "extra": {"course": "dx-101"}}


def test_application_error_without_extra_has_an_empty_extra():
    response = api_exception_handler(ApplicationError("No."), {})

    assert (response.status_code, response.data) == (400, {"message": "No.", "extra": {}})


def test_a_subclass_of_application_error_is_handled_too():
    from skills.selectors import UnknownVersionError

    response = api_exception_handler(UnknownVersionError("Unknown standard version 'x'."), {})

    assert (response.status_code, response.data["message"]) == (400, "Unknown standard version 'x'.")


def test_drf_validation_error_is_wrapped_with_its_fields():
    response = api_exception_handler(exceptions.ValidationError({"email": ["Enter a valid email."]}), {})

    assert response.status_code == 400
    assert response.data == {
        "message": "Validation error",
        "extra": {"fields": {"email": ["Enter a valid email."]}},
    }


def test_django_validation_error_with_fields_is_a_400_naming_them():
    error = DjangoValidationError({"ends_on": ["Must be after the start."]})

    response = api_exception_handler(error, {})

    assert response.status_code == 400
    assert response.data == {
        "message": "Validation error",
        "extra": {"fields": {"ends_on": ["Must be after the start."]}},
    }


def test_django_validation_error_without_fields_is_a_non_field_error():
    response = api_exception_handler(DjangoValidationError("Too late."), {})

    assert response.status_code == 400
    assert response.data == {
        "message": "Validation error",
        "extra": {"fields": {"non_field_errors": ["Too late."]}},
    }


def test_other_errors_keep_drf_s_answer():
    response = api_exception_handler(Http404(), {})

    assert response.status_code == 404
    assert set(response.data) == {"detail"}


def test_an_error_drf_does_not_know_is_left_to_django():
    assert api_exception_handler(ValueError("boom"), {}) is None


def test_application_error_through_the_api(standard):
    response = APIClient().get("/api/v1/skills/skills/", {"version": "nope"})

    assert response.status_code == 400
    assert response.json() == {
        "message": "Unknown standard version 'nope'.",
        "extra": {"fields": {"version": ["Unknown standard version 'nope'."]}},
    }

import pytest

from learners.services import exam_reference_load
from reports.services import reports_setup


@pytest.fixture
def counting(standard):
    """The exams, the national target and counting rule v1 (courses at level c or higher count)."""
    exam_reference_load()
    reports_setup()
    from reports.models import CountingRule

    return CountingRule.objects.get(is_active=True)


from .access import actors, figures  # noqa: E402, F401  (the ministry pages' actors and figures)

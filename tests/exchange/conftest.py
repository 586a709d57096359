import pytest

from learners.services import exam_reference_load
from reports.models import CountingRule
from reports.services import reports_setup


@pytest.fixture
def counting(standard) -> CountingRule:
    """Counting rule v1 (courses at level c or higher count; consent required)."""
    exam_reference_load()
    reports_setup()
    return CountingRule.objects.get(is_active=True)

"""Profile."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.exceptions import ApplicationError
from learners.models import (
    LearnerProfile,
    SelfAssessment,
    TargetRole,
)
from learners.services import (
    learner_profile_save,
    self_assessment_save,
    target_role_set,
)
from skills.models import Level, Role, Skill
from tests.core.factories import UserFactory

from .helpers import (
    PROFILE,
)

pytestmark = pytest.mark.django_db


def test_learner_profile_save_creates_then_updates_one_profile():
    user = UserFactory.create()

    first = learner_profile_save(user=user, **PROFILE)
    second = learner_profile_save(user=user, **{**PROFILE, "prefecture": "13"})

    assert first.pk == second.pk
    profile = LearnerProfile.objects.get(user=user)
    assert (profile.prefecture, profile.age_band, profile.organisation) == ("13", "40s", "大阪半導体")
    assert (profile.consents_to_statistics, profile.statistics_consent_at) == (False, None)


def test_consent_time_is_set_when_given_kept_while_given_and_cleared_when_withdrawn():
    user = UserFactory.create()

    given = learner_profile_save(user=user, **PROFILE, consents_to_statistics=True).statistics_consent_at
    kept = learner_profile_save(user=user, **PROFILE, consents_to_statistics=True).statistics_consent_at
    withdrawn = learner_profile_save(user=user, **PROFILE, consents_to_statistics=False)

    assert given is not None
    assert timezone.now() - given < timezone.timedelta(seconds=5)
    assert kept == given
    assert (withdrawn.consents_to_statistics, withdrawn.statistics_consent_at) == (False, None)


@pytest.mark.parametrize(
    ("field", "value"),
    [("prefecture", "48"), ("age_band", "teen"), ("employment_status", "retired"), ("industry", "")],
)
def test_learner_profile_save_rejects_invalid_values_and_saves_nothing(field, value):
    user = UserFactory.create()

    with pytest.raises(ValidationError) as error:
        learner_profile_save(user=user, **{**PROFILE, field: value})

    assert field in error.value.message_dict
    assert not LearnerProfile.objects.filter(user=user).exists()


def test_target_role_set_replaces_the_learners_one_target(standard):
    learner = UserFactory.create()
    engineer = Role.objects.get(version=standard, slug="data-engineer")
    scientist = Role.objects.get(version=standard, slug="data-science-professional")

    target_role_set(learner=learner, role=engineer)
    target_role_set(learner=learner, role=scientist)

    assert list(TargetRole.objects.filter(learner=learner).values_list("role__slug", flat=True)) == [
        "data-science-professional"
    ]


def test_target_role_set_refuses_a_role_of_a_version_that_is_not_current(standard):
    learner = UserFactory.create()
    role = Role.objects.get(version=standard, slug="data-engineer")
    standard.is_current = False
    standard.save()

    with pytest.raises(ApplicationError, match="current version"):
        target_role_set(learner=learner, role=role)

    assert not TargetRole.objects.exists()


def test_self_assessment_save_records_levels_and_none(standard):
    learner = UserFactory.create()
    understanding = Skill.objects.get(version=standard, slug="data-understanding")
    design = Skill.objects.get(version=standard, slug="data-platform-design")
    level_b = Level.objects.get(version=standard, slug="b")

    self_assessment_save(learner=learner, ratings={understanding: level_b, design: None})
    self_assessment_save(learner=learner, ratings={design: level_b})

    assert dict(SelfAssessment.objects.filter(learner=learner).values_list("skill__slug", "level__slug")) == {
        "data-understanding": "b",
        "data-platform-design": "b",
    }


def test_self_assessment_save_refuses_level_z_and_saves_nothing(standard):
    learner = UserFactory.create()
    understanding = Skill.objects.get(version=standard, slug="data-understanding")
    design = Skill.objects.get(version=standard, slug="data-platform-design")

    with pytest.raises(ValidationError):
        self_assessment_save(
            learner=learner,
            ratings={
                understanding: Level.objects.get(version=standard, slug="b"),
                design: Level.objects.get(version=standard, slug="z"),
            },
        )

    assert not SelfAssessment.objects.exists()

"""The one user factory of the suite: a learner whose e-mail address is verified, so they can sign in."""

import factory
from allauth.account.models import EmailAddress

from core.models import User

PASSWORD = "a-long-test-password-2026"


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A learner with a verified e-mail address and the password PASSWORD; the same username twice
    gives the same user."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.jp")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True

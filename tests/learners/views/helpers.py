"""Helpers shared by the tests of this folder (split from one file along its sections)."""

ACTORS = ["anonymous", "learner_a", "learner_b", "staff"]


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client

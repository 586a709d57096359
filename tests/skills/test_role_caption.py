"""The role page's matrix is captioned as a sentence about the role."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_role_matrix_caption_names_the_role(client, standard):
    # When an English visitor opens a role
    html = client.get("/skills/roles/data-engineer/", headers={"accept-language": "en"}).content.decode()

    # Then the matrix (a region named by its caption) reads as a sentence about that role
    assert '<caption id="matrix-caption">Skills required for the Data Engineer role</caption>' in html
    assert 'role="region" aria-labelledby="matrix-caption"' in html

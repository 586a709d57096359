"""Helpers shared by the tests of this folder (split from one file along its sections)."""

PROFILE = {
    "prefecture": "27",
    "age_band": "40s",
    "employment_status": "self_employed",
    "industry": "semiconductors",
    "organisation": "  大阪半導体  ",
}

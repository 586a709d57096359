"""django-import-export's screens in Japanese: its own Japanese catalogue leaves these sentences
empty, so the import preview read "Some rows failed to validate" in English (issue #12). Marking
them here puts them in the project's catalogue (LOCALE_PATHS comes before the library's).

Only the library's own sentences: words Django also translates ("Delete", "Submit", "Home") are left
to Django, so the project never overrides Django's translations of them.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

LIBRARY_SENTENCES = (
    gettext_noop("Some rows failed to validate"),
    gettext_noop(
        "Please correct these errors in your data where possible, then reupload it using the form above."
    ),
    gettext_noop("Row"),
    gettext_noop("Non field specific"),
    gettext_noop("Value could not be parsed."),
    gettext_noop("Resource"),
    gettext_noop("Import finished: {} new, {} updated, {} deleted and {} skipped {}."),
    gettext_noop(
        "%(exc_name)s encountered while trying to read file. Ensure you have chosen the correct format for the file."
    ),
    gettext_noop("No valid data to import. Ensure your file has the correct headers or data for import."),
    gettext_noop("export failed due to IllegalCharacterError"),
    # The export page and the admin history (issue #14): empty, or fuzzy and saying "import".
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Select all"),
    gettext_noop("%s through import_export"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
    # makemessages reads the plural pair from here; nothing evaluates it.
    ngettext_lazy("Export %(len)s selected item.", "Export %(len)s selected items.", "len"),
)

"""The French catalogue covers every user-facing string of the project, fully translated.

The sources are scanned with Django's own ``makemessages`` (the command ``make makemessages``
runs) into a temporary copy of the catalogue, so a string added in code or in a template but not
in ``site/locale/fr/LC_MESSAGES/django.po`` fails here, as does a leftover fuzzy or empty entry.
"""

import gettext
import re
import shutil

import polib
from django.conf import settings
from django.core.management import call_command

ROOT = settings.BASE_DIR
CATALOGUES = ROOT / "site" / "locale"
FRENCH = CATALOGUES / "fr" / "LC_MESSAGES" / "django.po"
# Same folders as the Makefile's I18N_IGNORE: everything that is not the project's own source.
IGNORED = [".venv", "var", "node_modules", "services", "tests", "docs", "bench", "scripts"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\{\s*\w+\s*\}\}")


def describe(entries):
    return "\n".join(f"  {entry.occurrences[:1]} {entry.msgid!r}" for entry in entries)


def needs_work(po):
    """Live entries that are fuzzy or lack a translation (any plural form counts)."""
    return [entry for entry in po if not entry.obsolete and not entry.translated()]


def test_french_catalogue_has_no_empty_or_fuzzy_translation():
    po = polib.pofile(str(FRENCH))
    assert len(po) > 100, "the French catalogue looks truncated"
    assert not po.metadata_is_fuzzy, "remove the fuzzy flag of the catalogue header"
    untranslated = needs_work(po)
    assert not untranslated, f"translate these entries of {FRENCH.name}:\n{describe(untranslated)}"


def test_french_translations_keep_the_placeholders():
    po = polib.pofile(str(FRENCH))
    broken = []
    for entry in po.translated_entries():
        expected = set(PLACEHOLDER.findall(entry.msgid))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for msgstr in translations:
            # A singular form may drop the count ("1 item" -> "un contenu"), never add one.
            found = set(PLACEHOLDER.findall(msgstr))
            if found - expected or (not entry.msgid_plural and found != expected):
                broken.append(entry)
    assert not broken, f"placeholders differ between msgid and msgstr:\n{describe(broken)}"


def test_french_urls_are_translated(tmp_path):
    """Compiled, the catalogue turns the search URL into French."""
    compiled = tmp_path / "django.mo"
    polib.pofile(str(FRENCH)).save_as_mofile(str(compiled))
    with compiled.open("rb") as handle:
        french = gettext.GNUTranslations(handle)
    assert french.gettext("search/") == "recherche/"
    assert french.gettext("Search the library") == "Rechercher dans la bibliothèque"


def test_makefile_scans_the_same_folders():
    makefile = (ROOT / "Makefile").read_text()
    block = makefile.split("I18N_IGNORE :=", 1)[1].split("\n\n", 1)[0]
    assert sorted(re.findall(r"--ignore=(\S+)", block)) == sorted(IGNORED)


def test_catalogue_covers_every_string_of_the_sources(tmp_path, settings, monkeypatch):
    copy_dir = tmp_path / "locale" / "fr" / "LC_MESSAGES"
    copy_dir.mkdir(parents=True)
    shutil.copy(FRENCH, copy_dir / "django.po")
    before = FRENCH.read_bytes()
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(ROOT)

    # site/locale is ignored too, or makemessages would write the real catalogue of site/.
    call_command(
        "makemessages",
        locale=["fr"],
        ignore_patterns=[*IGNORED, "site/locale"],
        verbosity=0,
    )

    assert FRENCH.read_bytes() == before, "makemessages must not touch the real catalogue"
    updated = polib.pofile(str(copy_dir / "django.po"))
    missing = needs_work(updated)
    assert not missing, (
        "strings missing from site/locale/fr (run `make makemessages`, then translate them):\n"
        + describe(missing)
    )

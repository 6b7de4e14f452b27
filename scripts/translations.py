"""Find and fill the gaps of an interface catalogue (assembly/locale/<lang>/LC_MESSAGES/django.po).

Usage (from the repository, with the development install: polib and GNU gettext's msgfmt)::

    python3 scripts/translations.py missing LANG [--json FILE] [--template LANG]
    python3 scripts/translations.py fill LANG FILE.json [--template LANG]

``missing`` lists the entries of LANG's catalogue that are untranslated or fuzzy, and those of the
template catalogue (French unless --template says otherwise: a complete catalogue, kept current by
``makemessages``) that LANG's catalogue lacks. With --json it writes them to FILE as a list of objects
(msgctxt, msgid, msgid_plural, comments, references, flags, msgstr or msgstr_plural with the language's
number of plural forms, all empty) for a translator to fill; otherwise it prints a count per kind.

``fill`` writes the translations of FILE (the same objects, msgstr or msgstr_plural filled) into LANG's
catalogue: it adds the entries it lacks from the template (with their references and comments), clears
their fuzzy mark, keeps every other translation, creates the catalogue if the language has none (its
header's plural rule taken from Django's own catalogue of the language) and compiles it with
``msgfmt --check``. A translation that loses a placeholder (%(name)s, %s, %%, {n}, {{ x }}), an HTML tag
or the edge whitespace of its English text, or has the wrong number of plural forms, is refused with its
msgid, and nothing is written. docs/translations.md describes the whole procedure.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "assembly" / "locale"
# Maltese is not among Django's catalogues: its rule is the one of the Maltese gettext catalogues.
PLURAL_FORMS = {
    "mt": "nplurals=4; plural=(n==1 ? 0 : n==0 || ( n%100>1 && n%100<11) ? 1 : "
    "(n%100>10 && n%100<20 ) ? 2 : 3);"
}
# What must come through translation unchanged: named and bare printf placeholders (and the %% of a
# python-format text), format fields ({n}), template variables, HTML tags (the inline ones a text may
# carry, with their attributes) and entities. A word in angle brackets that is no HTML tag ("/c/<short
# name>/", Finnish "<lyhytnimi>") is text, and is translated.
HTML_TAGS = "a|abbr|b|br|cite|code|em|i|kbd|mark|q|s|small|span|strong|sub|sup|time|u"
PLACEHOLDER = re.compile(
    r"%\([a-z_]+\)[sdif]|%[sdif]|%%|\{[a-z_]*\}|\{\{.*?\}\}|"
    rf"</?(?:{HTML_TAGS})(?:\s+[a-z-]+=\"[^\"]*\")*\s*/?>|&[a-z]+;|&#\d+;"
)


class RefusedError(Exception):
    """A bad file or translation: the message names it; nothing was written."""


def kept(text: str) -> tuple[Counter[str], str, str]:
    """What a translation must keep of ``text``: its placeholders and tags, and its edge whitespace."""
    return (
        Counter(PLACEHOLDER.findall(text)),
        text[: len(text) - len(text.lstrip())],
        text[len(text.rstrip()) :],
    )


def keeps_the_source(msgid: str, msgid_plural: str | None, form: int, translation: str) -> bool:
    """Whether ``translation`` (plural form ``form``) keeps what it must of its English text. A plural form
    may name a count the English singular leaves out ("One vote" / "%(n)s votes"), never an unknown one."""
    english = msgid_plural if msgid_plural is not None and form > 0 else msgid
    (needed, lead, trail), (mine, my_lead, my_trail) = kept(english), kept(translation)
    if msgid_plural is None:
        ok = mine == needed
    else:
        ok = mine <= kept(msgid)[0] | kept(msgid_plural)[0] and (form == 0 or needed <= mine)
    return ok and (my_lead, my_trail) == (lead, trail)


def plural_forms(language: str) -> str:
    """The Plural-Forms header of ``language``: Django's own catalogue's, or Maltese's."""
    if language in PLURAL_FORMS:
        return PLURAL_FORMS[language]
    import django

    own = Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES" / "django.po"
    if not own.is_file():
        raise RefusedError(
            f"{language}: no plural rule known (Django has no catalogue of it); add it to PLURAL_FORMS"
        )
    import polib  # type: ignore[import-untyped]

    return str(polib.pofile(str(own)).metadata["Plural-Forms"]).strip()


def nplurals(rule: str) -> int:
    found = re.search(r"nplurals\s*=\s*(\d+)", rule)
    if not found:
        raise RefusedError(f"a Plural-Forms header without nplurals: {rule!r}")
    return int(found.group(1))


def _po_path(language: str) -> Path:
    if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", language):
        raise RefusedError(f"{language!r} is not a language code such as pl or pt_BR")
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def _load(language: str, *, create: bool = False) -> Any:
    import polib

    path = _po_path(language)
    if path.is_file():
        return polib.pofile(str(path), wrapwidth=115)
    if not create:
        raise RefusedError(f"{path}: no catalogue for {language!r}")
    catalogue = polib.POFile(wrapwidth=115)
    catalogue.header = (
        "Assembly's interface texts.\n"
        "This file is distributed under the same license as the Assembly package (EUPL-1.2)."
    )
    catalogue.metadata = {
        "Project-Id-Version": "Assembly",
        "Report-Msgid-Bugs-To": "",
        "Last-Translator": "Assembly contributors",
        "Language-Team": language,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(language),
    }
    return catalogue


def _key(entry: Any) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def _gaps(language: str, template: str) -> list[tuple[str, Any]]:
    """(kind, entry) of each untranslated, fuzzy or absent entry of ``language``, in the template's order."""
    mine = _load(language, create=True)
    forms = nplurals(str(mine.metadata.get("Plural-Forms", plural_forms(language))))
    have = {_key(e): e for e in mine if not e.obsolete}
    gaps = []
    for source in _load(template):
        if source.obsolete:
            continue
        entry = have.pop(_key(source), None)
        if entry is None:
            gaps.append(("absent", source))
        elif "fuzzy" in entry.flags:
            gaps.append(("fuzzy", entry))
        elif not entry.translated() or (entry.msgid_plural and len(entry.msgstr_plural) != forms):
            gaps.append(("untranslated", entry))
    gaps += [("untranslated", e) for e in have.values() if not e.translated() and "fuzzy" not in e.flags]
    gaps += [("fuzzy", e) for e in have.values() if "fuzzy" in e.flags]
    return gaps


def _as_json(entry: Any, forms: int) -> dict[str, Any]:
    item: dict[str, Any] = {"msgctxt": entry.msgctxt or None, "msgid": entry.msgid}
    if entry.msgid_plural:
        item["msgid_plural"] = entry.msgid_plural
    item |= {
        "comments": entry.comment,
        "references": [f"{path}:{line}" if line else path for path, line in entry.occurrences],
        "flags": [f for f in entry.flags if f != "fuzzy"],
    }
    if entry.msgid_plural:
        item["msgstr_plural"] = [""] * forms
    else:
        item["msgstr"] = ""
    return item


def missing(language: str, json_file: Path | None, template: str) -> int:
    gaps = _gaps(language, template)
    if json_file is None:
        counts = Counter(kind for kind, _ in gaps)
        for kind in ("absent", "untranslated", "fuzzy"):
            sys.stdout.write(f"{language}: {counts[kind]} {kind}\n")
        return 1 if gaps else 0
    forms = nplurals(str(_load(language, create=True).metadata["Plural-Forms"]))
    items = [_as_json(entry, forms) for _, entry in gaps]
    json_file.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.stdout.write(f"{language}: {len(items)} entries to translate written to {json_file}\n")
    return 0


def _read_translations(path: Path, forms: int) -> dict[tuple[str | None, str], list[str]]:
    """(msgctxt, msgid) -> its translation (one text, or one per plural form), each checked."""
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise RefusedError(f"{path}: not a readable JSON file ({error})") from error
    if not isinstance(items, list):
        raise RefusedError(f"{path}: expected a list of entries, as `missing --json` writes")
    found = {}
    for n, item in enumerate(items):
        where = (
            f"{path}: entry {n} ({item.get('msgid')!r})" if isinstance(item, dict) else f"{path}: entry {n}"
        )
        if not isinstance(item, dict) or not isinstance(item.get("msgid"), str):
            raise RefusedError(f"{where}: not an object with a msgid")
        plural = item.get("msgid_plural")
        texts = item.get("msgstr_plural") if plural else [item.get("msgstr")]
        if not isinstance(texts, list) or not all(isinstance(t, str) and t for t in texts):
            raise RefusedError(f"{where}: translation missing or empty")
        if plural and len(texts) != forms:
            raise RefusedError(f"{where}: {len(texts)} plural forms, the language has {forms}")
        for form, text in enumerate(texts):
            if not keeps_the_source(item["msgid"], plural, form, text):
                raise RefusedError(
                    f"{where}: {text!r} does not keep the placeholders, tags or edge spaces of the English"
                )
        found[(item.get("msgctxt") or None, item["msgid"])] = texts
    return found


def fill(language: str, json_file: Path, template: str) -> int:
    import polib

    catalogue = _load(language, create=True)
    forms = nplurals(str(catalogue.metadata["Plural-Forms"]))
    translations = _read_translations(json_file, forms)
    have = {_key(e): e for e in catalogue if not e.obsolete}
    ordered = []
    for source in _load(template):  # the template's order, so that diffs between languages line up
        if source.obsolete:
            continue
        entry = have.pop(_key(source), None)
        if entry is None:
            entry = polib.POEntry(
                msgctxt=source.msgctxt,
                msgid=source.msgid,
                msgid_plural=source.msgid_plural,
                occurrences=list(source.occurrences),
                comment=source.comment,
                flags=[f for f in source.flags if f != "fuzzy"],
            )
        ordered.append(entry)
    ordered += list(have.values())  # entries the template lacks (another helper's new texts): kept
    unknown = set(translations) - {_key(e) for e in ordered}
    if unknown:
        raise RefusedError(
            f"{json_file}: not in the {language} or {template} catalogue: {sorted(m for _, m in unknown)[:3]}"
        )
    for entry in ordered:
        texts = translations.get(_key(entry))
        if texts is None:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = dict(enumerate(texts))
        else:
            entry.msgstr = texts[0]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    catalogue[:] = ordered + [e for e in catalogue if e.obsolete]
    path = _po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))
    compiled = subprocess.run(
        ["msgfmt", "--check", "-o", str(path.with_suffix(".mo")), str(path)], capture_output=True, text=True
    )
    if compiled.returncode:
        raise RefusedError(f"{path}: msgfmt --check failed:\n{compiled.stderr}")
    sys.stdout.write(f"{language}: {len(translations)} translations written to {path}, compiled\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    find = commands.add_parser("missing", help="list the untranslated, fuzzy or absent entries of LANG")
    find.add_argument("language", metavar="LANG")
    find.add_argument("--json", type=Path, metavar="FILE", help="write them to FILE for a translator")
    put = commands.add_parser("fill", help="write the translations of FILE.json into LANG and compile")
    put.add_argument("language", metavar="LANG")
    put.add_argument("json", type=Path, metavar="FILE.json")
    for command in (find, put):
        command.add_argument("--template", default="fr", metavar="LANG", help="the complete catalogue (fr)")
    args = parser.parse_args(argv)
    try:
        if args.command == "missing":
            return missing(args.language, args.json, args.template)
        return fill(args.language, args.json, args.template)
    except RefusedError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2


if __name__ == "__main__":
    sys.exit(main())

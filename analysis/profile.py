"""A corpus's study profile: every study-specific input, resolved for that corpus and its language.

Nothing topic-specific lives in the package's code or in a language's
defaults.  A corpus brings its own **topic files** and may add to, or
replace, the **language defaults**, all beside its metadata (the folder of
``metadata.csv``, or the folder holding the ``.jsonl``/``.parquet`` file):

==========================  =============================================================  ======================
file                        what                                                           without it
==========================  =============================================================  ======================
``profile.toml``            the corpus's ``language`` and, per lexicon, ``extend`` or       language from the
                            ``replace`` (default ``extend``)                                metadata or the text
``targets.csv``             stance targets with definitions                                 no stance rows
``stance_cues.csv``         each target's topic / favor / against cue patterns              no stance rows
``actors.csv``              named actors: canonical name, aliases, role, affiliation        speakers as written
``events.csv``              an event catalogue                                              no catalogue
``relay_pairs.csv``         documents relaying the same report                              no fidelity table
``lexicons/stopwords.txt``  stopwords, one per line                                         the language's
``lexicons/abbreviations.txt``  abbreviations that do not end a sentence                    the language's
``lexicons/boilerplate.csv``    site-furniture line rules                                   the language's
``lexicons/cues.csv``       loaded terms, hedges, boosters, reporting verbs, evidentials    the language's
``lexicons/naming.csv``     naming and spelling variants of referents                       none
``lexicons/frame_cues.csv`` Semetko & Valkenburg and Entman question cues                   the language's
``lexicons/persuasion.csv`` persuasion-technique cues                                       the language's
``lexicons/anonymous_sources.csv``  anonymous-source patterns                               the language's
==========================  =============================================================  ======================

A lexicon of the corpus **extends** the language default (its rows come
after the default's; a text list is the union) unless ``profile.toml`` says
``replace`` for it.  The language defaults ship in the package
(``analysis/languages/<code>/``, see its README for provenance and licences).

Every file is checked like the metadata: a problem names the file, the line,
the field and the fix (:class:`~analysis.errors.Problem`), and all problems
are reported at once.

Examples
--------
>>> p = Profile.default("en")
>>> p.language, "the" in p.stopwords, len(p.targets)
('en', True, 0)
>>> sorted(set(p.cues["cue_type"]))
['booster', 'evidential', 'hedge', 'loaded', 'reporting_verb']
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import Problem, raise_if
from .language import LANGUAGES_DIR, Rules, language_rules, no_rules, shipped_languages, stopword_languages
from .tabular import check_header, decode_text, file_label, is_date, read_csv_rows
from .tokens import TOKEN_PATTERN

PROFILE_TOML = "profile.toml"
LEXICON_FOLDER = "lexicons"
MODES = ("extend", "replace")

#: Cue types of ``cues.csv`` and the connotations each allows.
CONNOTATIONS = {
    "reporting_verb": ("neutral", "distancing", "endorsing", "discrediting"),
    "loaded": ("negative", "positive", "neutral"),
    "hedge": ("",),
    "booster": ("",),
    "evidential": ("",),
}
#: Semetko & Valkenburg's five generic frames and Entman's four functions (``frame_cues.csv``).
FRAMES = ("responsibility", "human_interest", "conflict", "morality", "economic")
ENTMAN = ("entman_problem", "entman_cause", "entman_moral", "entman_remedy")
ITEMS = tuple(f"q{i:02d}" for i in range(1, 21)) + ENTMAN
ITEM_FRAME = {
    **{f"q{i:02d}": f for f, rng in zip(FRAMES, ((1, 5), (6, 10), (11, 14), (15, 17), (18, 20))) for i in range(rng[0], rng[1] + 1)},
    **dict.fromkeys(ENTMAN, "entman"),
}
#: Persuasion techniques of SemEval-2023 Task 3 that cues can find (``persuasion.csv``).
TECHNIQUES = ("loaded_language", "name_calling", "doubt", "appeal_to_fear", "exaggeration_minimisation", "whataboutism")
STANCE_ROLES = ("topic", "favor", "against")
#: Kinds of ``roles.csv`` words: a person's or group's role noun, an organisation noun, a title before a name.
ROLE_KINDS = ("role", "organisation", "title")
#: Required columns that may hold an empty value.
_MAY_BE_EMPTY = ("connotation", "affiliation", "aliases")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


@dataclass(frozen=True)
class FileSpec:
    """One profile file: its name, columns, and the checks of each row."""

    name: str
    file: str
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    ignore_case: bool = True
    check: Callable | None = None
    lexicon: bool = False
    text_list: bool = False
    order: tuple[str, ...] = ()

    @property
    def columns(self) -> list[str]:
        """The file's columns in their documented order."""
        return list(self.order) or [*self.required, *self.optional]


def _allowed(value: str, allowed, field_: str, label: str, line: int, problems: list[Problem]) -> bool:
    if value not in allowed:
        shown = ", ".join(a or "(empty)" for a in allowed)
        problems.append(Problem(label, line, field_, f"unknown {field_} '{value}'", f"use one of: {shown}"))
        return False
    return True


def _check_cue(row: dict, line: int, label: str, problems: list[Problem]) -> None:
    if _allowed(row["cue_type"], tuple(CONNOTATIONS), "cue_type", label, line, problems):
        allowed = CONNOTATIONS[row["cue_type"]]
        if row["connotation"] not in allowed:
            shown = ", ".join(a or "(empty)" for a in allowed)
            problems.append(
                Problem(label, line, "connotation", f"'{row['connotation']}' is not a connotation of {row['cue_type']}", f"use {shown}")
            )


def _check_naming(row: dict, line: int, label: str, problems: list[Problem]) -> None:
    _allowed(row["kind"], ("spelling", "loaded"), "kind", label, line, problems)


def _check_frame(row: dict, line: int, label: str, problems: list[Problem]) -> None:
    if _allowed(row["item"], ITEMS, "item", label, line, problems) and row["frame"] != ITEM_FRAME[row["item"]]:
        frame = ITEM_FRAME[row["item"]]
        problems.append(Problem(label, line, "frame", f"item {row['item']} belongs to frame '{frame}'", f"write '{frame}'"))


def _check_technique(row: dict, line: int, label: str, problems: list[Problem]) -> None:
    _allowed(row["technique"], TECHNIQUES, "technique", label, line, problems)


def _check_boilerplate(row: dict, line: int, label: str, problems: list[Problem]) -> None:
    _allowed(row["scope"], ("line", "until_anchor", "comments_after", "line_start"), "scope", label, line, problems)


def _check_role(row: dict, line: int, label: str, problems: list[Problem]) -> None:
    _allowed(row["kind"], ROLE_KINDS, "kind", label, line, problems)
    if not row["word"].strip():
        problems.append(Problem(label, line, "word", "empty word", "write the role noun, organisation noun or title in lower case"))


def _check_id(column: str) -> Callable:
    def check(row: dict, line: int, label: str, problems: list[Problem]) -> None:
        value = row[column]
        if not _ID_RE.match(value):
            problems.append(
                Problem(
                    label,
                    line,
                    column,
                    f"'{value}' is not a valid id",
                    "use letters, digits, '_', '-' or '.', starting with a letter or digit",
                )
            )

    return check


def _check_stance_cue(row: dict, line: int, label: str, problems: list[Problem]) -> None:
    _allowed(row["role"], STANCE_ROLES, "role", label, line, problems)


def _check_event(row: dict, line: int, label: str, problems: list[Problem]) -> None:
    _check_id("event_id")(row, line, label, problems)
    if row.get("date") and not is_date(row["date"]):
        problems.append(Problem(label, line, "date", f"'{row['date']}' is not a date", "write YYYY, YYYY-MM or YYYY-MM-DD"))
    if row["cue_terms"] and not row["cue_terms"].strip("| "):
        problems.append(Problem(label, line, "cue_terms", "no cue terms", "give '|'-separated cue terms in the corpus's language"))


def _check_actor(row: dict, line: int, label: str, problems: list[Problem]) -> None:
    if not row["actor"]:
        problems.append(Problem(label, line, "actor", "empty actor name", "give the actor's canonical name"))


#: Every profile file, by resource name (the attribute of :class:`Profile`).
SPECS = {
    s.name: s
    for s in (
        FileSpec("stopwords", "stopwords.txt", lexicon=True, text_list=True),
        FileSpec("abbreviations", "abbreviations.txt", lexicon=True, text_list=True),
        FileSpec("boilerplate", "boilerplate.csv", ("pattern", "scope"), ("description",), ("pattern",), False, _check_boilerplate, True),
        FileSpec("cues", "cues.csv", ("cue_type", "cue", "pattern", "connotation"), ("note",), ("pattern",), True, _check_cue, True),
        FileSpec("naming", "naming.csv", ("referent", "variant", "pattern", "kind"), ("note",), ("pattern",), True, _check_naming, True),
        FileSpec("frame_cues", "frame_cues.csv", ("item", "frame", "cue", "pattern"), ("note",), ("pattern",), True, _check_frame, True),
        FileSpec("persuasion", "persuasion.csv", ("technique", "cue", "pattern"), ("note",), ("pattern",), True, _check_technique, True),
        FileSpec(
            "anonymous_sources", "anonymous_sources.csv", ("pattern", "speaker", "affiliation"), ("note",), ("pattern",), True, None, True
        ),
        FileSpec("roles", "roles.csv", ("word", "kind"), ("note",), (), True, _check_role, True),
        FileSpec(
            "targets",
            "targets.csv",
            ("target", "label", "definition"),
            ("favor_means", "against_means", "none_means"),
            check=_check_id("target"),
        ),
        FileSpec("stance_cues", "stance_cues.csv", ("target", "role", "pattern"), ("note",), ("pattern",), True, _check_stance_cue),
        FileSpec("actors", "actors.csv", ("actor", "aliases"), ("role", "affiliation", "kind"), check=_check_actor),
        FileSpec(
            "events",
            "events.csv",
            ("event_id", "label", "cue_terms"),
            ("description", "date", "date_precision", "actors", "note"),
            check=_check_event,
            order=("event_id", "label", "description", "date", "date_precision", "actors", "cue_terms", "note"),
        ),
        FileSpec("relay_pairs", "relay_pairs.csv", ("doc_a", "doc_b"), ("shared_report", "note")),
    )
}
LEXICONS = tuple(name for name, spec in SPECS.items() if spec.lexicon)
TOPIC_FILES = tuple(name for name, spec in SPECS.items() if not spec.lexicon)


@dataclass(frozen=True, eq=False)
class Profile:
    """Every study-specific input of one corpus, in its language.

    Attributes
    ----------
    language : str
        ISO 639-1 code of the corpus's language.
    rules : Rules
        The language's grammar rules (:mod:`analysis.language`).
    stopwords, abbreviations : frozenset of str
        Lower-case stopwords (cut into tokens, as the texts are) and
        abbreviations (without their period).
    boilerplate, cues, naming, frame_cues, persuasion, anonymous_sources, roles : pandas.DataFrame
        The lexicons (language default, extended or replaced by the corpus's);
        ``roles`` holds the role nouns, organisation nouns and titles that
        speakers are found by (:mod:`analysis.speakers`).
    targets, stance_cues, actors, events, relay_pairs : pandas.DataFrame
        The corpus's topic files (empty, with their columns, when absent).
    sources : pandas.DataFrame
        Where each resource came from: ``resource, default, corpus_file, mode, rows``.
    lexical_only : bool
        A language without defaults: only the lexical tables are computed.
    """

    language: str
    rules: Rules
    stopwords: frozenset[str]
    abbreviations: frozenset[str]
    boilerplate: pd.DataFrame
    cues: pd.DataFrame
    naming: pd.DataFrame
    frame_cues: pd.DataFrame
    persuasion: pd.DataFrame
    anonymous_sources: pd.DataFrame
    roles: pd.DataFrame
    targets: pd.DataFrame
    stance_cues: pd.DataFrame
    actors: pd.DataFrame
    events: pd.DataFrame
    relay_pairs: pd.DataFrame
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    lexical_only: bool = False

    @classmethod
    def default(cls, language: str = "fr", lexical_only: bool = False) -> Profile:
        """Return the language's defaults and no topic file (a corpus without a profile).

        Raises
        ------
        CorpusError
            If the language has no defaults and ``lexical_only`` is false.
        """
        problems: list[Problem] = []
        profile = read_profile(None, language, problems, lexical_only)
        raise_if(problems)
        return profile  # type: ignore[return-value]

    def replace(self, **changes) -> Profile:
        """Return a copy with some resources replaced (e.g. ``profile.replace(targets=my_targets)`` in a notebook)."""
        return dataclasses.replace(self, **changes)

    @property
    def stance_configured(self) -> bool:
        """Whether the corpus has stance targets with cues (else no stance rows are produced)."""
        return len(self.targets) > 0 and len(self.stance_cues) > 0


def _empty(spec: FileSpec) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in spec.columns})


def _read_list(path: Path, label: str, problems: list[Problem]) -> list[str] | None:
    """Entries of a one-per-line text file (``#`` comments and blank lines skipped)."""
    text = decode_text(path.read_bytes(), label, problems) if path.stat().st_size else ""
    if text is None:
        return None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def read_table(path: Path, spec: FileSpec, label: str, problems: list[Problem]) -> pd.DataFrame | None:
    """Read and check one profile CSV (columns, patterns, row checks); ``None`` when unreadable.

    Columns are put in the spec's order; optional columns missing from the
    file are empty; user columns must start with ``x_`` and are kept.
    """
    read = read_csv_rows(path, label, problems, comments=True)
    if read is None:
        return None
    header, rows = read
    before = len(problems)
    check_header(header, spec.required, spec.optional, label, problems)
    if len(problems) > before:
        return None
    flags = re.IGNORECASE if spec.ignore_case else 0
    for line, row in rows:
        for col in spec.required:
            if col not in spec.patterns and col not in _MAY_BE_EMPTY and not row.get(col):
                problems.append(Problem(label, line, col, f"empty '{col}'", f"give every row a '{col}'"))
        for col in spec.patterns:
            pattern = row.get(col, "")
            if not pattern:
                problems.append(Problem(label, line, col, "empty pattern", "write a regular expression (see the README)"))
                continue
            try:
                if re.compile(pattern, flags).fullmatch(""):
                    problems.append(
                        Problem(label, line, col, "the pattern matches the empty string", "make it match at least one character")
                    )
            except re.error as err:
                problems.append(Problem(label, line, col, f"invalid regular expression ({err})", "fix the pattern"))
        if spec.check is not None and all(c in row for c in spec.required):
            spec.check(row, line, label, problems)
    extra = [h for h in header if h not in spec.columns]
    frame = pd.DataFrame([[row.get(c, "") for c in spec.columns + extra] for _, row in rows], columns=spec.columns + extra, dtype=object)
    frame = frame if len(frame) else _empty(spec).reindex(columns=spec.columns + extra)
    frame.attrs["lines"] = [line for line, _ in rows]  # for the checks across files
    return frame


def _check_unique(frame: pd.DataFrame, column: str, label: str, problems: list[Problem], lines: list[int]) -> None:
    seen: dict[str, int] = {}
    for line, value in zip(lines, frame[column]):
        if value in seen:
            problems.append(Problem(label, line, column, f"'{value}' already defined on line {seen[value]}", f"make every {column} unique"))
        seen.setdefault(value, line)


def read_settings(root: Path | None, problems: list[Problem]) -> dict:
    """Read ``profile.toml`` beside the corpus (empty when absent), checking its keys and modes."""
    path = None if root is None else root / PROFILE_TOML
    if path is None or not path.is_file():
        return {}
    label = file_label(path, root)
    text = decode_text(path.read_bytes(), label, problems) if path.stat().st_size else ""
    if text is None:
        return {}
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        where = re.search(r"line (\d+)", str(err))
        problems.append(
            Problem(
                label,
                int(where.group(1)) if where else max(len(text.splitlines()), 1),  # else: at the end of the document
                "",
                f"not valid TOML ({err})",
                "see the template `init` writes",
            )
        )
        return {}
    for key in data:
        if key not in ("language", "lexicons"):
            problems.append(Problem(label, None, key, f"unknown setting '{key}'", "use 'language' or a [lexicons] table"))
    language = data.get("language")
    if language is not None and not (isinstance(language, str) and re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*", language)):
        problems.append(
            Problem(label, None, "language", f"'{language}' is not a language code", "write an ISO 639-1 code such as 'fr' or 'en'")
        )
        data.pop("language")
    modes = data.get("lexicons", {})
    if not isinstance(modes, dict):
        problems.append(Problem(label, None, "lexicons", "[lexicons] must be a table", 'write `[lexicons]` then `cues = "extend"` lines'))
        modes = {}
    for name, mode in modes.items():
        if name not in LEXICONS:
            problems.append(Problem(label, None, f"lexicons.{name}", f"unknown lexicon '{name}'", f"use one of: {', '.join(LEXICONS)}"))
        elif mode not in MODES:
            problems.append(Problem(label, None, f"lexicons.{name}", f"unknown mode '{mode}'", "use 'extend' or 'replace'"))
    data["lexicons"] = {k: v for k, v in modes.items() if k in LEXICONS and v in MODES}
    return data


def _default_path(spec: FileSpec, language: str) -> Path:
    if spec.name == "stopwords":
        return LANGUAGES_DIR / "stopwords" / f"{language}.txt"
    return LANGUAGES_DIR / language / spec.file


def _tokenised(entries) -> frozenset[str]:
    """Lower-cased stopwords cut into tokens as the texts are (an entry with an apostrophe gives its parts)."""
    words: set[str] = set()
    for entry in entries:
        words.update(re.findall(TOKEN_PATTERN, entry.lower()))
    return frozenset(words)


def read_profile(
    root: Path | None,
    language: str,
    problems: list[Problem],
    lexical_only: bool = False,
    settings: dict | None = None,
    source: str = "language",
) -> Profile | None:
    """Resolve the profile of a corpus in ``root`` (``None``: the language defaults only), recording problems.

    Parameters
    ----------
    root : Path or None
        The folder beside the corpus's metadata.
    language : str
        The corpus's language (ISO 639-1).
    problems : list of Problem
        Receives every problem of every profile file.
    lexical_only : bool
        Accept a language without defaults: only its stopword list (if one
        ships) and the corpus's own lexicons are used.
    settings : dict, optional
        The parsed ``profile.toml`` when already read (:func:`read_settings`).
    source : str
        Where the language was declared (the metadata file, ``profile.toml``), for a problem's file.

    Returns
    -------
    Profile or None
        ``None`` when the language has no defaults and ``lexical_only`` is false.
    """
    shipped = language in shipped_languages()
    if not shipped and not lexical_only:
        problems.append(
            Problem(
                source,
                None,
                "language",
                f"no defaults for language '{language}' (shipped: {', '.join(shipped_languages())})",
                "declare the right language; or run with --lexical-only for the lexical tables only (stopwords: "
                + ("the shipped list" if language in stopword_languages() else "lexicons/stopwords.txt beside the metadata")
                + "); or add the language's defaults (README, 'Adding a language')",
            )
        )
        return None
    settings = read_settings(root, problems) if settings is None else settings
    modes = settings.get("lexicons", {})
    values: dict = {}
    sources = []
    for name, spec in SPECS.items():
        default = _default_path(spec, language) if spec.lexicon else None
        own = None if root is None else (root / LEXICON_FOLDER / spec.file if spec.lexicon else root / spec.file)
        own = own if own is not None and own.is_file() else None
        mode = modes.get(name, "extend") if own is not None and spec.lexicon else ("own" if own is not None else "")
        parts = []
        use_default = default is not None and default.is_file() and mode != "replace" and (shipped or name == "stopwords")
        for path, label in ((default, f"analysis/languages/{default.relative_to(LANGUAGES_DIR)}" if default else ""), (own, "")):
            if path is None or (path is default and not use_default):
                continue
            label = label or file_label(path, root)
            if spec.text_list:
                entries = _read_list(path, label, problems)
                parts.append(entries or [])
            else:
                table = read_table(path, spec, label, problems)
                parts.append(table if table is not None else _empty(spec))
        if spec.text_list:
            entries = [e for part in parts for e in part]
            values[name] = _tokenised(entries) if name == "stopwords" else frozenset(e.lower().rstrip(".") for e in entries)
            n_rows = len(values[name])
        else:
            frames = [p for p in parts if len(p)] or parts[:1] or [_empty(spec)]
            values[name] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
            n_rows = len(values[name])
        sources.append(
            {
                "resource": name,
                "default": f"{language} default" if use_default else "",
                "corpus_file": "" if own is None else (f"{LEXICON_FOLDER}/{spec.file}" if spec.lexicon else spec.file),
                "mode": mode,
                "rows": n_rows,
            }
        )
    _cross_checks(values, root, problems)
    rules = language_rules(language) if shipped else no_rules(language)
    return Profile(language=language, rules=rules, **values, sources=pd.DataFrame(sources), lexical_only=not shipped)


def _lines(frame: pd.DataFrame) -> list[int]:
    """Return the file line of each row of a table read by :func:`read_table` (data rows from line 2 otherwise)."""
    return frame.attrs.get("lines") or list(range(2, len(frame) + 2))


def _cross_checks(values: dict, root: Path | None, problems: list[Problem]) -> None:
    """Check across files: unique ids, stance cues of known targets, actors of the catalogue."""
    label = (lambda name: file_label(root / name, root)) if root is not None else (lambda name: name)
    targets = set(values["targets"]["target"])
    cues = values["stance_cues"]
    for number, target in zip(_lines(cues), cues["target"]):
        if target not in targets:
            fix = f"use a target of targets.csv ({', '.join(sorted(targets))})" if targets else "add targets.csv with this target"
            problems.append(Problem(label("stance_cues.csv"), number, "target", f"unknown target '{target}'", fix))
    for name, column in (("targets", "target"), ("events", "event_id")):
        frame = values[name]
        _check_unique(frame, column, label(SPECS[name].file), problems, _lines(frame))
    if len(values["targets"]) and not len(values["stance_cues"]):
        problems.append(
            Problem(
                label("targets.csv"),
                None,
                "",
                "targets without stance cues",
                "add stance_cues.csv with topic/favor/against patterns per target",
            )
        )

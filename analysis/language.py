"""Languages: each shipped language's grammar rules, stemmer and stopwords, and language detection.

A language is shipped when ``analysis/languages/<code>/`` holds its
``rules.toml`` (the language-specific regular expressions of the quote, cue,
stance and fidelity rules) beside its default lexicons (see
``analysis/languages/README.md`` for every file, its provenance and licence).
French (``fr``) and English (``en``) are shipped.

Stopword lists of 33 languages (python-stop-words, BSD-3-Clause) ship in
``analysis/languages/stopwords/``: they are the stopwords of ``fr`` and
``en``, the stopwords of a lexical-only run in another language, and the
evidence of :func:`detect_language`, which compares the share of a text's
words that each list holds (a stopword-ratio test, as language identifiers
for short texts have long used: Grefenstette 1995).

Examples
--------
>>> language_rules("en").name
'English'
>>> detect_language("Le conseil municipal a voté la construction de l'usine, et les habitants ne sont pas d'accord. " * 3)[0]
'fr'
>>> detect_language("The city council voted for the plant, and the residents do not agree with it at all. " * 3)[0]
'en'
>>> detect_language("Too short to tell.")
(None, {})
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nltk.stem.snowball import SnowballStemmer

#: Where the language defaults live (package data: they ship in the wheel).
LANGUAGES_DIR = Path(__file__).resolve().parent / "languages"
#: NLTK Snowball stemmers by ISO 639-1 code (for languages shipped without rules: lexical-only runs).
SNOWBALL = {
    "ar": "arabic",
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nb": "norwegian",
    "nl": "dutch",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
}
#: A pattern that never matches (a rule a language does not have).
NEVER = "(?!x)x"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Words of a text that :func:`detect_language` reads (the first ones are enough).
DETECT_WORDS = 3000
#: Fewer words than this: too short to tell.
DETECT_MIN_WORDS = 30


def normalise_code(value: str) -> str:
    """Return the primary ISO 639-1 subtag of a language tag, lower-cased (``fr-CA`` and ``FR`` give ``fr``)."""
    return re.split(r"[-_]", str(value).strip().lower(), maxsplit=1)[0]


def shipped_languages() -> tuple[str, ...]:
    """Codes of the languages shipped with complete defaults (a ``rules.toml`` and the lexicons), sorted."""
    return tuple(sorted(p.parent.name for p in LANGUAGES_DIR.glob("*/rules.toml")))


def stopword_languages() -> tuple[str, ...]:
    """Codes of the languages with a shipped stopword list, sorted."""
    return tuple(sorted(p.stem for p in (LANGUAGES_DIR / "stopwords").glob("*.txt")))


@dataclass(frozen=True)
class ConditionalRules:
    """The journalistic conditional of a language (see :func:`analysis.cues.conditional_spans`)."""

    past: re.Pattern
    any: re.Pattern
    source_marker: re.Pattern
    hypothetical: re.Pattern
    complementiser: re.Pattern
    adverbial_heads: frozenset[str]


@dataclass(frozen=True)
class SpeakerRules:
    """How a language names its speakers (see :mod:`analysis.speakers` and the ``[speakers]`` section of ``rules.toml``)."""

    determiner: str
    definite: re.Pattern
    modifier_before: str
    modifier_after: str
    complement: str
    preposition_before: re.Pattern
    anonymity: re.Pattern
    particles: tuple[str, ...]
    not_names: frozenset[str]
    modifiers_need_determiner: bool = False
    head_last: bool = False
    place_then_name: bool = False
    conjunction: str = "(?!x)x"
    masculine: frozenset[str] = frozenset()
    feminine: frozenset[str] = frozenset()
    age_after: re.Pattern = re.compile(NEVER)
    company_nouns: frozenset[str] = frozenset()
    masculine_titles: frozenset[str] = frozenset()
    feminine_titles: frozenset[str] = frozenset()
    masculine_pronouns: frozenset[str] = frozenset()
    feminine_pronouns: frozenset[str] = frozenset()
    management_nouns: frozenset[str] = frozenset()
    feminine_endings: tuple[tuple[str, str], ...] = ()
    demonym: re.Pattern = re.compile(NEVER)


@dataclass(frozen=True, eq=False)
class Rules:
    """A language's grammar rules: compiled regular expressions and word lists from its ``rules.toml``.

    Each field is documented in the ``rules.toml`` of the shipped languages;
    the functions that use them (:mod:`analysis.sourcing`, :mod:`analysis.cues`,
    :mod:`analysis.stance`, :mod:`analysis.fidelity`) say how.  A language
    without rules (a lexical-only run) gets :func:`no_rules`: patterns that never match.
    Rules compare and hash by identity (one object per language in a process),
    so they are cheap cache keys.
    """

    code: str
    name: str
    stemmer: str
    not_speech: frozenset[str]
    pronoun_before: re.Pattern
    pronoun_after: re.Pattern
    inverted_pronoun: re.Pattern
    complementiser_after: re.Pattern
    complementiser_glued: re.Pattern
    according_to: re.Pattern
    auxiliary_only: re.Pattern
    negation_before: re.Pattern
    negation_particle: re.Pattern
    negation_particle_after: re.Pattern
    negation_needs_particle: bool
    dative_before: re.Pattern
    subject_first_clause: bool
    indirect_min_tokens: int
    role_start: re.Pattern
    conditional: ConditionalRules | None
    always_report: tuple[str, ...]
    stance_negation: re.Pattern
    stance_negation_elided: re.Pattern
    stance_negation_inside: re.Pattern
    fidelity_negation: re.Pattern
    fidelity_modality: re.Pattern
    speakers: SpeakerRules | None = None
    verb_after_quote: re.Pattern = re.compile(NEVER)
    according_to_pronoun: re.Pattern = re.compile(NEVER)
    according_to_needs_speaker: re.Pattern = re.compile(NEVER)
    not_speech_before: re.Pattern = re.compile(NEVER)
    clause_after_subject: re.Pattern = re.compile(NEVER)
    adjunct_before_speaker: re.Pattern = re.compile(NEVER)
    incise: re.Pattern = re.compile(NEVER)
    impersonal_subject: re.Pattern = re.compile(NEVER)
    impersonal_frame: re.Pattern = re.compile(NEVER)
    according_to_source: re.Pattern = re.compile(NEVER)
    participle: re.Pattern = re.compile(NEVER)
    subject_pronoun: re.Pattern = re.compile(NEVER)
    coordinated_verb: re.Pattern = re.compile(NEVER)
    impersonal_pronoun: re.Pattern = re.compile(NEVER)
    origin: str = ""

    def __deepcopy__(self, memo) -> Rules:
        return self  # immutable: a copy (e.g. scikit-learn's clone of an estimator holding it) is the same rules

    def __reduce__(self):
        """Pickle a shipped language's rules by code, so a worker process reuses its own (cached) object."""
        if self.origin == "shipped":
            return (language_rules, (self.code,))
        if self.origin == "none":
            return (no_rules, (self.code,))
        return super().__reduce__()


def _compile(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as err:
        raise ValueError(f"{where}: invalid regular expression ({err})") from err


def parse_rules(data: dict, code: str, where: str = "rules.toml") -> Rules:
    """Build :class:`Rules` from the parsed ``rules.toml`` of language ``code`` (a missing pattern never matches)."""
    src, cond, cues, stance, fid, spk = (data.get(k, {}) for k in ("sourcing", "conditional", "cues", "stance", "fidelity", "speakers"))
    lang = data.get("language", {})

    def pat(section: dict, key: str, name: str) -> re.Pattern:
        return _compile(section.get(key, NEVER), f"{where} [{name}] {key}")

    conditional = None
    if cond:
        conditional = ConditionalRules(
            *(pat(cond, k, "conditional") for k in ("past", "any", "source_marker", "hypothetical", "complementiser")),
            adverbial_heads=frozenset(cond.get("adverbial_heads", ())),
        )
    return Rules(
        code=code,
        name=lang.get("name", code),
        stemmer=lang.get("stemmer", SNOWBALL.get(code, "")),
        not_speech=frozenset(src.get("not_speech", ())),
        **{
            k: pat(src, k, "sourcing")
            for k in (
                "pronoun_before",
                "pronoun_after",
                "inverted_pronoun",
                "complementiser_after",
                "complementiser_glued",
                "according_to",
                "auxiliary_only",
                "negation_before",
                "negation_particle",
                "negation_particle_after",
                "dative_before",
                "role_start",
                "verb_after_quote",
                "according_to_pronoun",
                "according_to_needs_speaker",
                "not_speech_before",
                "clause_after_subject",
                "adjunct_before_speaker",
                "incise",
                "impersonal_subject",
                "impersonal_frame",
                "according_to_source",
                "participle",
                "subject_pronoun",
                "coordinated_verb",
                "impersonal_pronoun",
            )
        },
        negation_needs_particle=bool(src.get("negation_needs_particle", False)),
        subject_first_clause=bool(src.get("subject_first_clause", False)),
        indirect_min_tokens=int(src.get("indirect_min_tokens", 0)),
        conditional=conditional,
        always_report=tuple(cues.get("always_report", ())),
        stance_negation=pat(stance, "negation", "stance"),
        stance_negation_elided=pat(stance, "negation_elided", "stance"),
        stance_negation_inside=pat(stance, "negation_inside", "stance"),
        fidelity_negation=pat(fid, "negation", "fidelity"),
        fidelity_modality=pat(fid, "modality", "fidelity"),
        speakers=_speaker_rules(spk, where) if spk else None,
    )


def _speaker_rules(section: dict, where: str) -> SpeakerRules:
    """Parse the ``[speakers]`` section: patterns kept as text (they are assembled into larger ones) are checked here."""
    text = {}
    for key in ("determiner", "modifier_before", "modifier_after", "complement"):
        text[key] = section.get(key, NEVER)
        _compile(text[key], f"{where} [speakers] {key}")
    return SpeakerRules(
        **text,
        definite=_compile(section.get("definite", NEVER), f"{where} [speakers] definite"),
        preposition_before=_compile(section.get("preposition_before", NEVER), f"{where} [speakers] preposition_before"),
        anonymity=_compile(section.get("anonymity", NEVER), f"{where} [speakers] anonymity"),
        particles=tuple(section.get("particles", ())),
        not_names=frozenset(w.lower() for w in section.get("not_names", ())),
        modifiers_need_determiner=bool(section.get("modifiers_need_determiner", False)),
        head_last=bool(section.get("head_last", False)),
        place_then_name=bool(section.get("place_then_name", False)),
        conjunction=section.get("conjunction", NEVER),
        masculine=frozenset(w.lower() for w in section.get("masculine", ())),
        feminine=frozenset(w.lower() for w in section.get("feminine", ())),
        age_after=_compile(section.get("age_after", NEVER), f"{where} [speakers] age_after"),
        feminine_endings=_endings(section.get("feminine_endings", []), f"{where} [speakers] feminine_endings"),
        demonym=_compile(section.get("demonym", NEVER), f"{where} [speakers] demonym"),
        **{
            key: frozenset(w.lower() for w in section.get(key, ()))
            for key in (
                "company_nouns",
                "management_nouns",
                "masculine_titles",
                "feminine_titles",
                "masculine_pronouns",
                "feminine_pronouns",
            )
        },
    )


def _endings(pairs, where: str) -> tuple[tuple[str, str], ...]:
    """Check the ``feminine_endings`` pairs (``[["rice", "eur"], ["e", ""]]``: feminine ending, masculine ending)."""
    if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(w, str) for w in p) for p in pairs):
        raise ValueError(f"{where}: expected a list of [feminine ending, masculine ending] pairs of strings")
    return tuple((f.lower(), m.lower()) for f, m in pairs)


@cache
def language_rules(code: str) -> Rules:
    """Return the grammar rules of a shipped language (``analysis/languages/<code>/rules.toml``).

    Raises
    ------
    KeyError
        If the language is not shipped (see :func:`shipped_languages`).
    """
    path = LANGUAGES_DIR / code / "rules.toml"
    if not path.is_file():
        raise KeyError(f"no defaults for language {code!r}; shipped: {', '.join(shipped_languages())}")
    with path.open("rb") as f:
        return dataclasses.replace(parse_rules(tomllib.load(f), code, f"analysis/languages/{code}/rules.toml"), origin="shipped")


@cache
def no_rules(code: str) -> Rules:
    """Rules of a language without defaults (a lexical-only run): every pattern never matches."""
    return dataclasses.replace(parse_rules({}, code), origin="none")


@cache
def stopword_list(code: str) -> frozenset[str]:
    """Return the shipped stopword list of a language, lower-cased entries as written (empty when none ships)."""
    path = LANGUAGES_DIR / "stopwords" / f"{code}.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.lstrip().startswith("#"))


@cache
def stemmer(name: str) -> Callable[[str], str]:
    """Return a stemming function: NLTK's Snowball stemmer ``name`` (e.g. ``"french"``), or the identity for ``""``."""
    if not name:
        return str
    return SnowballStemmer(name).stem


def detect_language(text: str, candidates: tuple[str, ...] | None = None) -> tuple[str | None, dict[str, float]]:
    """Guess a text's language from the share of its words found in each shipped stopword list.

    The share of the first :data:`DETECT_WORDS` words (lower-cased) that each
    list holds is computed; the language with the highest share is returned
    when it is at least 0.2 and at least 1.5 times the next one's, else
    ``None`` (too short, or no clear winner).  Function words make up 40-60 %
    of running text in French and English; the margin keeps loanwords and
    short quotations from deciding.

    Parameters
    ----------
    text : str
    candidates : tuple of str, optional
        Languages to consider (default: every shipped stopword list).

    Returns
    -------
    (str or None, dict)
        The language code (or ``None``) and the share per candidate, rounded to 3 decimals.
    """
    words = [w.lower() for w in _WORD.findall(text[: 20 * DETECT_WORDS])[:DETECT_WORDS]]
    candidates = candidates or stopword_languages()
    if len(words) < DETECT_MIN_WORDS:
        return None, {}
    shares = {code: sum(w in stopword_list(code) for w in words) / len(words) for code in candidates}
    ranked = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
    best, share = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    found = best if share >= 0.2 and share >= 1.5 * runner_up else None
    return found, {k: round(v, 3) for k, v in shares.items()}

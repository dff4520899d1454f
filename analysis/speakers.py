r"""Speakers found in the text: names, roles and organisations, resolved within a document.

A quotation's speaker is whoever the text names for it, not an entry of a
hand-made list.  This module finds, in each sentence, the **mentions** that
can be speakers, and resolves them across the document:

* **names**: sequences of capitalised words (with particles: "Jean de La
  Fontaine"), after a title or not ("M. Dubreuil", "Dr. Priya Nair"); a
  capitalised role before a name is the name's role ("Mayor Ana Ruiz",
  "Sheriff Luis Ortega"); a sequence ending with an organisation noun is an
  organisation ("Riverton Fire Department"), as is an acronym ("CGT") and a
  name after an organisation noun ("l'association Eau Vive").  A name after a
  preposition ("à Quimper", "in Riverton") is not a speaker; a lone
  capitalised word at a sentence start ("Interrogée, …") is a name only when
  the document also writes it capitalised inside a sentence.
* **roles**: a noun phrase whose head is a role or organisation noun of the
  language's ``roles.csv`` (a profile lexicon: extend it with a corpus's own
  roles), with its determiner, modifiers and complement ("le directeur de
  l'usine", "des grévistes", "the county health director", "a spokeswoman for
  the district").  A role phrase whose complement holds a proper name and whose
  head is an organisation noun is a named organisation ("le ministère de la
  Santé").  A role followed by an anonymity marker ("… qui a requis
  l'anonymat", "… who spoke on condition of anonymity") is anonymous.
* **appositions** tie a role to a name: "la ministre de la Santé, Claire
  Martin", "Claire Martin, adjointe à l'urbanisme, a dit", "said Tom Becker,
  the union's president", "county administrator Robert Haines".

Within a document (:class:`People`), a later short reference is the earlier
full name when the text says so: a surname or title and surname ("Mme Martin",
"Becker") is the full name with that last name; a definite role ("la
ministre", "the sheriff") is the one person the document gives that role.  A
role alone never becomes a person the document does not name (an actor file
may say so for its corpus: its aliases are matched first).

These are the speaker-identification steps of the Gender Gap Tracker (Asr et
al. 2021, sfu-discourse-lab/GenderGapTracker, MIT: named entities, then
coreference of surnames and titles to full names within the article) done by
rules over capitalisation and the role lexicon instead of a statistical
parser, in both languages; ``README.md`` ("Speakers") gives the measured
accuracy and why rules were chosen.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import NamedTuple

from . import kernels
from .language import SpeakerRules

#: Upper- and lower-case letters of the Latin alphabets (names are found by their capitals).
UPPER = "A-ZÀ-ÖØ-ÞŒŠŽŸŁŚŹŻĆĘĄŃŐŰĞŞŢȘȚČŘĎŤŇŮİ"
LOWER = "a-zß-öø-ÿœšžĀ-ſ"  # with Latin Extended-A ("Aydın", "Wałęsa", "Dvořák")
_CAP = rf"(?:[{UPPER}][{LOWER}]+(?:[{UPPER}][{LOWER}]+)?\.?|[{UPPER}]{{2,}}(?![{LOWER}])|[{UPPER}]\.)"
# "O'Neill", "N'Diaye", "D'Amico", "Guivarc'h" (Breton c'h) are one word
_CAPWORD = rf"(?:[NOD]['’])?{_CAP}(?:(?<=c)['’]h)?(?:-(?:(?:[NOD]['’])?{_CAP}|[{LOWER}]+))*"  # "Chappuis-N'Guessan", "D'Amico"
_WORD = r"[^\W\d_][\w'’-]*"
#: Characters before a mention in which a preposition ("auprès de la ", "jusqu'à ") is looked for.
PREPOSITION_WINDOW = 16
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w-]*)\s+$")
_NON_SPACE = re.compile(r"\S+")
_ROLE_AFTER = re.compile(r"\s*,\s*([^\W\d_][\w-]*)(?:\s+([^\W\d_][\w-]*))?")
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w-]*)(?![\w'’])")
_POSSESSIVE_END = re.compile(r"['’]s\s*$")
_POSSESSIVE_BEFORE = re.compile(r"\w['’]s\s+$")
_FIRST_WORD = re.compile(r"\S+\s+")
_COMPOUND_GAP = re.compile(r"(?:\s+[^\W\d_][\w-]*){0,2}\s+")
_CAPITAL = re.compile(rf"(?<![\w'’-])[{UPPER}]")
#: After a role phrase, a relative clause that may carry an anonymity marker ("un cadre, qui a requis l'anonymat").
_RELATIVE_AFTER = re.compile(r"\s*,?\s*(?:qui|who|that)\b", re.IGNORECASE)
_COMMA = re.compile(r"\s*,\s*")
_OPTIONAL_COMMA = re.compile(r"\s*,?\s*")
_TAIL_COMMA = re.compile(r",\s*$")
_APPOSITION_END = re.compile(r"\s*(?:[,.;:)]|$|\s)")
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")
_ACRONYM = re.compile(rf"\s*\(((?-i:[{UPPER}]{{2,8}}))\)")
_ELIDED = r"(?:(?<=\b[lLdDjJnNsStTmMcC]['’])|(?<=\b[qQ]u['’])|(?<![\w'’-]))"


@dataclass(frozen=True)
class Mention:
    """A speaker mention in a sentence (offsets relative to the sentence).

    ``speaker_type`` is ``named``, ``role``, ``anonymous`` or ``unknown``;
    ``role`` the role the text gives a named speaker; ``kind`` what was found
    (``actor``, ``person``, ``organisation``, ``role``, ``anonymous``);
    ``tokens`` a name's words; ``head`` a role phrase's role noun; ``single``
    a one-word name without title; ``definite`` a role with a definite
    determiner; ``at_start`` a mention that opens its sentence.
    """

    start: int
    end: int
    speaker: str
    speaker_type: str
    affiliation: str
    dative: bool = False
    role: str = ""
    kind: str = ""
    tokens: tuple[str, ...] = ()
    head: str = ""
    single: bool = False
    definite: bool = False
    plural: bool = False
    at_start: bool = False
    head_start: int = -1
    gender: str = ""


@dataclass(frozen=True, eq=False)
class SpeakerLexicon:
    """The compiled words and patterns that find speakers in one language (see :func:`speaker_lexicon`)."""

    rules: SpeakerRules
    titles: frozenset[str]
    roles: frozenset[str]
    organisations: frozenset[str]
    stopwords: frozenset[str]
    name: re.Pattern
    head: re.Pattern
    heads: tuple[str, ...]
    left: re.Pattern
    right: re.Pattern
    org_before: re.Pattern
    org_tail: re.Pattern
    head_scanner: kernels.PlainScanner  # or a faster equal scanner (analysis.kernels.scanner)
    modifier: re.Pattern = re.compile("(?!x)x")  # one word that may follow a role noun (rules.modifier_after)
    determiner_gap: re.Pattern = re.compile("(?!x)x")  # a comma and a determiner between a role and a titled name
    linker: re.Pattern = re.compile("(?!x)x")  # one word of a role's complement: a preposition, a determiner, a conjunction
    verb_object: re.Pattern = re.compile("(?!x)x")  # what follows a verb, not an adjective: a complementiser or a determiner


def _plural(word: str) -> str:
    """Return a role word's pattern, its plural (-s, -x) allowed."""
    body = r"\s+".join(re.escape(w) for w in word.split())
    return body + r"(?:s|x)?"


@lru_cache(maxsize=16)
def _compile(rules: SpeakerRules, roles: tuple[tuple[str, str], ...], stopwords: frozenset[str]) -> SpeakerLexicon:
    titles = frozenset(w for w, k in roles if k == "title")
    role_words = frozenset(w for w, k in roles if k == "role")
    org_words = frozenset(w for w, k in roles if k == "organisation")
    heads = tuple(sorted(role_words | org_words, key=lambda w: (-len(w), w)))
    particles = "|".join(re.escape(p) for p in rules.particles) or "(?!x)x"
    name = re.compile(rf"{_ELIDED}{_CAPWORD}(?:\s+(?:(?:{particles})\s+)?{_CAPWORD}){{0,4}}(?![\w'’-])")
    head_patterns = [_plural(w) for w in heads]
    head = kernels.alternation(head_patterns, prefix="r") if heads else re.compile("(?!x)x")
    det = rules.determiner
    left = re.compile(rf"(?:(?<![\w'’-])(?P<det>{det})(?:\s+|(?<=['’])))?(?P<mods>(?:{rules.modifier_before}\s+){{0,3}})$", re.IGNORECASE)
    # one complement of a role or organisation noun: "de la Santé", "de santé (ARS) Loire-Bocage"
    unit = (
        rf"{rules.complement}(?:\s+|(?<=['’]))(?:(?:{det})(?:\s+|(?<=['’])))?{_WORD}(?:\s+{rules.modifier_after}(?![\w'’-]))?"
        rf"(?:\s+\((?-i:[{UPPER}]{{2,8}})\))?(?:\s+(?-i:[{UPPER}][\w'’-]*))*"
    )
    right = re.compile(
        # "le député (RN) du Pas-de-Calais", "la Compagnie ferroviaire nationale (CFN)"
        rf"(?P<after>(?:\s*\([^()]{{1,20}}\))?(?:\s+{rules.modifier_after}(?![\w'’-])){{0,2}}(?:\s+\((?-i:[{UPPER}]{{2,8}})\))?)"
        rf"(?P<comp>(?:\s+{unit}(?:\s+{unit}|\s+{rules.conjunction}\s+{unit}(?:\s+{unit})?)?)?)",  # "de santé (ARS) Loire-Bocage", "de commerce et d'industrie"
        re.IGNORECASE,
    )
    orgs = "|".join(_plural(w) for w in sorted(org_words, key=lambda w: (-len(w), w))) or "(?!x)x"
    org_before = re.compile(rf"(?:(?<![\w'’-])(?:{det})(?:\s+|(?<=['’])))?(?<![\w'’-])(?P<org>{orgs})\s+$", re.IGNORECASE)
    org_tail = re.compile(
        rf"\s+(?:{rules.complement})(?:\s+|(?<=['’])){_CAPWORD}(?:\s+(?:(?:{particles})\s+)?{_CAPWORD}){{0,3}}(?![\w'’-])"
    )
    scanner = kernels.scanner([head_patterns], [head])
    modifier = re.compile(rules.modifier_after, re.IGNORECASE)
    determiner_gap = re.compile(rf"\s*,\s*(?:{det})\s+", re.IGNORECASE)
    linker = re.compile(rf"(?:{rules.complement}|{det}|{rules.conjunction})['’]?", re.IGNORECASE)
    verb_object = re.compile(rf"\s+(?:qu(?:e\b|['’])|(?:{det})(?:\s|(?<=['’]))|à\b|to\b|that\b)", re.IGNORECASE)
    return SpeakerLexicon(
        rules,
        titles,
        role_words,
        org_words,
        stopwords,
        name,
        head,
        heads,
        left,
        right,
        org_before,
        org_tail,
        scanner,
        modifier,
        determiner_gap,
        linker,
        verb_object,
    )


def speaker_lexicon(roles, rules: SpeakerRules | None, stopwords: frozenset[str]) -> SpeakerLexicon | None:
    """Compile a profile's ``roles`` lexicon (``word, kind``) with its language's speaker rules (``None`` without rules).

    Compiled once per distinct lexicon (cached).
    """
    if rules is None:
        return None
    rows = tuple(sorted({(str(w).strip().lower().rstrip("."), str(k)) for w, k in zip(roles["word"], roles["kind"]) if str(w).strip()}))
    return _compile(rules, rows, frozenset(stopwords))


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case ``text`` without accents, apostrophes made straight (the key names are compared by).

    >>> fold("Hélène N’Diaye")
    "helene n'diaye"
    """
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


@lru_cache(maxsize=16)
def determiner_patterns(pattern: str) -> tuple[re.Pattern, re.Pattern]:
    """Compile a language's determiner pattern: at a phrase's start, and alone."""
    return re.compile(rf"(?:{pattern})(?:\s+|(?<=['’]))", re.IGNORECASE), re.compile(pattern, re.IGNORECASE)


def strip_determiner(phrase: str, rules: SpeakerRules) -> str:
    """Return a role phrase as written, without its leading determiner ("le porte-parole de l'usine" -> "porte-parole de l'usine")."""
    start, whole = determiner_patterns(rules.determiner)
    m = start.match(phrase)
    if m and _POSSESSIVE_END.search(m.group()):  # a possessive stays ("the union's president" -> "union's president")
        m = _FIRST_WORD.match(phrase) if whole.fullmatch(phrase.split(" ", 1)[0]) else None
    return phrase[m.end() :] if m else phrase


def find_names(raw: str, lex: SpeakerLexicon) -> list[Mention]:
    """Names of persons and organisations in a sentence (see the module docstring).

    Examples
    --------
    >>> from analysis.profile import Profile
    >>> fr = Profile.default("fr")
    >>> lex = speaker_lexicon(fr.roles, fr.rules.speakers, fr.stopwords)
    >>> [(m.speaker, m.kind, m.dative) for m in find_names("Selon Mme Claire Martin, le syndicat CGT et le maire Paul Ndiaye à Quimper.", lex)]
    [('Claire Martin', 'person', False), ('syndicat CGT', 'organisation', False), ('Paul Ndiaye', 'person', False), ('Quimper', 'person', True)]

    ("le maire" is tied to Paul Ndiaye by :func:`appositions`; "à Quimper" is a
    place, flagged ``dative``: no speaker.)
    """
    rules = lex.rules
    out = []
    opening = len(raw) - len(raw.lstrip(" «»“”\"'‘’(—–-"))
    runs = []
    for m in lex.name.finditer(raw):
        text = m.group()
        if " " not in text and (text.lower() in lex.stopwords or text.lower() in rules.not_names):
            continue  # "Le", "Lundi": the most frequent capitalised words, no name
        words = [(w.group(), w.start() + m.start()) for w in _NON_SPACE.finditer(text)]
        # an acronym followed by a name ends a run: "à l'ARI Nadia Benchekroun" is the ARI, then Nadia Benchekroun
        cut = [i + 1 for i, (w, _) in enumerate(words[:-1]) if len(w) > 1 and w.isupper() and not words[i + 1][0].isupper()]
        # a title inside a run starts a name: "à La Boussole Me Samir Boukhari"
        cut = sorted({*cut, *(i for i, (w, _) in enumerate(words) if i > 0 and i < len(words) - 1 and w.lower().rstrip(".") in lex.titles)})
        for a, b in zip([0, *cut], [*cut, len(words)]):
            run = words[a:b]
            # "du Pas-de-Calais Loïc Jambert", "du Finistère Odile Kerbrat": a place after a preposition, then a name (a hyphenated
            # place in any language; any word where names of bodies are not written in title case: ``place_then_name``)
            if (
                len(run) >= 3
                and rules.preposition_before.search(raw[max(0, run[0][1] - PREPOSITION_WINDOW) : run[0][1]])
                # a hyphenated place in any language; any place inside a role's complement where bodies are not written in
                # title case ("la sénatrice du Finistère Odile Kerbrat"; not "a affirmé au New York Times")
                and ("-" in run[0][0] or (rules.place_then_name and lex.head.search(raw, max(0, run[0][1] - 40), run[0][1])))
            ):
                runs.append((run[:1], False))
                run = run[1:]
            runs.append((run, m.start() <= opening and a == 0 and len(run) == b - a))
    for words, first in runs:
        titled = False
        title_at = -1
        gender = ""
        role_before: list[str] = []
        # a title, stopwords and sentence openers before the name
        while words:
            low = words[0][0].lower().rstrip(".")
            if low in lex.titles:
                titled = True
                title_at = words.pop(0)[1]
                gender = "m" if low in rules.masculine_titles else "f" if low in rules.feminine_titles else ""
                break
            if low in lex.stopwords or low in rules.not_names or fold(low) in rules.not_names:
                words.pop(0)
                continue
            break
        # a demonym after a determiner, before a name: "la Suissesse Béatrice Favre-Monnier" (a description, not the name); a
        # preposition before it still makes the name a place or an object ("sur l'Italienne Giulia Ferrandi")
        described_at = -1
        if len(words) >= 3 and not titled and rules.demonym.fullmatch(words[0][0]) and _after_determiner(raw, words[0][1], lex):
            described_at = words.pop(0)[1]
        # a capitalised role before the name: "Mayor Ana Ruiz", "Police Chief Dana Reyes"
        last_role = max((i for i, (w, _) in enumerate(words[:-1]) if w.lower().rstrip(".") in lex.roles), default=-1)
        if last_role >= 0 and words[-1][0].lower().rstrip(".") not in lex.organisations:
            role_before = [w for w, _ in words[: last_role + 1]]
            words = words[last_role + 1 :]
        # a trailing period is the sentence's, not the name's (titles were taken off above)
        while words and words[-1][0].endswith(".") and len(words[-1][0]) > 2:
            words[-1] = (words[-1][0][:-1], words[-1][1])
        if not words:
            continue
        tokens = tuple(w for w, _ in words)
        if len(tokens) == 1 and not titled:  # "Critics said", "Residents": a capitalised role noun is a role, not a name
            low = tokens[0].lower()
            if low in lex.roles or (low[:-1] in lex.roles and low[-1:] in "sx"):
                continue
        start, end = words[0][1], words[-1][1] + len(words[-1][0])
        start = title_at if titled and not role_before else start  # "Me Arnaud Villeneuve": the mention starts at its title
        if all(t.lower() in lex.stopwords or fold(t) in rules.not_names for t in tokens):
            continue
        lead = described_at if described_at >= 0 else start
        before = raw[max(0, lead - PREPOSITION_WINDOW) : lead]
        org = _previous_organisation(raw, start, lex)  # "l'association Eau Vive": an organisation noun right before
        last = tokens[-1].lower()
        is_org = (
            last in lex.organisations
            or last.rstrip("sx") in lex.organisations
            or (len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1)
        )
        dative = raw[start - 1 : start] == "(" and raw[end : end + 1] == ")"  # "(RN)": a party or an acronym aside
        if org and not titled and not role_before:
            start, is_org = org.start(1), True
            # "l'association Transparence civique": the name's own lower-case words after an organisation noun
            while (
                (word := _NEXT_WORD.match(raw, end))
                and lex.modifier.fullmatch(word.group(1))
                and word.group(1).islower()
                and not lex.verb_object.match(raw, word.end())  # "l'association Eau Vive rappelle que …": a verb
            ):
                end = word.end()
        elif (prep := rules.preposition_before.search(before) or _POSSESSIVE_BEFORE.search(before)) and not titled:
            # "l'ARS", "l'ONU": an article before an acronym, which speaks ("D'après l'ARS"); "l'Ukraine" stays a place
            dative = not (
                is_org and len(tokens) == 1 and tokens[0].isupper() and fold(prep.group()) == "l'"
            )  # "à Quimper", "in Riverton", "Pour Stéphane Le Goff": a place, an object, or a speaker only for "selon"
        if is_org:  # "Department of Transportation", "Université de Rochenval"
            tail = lex.org_tail.match(raw, end)
            end = tail.end() if tail else end
        speaker = raw[start:end] if is_org else " ".join(tokens)
        out.append(
            Mention(
                start,
                end,
                speaker,
                "named",
                "",
                dative=dative,
                role=" ".join(role_before),
                kind="organisation" if is_org else "person",
                tokens=tuple(t.rstrip(".") for t in tokens),
                # "Léa, 27 ans", "Kevin, saisonnier": a first name with an age or a role is a person (vox pop), not a lone
                # capitalised word
                single=len(tokens) == 1 and not titled and not is_org and not _described(raw, end, lex),
                at_start=first and (start <= opening + (len(" ".join(role_before)) + 1 if role_before else 0) or titled),
                gender=gender,
            )
        )
    return out


def _after_determiner(raw: str, at: int, lex: SpeakerLexicon) -> bool:
    """Whether the language's determiner, and nothing else, stands right before ``at`` ("la Suissesse")."""
    left = lex.left.search(raw[max(0, at - 60) : at])
    return bool(left and left.group("det") and not left.group("mods").strip())


def _described(raw: str, end: int, lex: SpeakerLexicon) -> bool:
    """Whether a name is followed by an age or a role noun after a comma: "Léa, 27 ans", "Kevin, saisonnier", "Urs, retraité"."""
    if lex.rules.age_after.match(raw[end : end + 24]):
        return True
    after = _ROLE_AFTER.match(raw, end)
    if after is None:
        return False
    first, second = (w.lower() if w else "" for w in after.groups())
    # "Kevin, saisonnier", "Bernard, ancien cadre"; not "À Genève, le ministre …" (a determiner opens a new clause)
    return first in lex.roles or (first not in lex.stopwords and second in lex.roles)


def _previous_organisation(raw: str, start: int, lex: SpeakerLexicon) -> re.Match | None:
    """Return the organisation noun right before a name ("l'association Eau Vive"), or one modifier before it ("l'équipementier automobile Altheris")."""
    prev = _PREVIOUS_WORD.search(raw, max(0, start - 40), start)
    for _ in range(2):
        if prev is None:
            return None
        word = prev.group(1).lower()
        if word in lex.organisations or word.rstrip("sx") in lex.organisations:
            return prev
        if not lex.modifier.fullmatch(word):
            return None
        prev = _PREVIOUS_WORD.search(raw, max(0, prev.start(1) - 40), prev.start(1))
    return None


def _gender(det: str | None, rules: SpeakerRules) -> str:
    """Return the grammatical gender a determiner marks ("le" m, "la" f; "" when it marks none, as "l'" or "the")."""
    word = det.strip().lower() if det else ""
    return "m" if word in rules.masculine else "f" if word in rules.feminine else ""


def noun_gender(word: str, lex: SpeakerLexicon) -> str:
    """Return the gender a role noun's form marks when the lexicon holds the other form ("avocate" f, "avocat" m), else "".

    The language's ``feminine_endings`` give the pairs of endings.

    Examples
    --------
    >>> from analysis.profile import Profile
    >>> fr = Profile.default("fr")
    >>> lex = speaker_lexicon(fr.roles, fr.rules.speakers, fr.stopwords)
    >>> [noun_gender(w, lex) for w in ("avocate", "directeur", "ministre", "déléguées")]
    ['f', 'm', '', 'f']
    """
    w = word.lower()
    if w not in lex.roles:
        w = w[:-1] if w[:-1] in lex.roles else w
    for fem, masc in lex.rules.feminine_endings:
        if w.endswith(fem) and w[: len(w) - len(fem)] + masc in lex.roles and fem != masc:
            return "f"
    for fem, masc in lex.rules.feminine_endings:
        if w.endswith(masc) and w[: len(w) - len(masc)] + fem in lex.roles:
            return "m"
    return ""


class Head(NamedTuple):
    """A role or organisation noun found in a sentence: its offsets and the index of its word in ``SpeakerLexicon.heads``.

    Kept instead of the ``re.Match`` (whose group marks, one pair per group of
    the lexicon's alternation, take kilobytes: a long document's heads held
    at once took more memory than its text).
    """

    start: int
    end: int
    word: int

    @classmethod
    def of(cls, m: re.Match) -> Head:
        """Return the head of a match of :attr:`SpeakerLexicon.head` (or its scanner)."""
        return cls(m.start(), m.end(), kernels.alternative(m))


def find_heads_many(texts: Sequence[str], lex: SpeakerLexicon) -> list[list[Head]]:
    """Return the role and organisation nouns of each text, the batch scanned at once (:func:`analysis.kernels.scanner`)."""
    return [[h for _, h in found] for found in lex.head_scanner.scan_many(texts, keep=Head.of)]


def find_roles(raw: str, lex: SpeakerLexicon, names: Sequence[Mention] = (), heads: Sequence[Head] | None = None) -> list[Mention]:
    """Role phrases of a sentence: "le porte-parole de l'usine", "des grévistes", "the county health director".

    A name in a role phrase's complement belongs to it ("la porte-parole de
    Recyval", "owner of Panadería Luz": :func:`sentence_mentions` drops it as
    a speaker); when the head is an organisation noun, the phrase is a named
    organisation ("le ministère de la Santé").

    Examples
    --------
    >>> from analysis.profile import Profile
    >>> en = Profile.default("en")
    >>> lex = speaker_lexicon(en.roles, en.rules.speakers, en.stopwords)
    >>> [(m.speaker, m.speaker_type) for m in find_roles("The county health director and two nurses who asked not to be named said so.", lex)]
    [('county health director', 'role'), ('nurses', 'anonymous')]
    """
    rules = lex.rules
    out: list[Mention] = []
    taken_until = -1
    found = [Head.of(m) for m in lex.head.finditer(raw)] if heads is None else sorted(heads, key=lambda h: h.start)
    for i, m in enumerate(found):
        if m.start < taken_until:
            continue
        if rules.head_last and i + 1 < len(found):  # "the county health director", "Council member": the last noun is the head
            between = raw[m.end : found[i + 1].start]
            if _COMPOUND_GAP.fullmatch(between) and not any(w.lower() in lex.stopwords for w in between.split()):
                continue
        word = lex.heads[m.word]
        left = lex.left.search(raw[max(0, m.start - 60) : m.start])
        det = left.group("det") if left else None
        mods = left.group("mods") if left else ""
        # modifiers are content words; in a language whose modifiers are any words, only after a determiner ("residents said")
        # unless they are role or organisation nouns themselves ("Council member", "district engineer")
        kept = mods.split()

        nouns = lex.roles | lex.organisations
        while kept and (
            (det is None and rules.modifiers_need_determiner and kept[0].lower().rstrip("'’s") not in nouns)
            or any(w.lower().rstrip("'’s") in lex.stopwords for w in kept)
        ):
            kept.pop(0)
            if det is not None and kept and not any(w.lower() in lex.stopwords for w in kept):
                break
        if det is not None and kept != mods.split():
            det = None  # the determiner belonged before a stopword that was cut
        start = m.start - len(" ".join(kept)) - (1 if kept else 0)
        if det is not None:
            start = m.start - len(left.group(0))
        r = lex.right.match(raw, m.end)
        end = r.end() if r else m.end
        # a person's name that is not the complement's ("le député du Pas-de-Calais Loïc Jambert") ends the role phrase
        own = [n.start for n in names if m.end < n.start < end and n.kind == "person" and not n.dative and len(n.tokens) > 1]
        if own:
            end = min(own)
        # a name inside the complement: an organisation's proper name, or the end of the role phrase
        # an organisation with a proper name in its complement or modifiers: "la préfecture de la Haute-Vaudre", "le syndicat CGT"
        tail = raw[m.end : end]
        is_named_org = word in lex.organisations and bool(_CAPITAL.search(tail)) and not _titled_complement(tail, lex)
        phrase = raw[start:end].rstrip(" ,")
        end = start + len(phrase)
        written = raw[m.start : m.end].lower()
        plural = written != word and written.endswith(("s", "x"))
        anonymous = bool(rules.anonymity.match(raw[end : end + 70].lstrip(" ,")) or rules.anonymity.search(phrase))
        if not anonymous:
            tail = raw[end : end + 70]
            anonymous = bool(_RELATIVE_AFTER.match(tail) and rules.anonymity.search(tail))
        speaker = _ACRONYM.sub("", strip_determiner(phrase, rules))  # "Agence régionale de santé (ARS) Loire-Bocage": the acronym aside
        acronym = _ACRONYM.search(phrase)
        after_preposition = bool(rules.preposition_before.search(raw[max(0, start - PREPOSITION_WINDOW) : start]))
        out.append(
            Mention(
                start,
                end,
                speaker,
                "named" if is_named_org else ("anonymous" if anonymous else "role"),
                "",
                dative=after_preposition,  # "à la mairie", "at City Hall": a place or an addressee, not a speaker
                kind="organisation" if is_named_org else "role",
                head=word,
                head_start=m.start,
                tokens=(acronym.group(1),) if acronym and is_named_org else (),
                definite=bool(det and rules.definite.match(det.strip())),
                gender=_gender(det, rules) or (noun_gender(written, lex) if word not in lex.organisations else ""),
                plural=plural,
                at_start=not raw[:start].strip(" «“\"'‘(—–-"),
            )
        )
        taken_until = end
    return out


def _titled_complement(tail: str, lex: SpeakerLexicon) -> bool:
    """Whether a noun's complement is a titled person ("conseil de M. de Saint-Aubin"): a person's role, not a body's name."""
    words = _WORD_RE.findall(tail)
    return len(words) >= 2 and bool(lex.linker.fullmatch(words[0])) and words[1].lower().rstrip(".") in lex.titles


def _role_tail(
    raw: str, r: Mention, n: Mention, names: Sequence[Mention], verbs: Sequence[tuple], lex: SpeakerLexicon | None = None
) -> bool:
    """Whether the words between a role phrase and a name are the role's own, then a comma.

    "la ministre sénouéenne des affaires étrangères, Aïssata Konaté-Bary", "le
    président et chef de la direction de Ressources Nordet, Étienne
    Bouchard-Lavoie": at most 60 characters, no reporting verb, no other
    person, no sentence punctuation before the comma.
    """
    gap = raw[r.end : n.start]
    if lex is not None and any(w.lower() in lex.stopwords and not lex.linker.fullmatch(w) for w in _WORD_RE.findall(gap)):
        return False  # "Le procureur a requis deux ans, Paul Arnaud …": a clause, not the role's own words
    return (
        len(gap) <= 60
        and _TAIL_COMMA.search(gap) is not None
        and not any(c in gap.rstrip()[:-1] for c in ',;:.!?«»"“”()')
        and not any(r.end <= v[0] < n.start for v in verbs)
        # another person's name ends it; a lone capitalised word is the role's own ("ministre du Travail et des Solidarités, X")
        and not any(r.end <= m.start < n.start and m.kind == "person" and not m.single for m in names)
    )


def _name_then_role(raw: str, n: Mention, r: Mention, lex: SpeakerLexicon | None) -> bool:
    """Whether only a comma, or a comma and an age, stand between a name and a role: "X, adjointe", "Bernard, 71 ans, ancien cadre"."""
    if _COMMA.fullmatch(raw, n.end, r.start):
        return True
    age = lex.rules.age_after.match(raw[n.end : r.start]) if lex is not None else None
    return bool(age) and _COMMA.fullmatch(raw, n.end + age.end(), r.start) is not None


def _titled_after(raw: str, r: Mention, n: Mention, lex: SpeakerLexicon | None) -> bool:
    """Whether a titled name follows a role after a comma and a determiner: "le chef du service, le Dr Youssef Amrani"."""
    if lex is None:
        return False
    first = raw[n.start : n.end].split(maxsplit=1)[0].lower().rstrip(".")
    return first in lex.titles and bool(lex.determiner_gap.fullmatch(raw, r.end, n.start))


def appositions(
    raw: str, names: Sequence[Mention], roles: Sequence[Mention], verbs: Sequence[tuple] = (), lex: SpeakerLexicon | None = None
) -> list[tuple[Mention, Mention]]:
    """Pairs (name, role) the sentence puts side by side: "X, adjointe à …", "la ministre …, X", "le maire X".

    A role may run on for a few words of its own before the comma and the name
    (:func:`_role_tail`; ``verbs``: the sentence's reporting verbs, which end it).

    Examples
    --------
    >>> from analysis.profile import Profile
    >>> fr = Profile.default("fr")
    >>> lex = speaker_lexicon(fr.roles, fr.rules.speakers, fr.stopwords)
    >>> raw = "« Nous irons », a dit la ministre de la Santé, Claire Martin."
    >>> names = find_names(raw, lex)
    >>> [(n.speaker, r.speaker) for n, r in appositions(raw, names, find_roles(raw, lex, names))]
    [('Claire Martin', 'ministre de la Santé')]
    """
    pairs = []
    for n in names:
        if n.kind != "person":
            continue
        for r in roles:
            if r.speaker_type == "named":
                continue
            if r.start >= n.end and _name_then_role(raw, n, r, lex) and _APPOSITION_END.match(raw, r.end):
                pairs.append((n, r))  # "Claire Martin, adjointe à l'urbanisme, a …"
            elif r.end <= n.start and not r.plural and (_OPTIONAL_COMMA.fullmatch(raw, r.end, n.start) or _titled_after(raw, r, n, lex)):
                pairs.append((n, r))  # "la ministre de la Santé, Claire Martin", "le maire Jean Dupont"
            elif r.end <= n.start and not r.plural and _role_tail(raw, r, n, names, verbs, lex):
                own = raw[r.end : n.start].rstrip().rstrip(",").rstrip()  # the role's own words: "… des affaires étrangères"
                pairs.append((n, replace(r, speaker=r.speaker + own)))
    # "l'auteur de la motion, le député Damien Rochat-Zbinden": a role before the role set beside a name is that name's too
    for n, r in list(pairs):
        if r.end <= n.start and lex is not None:
            pairs += [
                (n, x)
                for x in roles
                if x.speaker_type != "named"
                and not x.plural
                and x.head not in lex.organisations  # "le permis de l'entreprise, le ministre X": not the company
                and _COMMA.fullmatch(raw, x.end, r.start)
            ]
    return pairs


_DEFINED = re.compile(rf"\s*\(((?-i:[{UPPER}][{UPPER}0-9&]{{1,9}}))\)")
_SPAN_WORD = re.compile(r"[^\W_][\w-]*")  # an elided article ('l’') is a word of its own


def acronym_definitions(raw: str, stopwords: frozenset[str]) -> list[tuple[int, int, str, str]]:
    """Bodies a sentence names in full before their acronym: ``(start, end, name, acronym)``, ``end`` after the parenthesis.

    "le Syndicat autonome des métallurgistes de la Romanche (SAMR)": the name
    is the stretch from a capitalised word to the parenthesis whose content
    words' initials spell the acronym (hyphenated words count each part;
    digits aside, "ORM74"), else whose words' initials hold its letters in
    order; a later "SAMR" is that body (:func:`analysis.sourcing.extract_quotes`).

    Examples
    --------
    >>> acronym_definitions("D'après l'Observatoire alpin climat-santé (OACS), le coût sera élevé.", frozenset({"de", "la"}))
    [(10, 48, 'Observatoire alpin climat-santé', 'OACS')]
    """
    out = []
    for m in _DEFINED.finditer(raw):
        acronym = m.group(1)
        letters = fold("".join(c for c in acronym if c.isalpha()))
        words = list(_SPAN_WORD.finditer(raw, max(0, m.start() - 120), m.start()))[-10:]
        found = None
        for k in range(len(words) - 1, -1, -1):
            first = words[k].group()
            if not first[:1].isupper() or fold(first[:1]) != letters[:1]:
                continue
            parts = [p for w in words[k:] for p in w.group().split("-") if p]
            content = "".join(fold(p[0]) for p in parts if p.lower() not in stopwords and len(p) > 1)
            every = "".join(fold(p[0]) for p in parts)
            if letters in (content, every):
                found = k
                break
            if found is None and _subsequence(letters, every):
                found = -k - 1  # the nearest loose match, kept unless an exact one stands further back
        if found is not None:
            k = found if found >= 0 else -found - 1
            start = words[k].start()
            name = raw[start : m.start()].strip(" ,")
            if len(name.split()) > 1:
                out.append((start, m.end(), name, acronym))
    return out


def _subsequence(letters: str, initials: str) -> bool:
    it = iter(initials)
    return all(c in it for c in letters)


@lru_cache(maxsize=64)
def _folded(words: frozenset[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


@lru_cache(maxsize=16)
def _other_bodies(lex: SpeakerLexicon) -> frozenset[str]:
    """Role and organisation nouns that are not a company's: a management noun's complement naming one is another body's."""
    return (lex.organisations | lex.roles) - lex.rules.company_nouns


def _key(tokens: Sequence[str]) -> tuple[str, ...]:
    return tuple(fold(t) for t in tokens)


class People:
    """The persons a document names, their roles, and the resolution of later references to them.

    Built from every sentence's names and appositions (:meth:`add`), then
    asked to resolve each mention (:meth:`resolve`).
    """

    def __init__(self) -> None:
        # each proper ending of a full name (folded tokens: "martin" of "Claire Martin") -> its (sentence, name as written),
        # sorted by sentence when asked (:meth:`full_name`); a look-up, not a scan, so a long document stays linear
        self.endings: dict[tuple[str, ...], list[tuple[int, str]]] = {}
        self._sorted = True
        self.roles: dict[str, list[str]] = {}  # name -> roles as written
        self.role_heads: dict[str, set[str]] = {}  # role head (folded) -> names
        self.genders: dict[tuple[str, str], set[str]] = {}  # (role head, name) -> genders its determiners marked
        self.phrases: dict[str, set[str]] = {}  # role phrase (folded, no determiner) -> names
        self.proper: set[str] = set()  # capitalised words seen inside a sentence
        self.orgs: dict[tuple[str, ...], str] = {}  # named organisations (folded words, or an acronym) -> the first name given
        self.org_first: dict[str, str] = {}  # an organisation's first word (folded) -> the first name it opens
        self.org_names: set[str] = set()  # the named organisations (a definite organisation noun may stand for one)
        self.companies: dict[str, str] = {}  # the companies the document names (folded name -> name), by a company noun
        self.person_genders: dict[str, set[str]] = {}  # a person's full name -> the genders titles and roles gave them
        self.role_seen: dict[str, list[tuple[int, int]]] = {}  # role noun (folded) -> where a role phrase with it stood
        self.persons: list[tuple[int, int, tuple[str, ...]]] = []  # every person named (sentence, start, tokens), in text order
        self.first_names: set[str] = set()  # first names the document gave with an age or a role ("Jérôme, 52 ans"), folded

    def add(
        self,
        index: int,
        names: Sequence[Mention],
        pairs: Sequence[tuple[Mention, Mention]],
        lex: SpeakerLexicon,
        roles: Sequence[Mention] = (),
    ) -> None:
        """Record a sentence's names (full names, words written capitalised inside a sentence), named organisations and appositions."""
        for m in [*names, *roles]:
            if m.kind == "role" and m.head:
                bisect.insort(self.role_seen.setdefault(fold(m.head), []), (index, m.start))
            if m.kind == "organisation" and len(m.speaker.split()) > 1:
                words = tuple(fold(w) for w in m.speaker.split())
                self.orgs.setdefault(words, m.speaker)
                self.org_first.setdefault(words[0], m.speaker)
                if m.kind == "organisation" and m.tokens and m.tokens[0].isupper():  # "(ARS)": a later "l'ARS" is this body
                    self.orgs.setdefault((fold(m.tokens[0]),), m.speaker)
                    self.org_first.setdefault(fold(m.tokens[0]), m.speaker)
            noun = m.speaker.split()[-1 if lex.rules.head_last else 0]  # "groupe Altheris", "Harlow Freight Company"
            if m.kind == "organisation" and m.speaker_type == "named" and fold(noun) in _folded(lex.rules.company_nouns):
                name = _ACRONYM.sub("", m.speaker)  # "groupe Altheris Automotive", "Compagnie ferroviaire nationale"
                self.companies.setdefault(fold(name), name)
            if m.kind == "organisation" and len(m.speaker.split()) > 1:  # "tribunal judiciaire de Ferrandières": a later "le tribunal"
                self.org_names.add(m.speaker)
                for word in _WORD_RE.findall(m.speaker.lower()):
                    if word in lex.organisations or word.rstrip("sx") in lex.organisations:
                        self.role_heads.setdefault(fold(word), set()).add(m.speaker)
                        break
        for n in names:
            if not n.at_start:
                self.proper.update(fold(t) for t in n.tokens)
            if n.kind == "person" and len(n.tokens) == 1 and not n.single:
                self.first_names.add(fold(n.tokens[0]))
            if n.kind == "person" and (len(n.tokens) >= 2 or not n.single):
                if not n.dative:
                    bisect.insort(self.persons, (index, n.start, n.tokens), key=lambda p: (p[0], p[1]))
                if len(n.tokens) >= 2:
                    key = _key(n.tokens)
                    for k in range(1, len(key)):
                        self.endings.setdefault(key[-k:], []).append((index, n.speaker))
                    self._sorted = False
                if n.role:
                    self._role(n.speaker, n.role, lex)
            if n.kind == "person" and n.gender:  # "Mme Martin": the full name's gender
                self.person_genders.setdefault(self.full_name(n.tokens, index) or n.speaker, set()).add(n.gender)
        for n, r in pairs:
            if len(n.tokens) >= 2 or not n.single:  # a full name, or a vox-pop first name ("Bernard, 71 ans, …")
                self._role(n.speaker, r.speaker, lex, r.gender)

    def _role(self, name: str, role: str, lex: SpeakerLexicon, gender: str = "") -> None:
        if gender:  # "la ministre de la Santé, Claire Martin": a woman
            self.person_genders.setdefault(name, set()).add(gender)
        self.roles.setdefault(name, [])
        if role not in self.roles[name]:
            self.roles[name].append(role)
        self.phrases.setdefault(fold(role), set()).add(name)
        for word in _WORD_RE.findall(role.lower()):
            base = word if word in lex.roles or word in lex.organisations else word.rstrip("sx")
            if base in lex.roles or base in lex.organisations:
                self.role_heads.setdefault(fold(base), set()).add(name)
                self.genders.setdefault((fold(base), name), set()).add(gender)

    def role_person(self, m: Mention, lex: SpeakerLexicon) -> str | None:
        """Return the one person the document gives this definite role, or ``None``.

        The whole role phrase first ("le ministre du Travail"), then its head
        ("le ministre"), of the determiner's gender where the language marks
        one and the document said it ("la ministre" is not "le ministre du
        Travail, Julien Castagnède").
        """
        exact = self.phrases.get(fold(m.speaker), set())
        if len(exact) == 1:
            return next(iter(exact))
        names = self.role_heads.get(fold(m.head), set())
        if m.head in lex.organisations:  # "le service" is a body, never the person whose role mentions it ("porte-parole du service")
            names = {n for n in names if n in self.org_names}
        if m.gender and len(names) > 1:
            agree = {n for n in names if m.gender in self.genders.get((fold(m.head), n), set())}
            names = agree or {n for n in names if self.genders.get((fold(m.head), n), {""}) <= {""}}
        return next(iter(names)) if len(names) == 1 else None

    def company(self, m: Mention, lex: SpeakerLexicon) -> str | None:
        """Return the document's one company for a definite management or company noun ("la direction", "l'entreprise"), or ``None``.

        The codebook's practice (``docs/speakers_codebook.md``, section 3): a
        company's management speaks for the company the article names.  Only
        when the document names exactly one company (an organisation named
        with a company noun: "le groupe Altheris", "la Compagnie ferroviaire
        nationale"), and only for the bare noun or its complement without a
        name ("la direction du site").
        """
        rules = lex.rules
        head = fold(m.head)
        if head not in _folded(rules.management_nouns) and head not in _folded(rules.company_nouns):
            return None
        # "la direction du syndicat", "la direction de l'hôpital": the management of another body
        others = _other_bodies(lex)
        if any(w in others and w != m.head for w in _WORD_RE.findall(m.speaker.lower())):
            return None
        return next(iter(self.companies.values())) if len(self.companies) == 1 else None

    def recent_person(self, m: Mention, index: int, lex: SpeakerLexicon, window: int = 3) -> str | None:
        """Return the person a definite role no one in the document holds refers back to, or ``None``.

        "… a déclaré Nadia Benchekroun. La déléguée syndicale prévient que …":
        a definite person role ("la déléguée syndicale", "l'élue", "the
        officer") that the document gives no one is the last person named
        before it, in its sentence or the ``window`` sentences before, unless
        the document gives that noun to someone, a role phrase with the same
        noun stands earlier in the window (someone the text does not name:
        "Paul Arnaud a rencontré le maire. « … », a déclaré le maire"), or the
        determiner's gender is not that person's.  Organisation nouns never refer back to a person.
        """
        if m.head in lex.organisations or fold(m.head) in self.role_heads:
            return None
        # the last person named before the role: a look-up by position, so a long document stays linear
        at = bisect.bisect_left(self.persons, (index, m.start), key=lambda p: (p[0], p[1]))
        if at == 0 or index - self.persons[at - 1][0] > window:
            return None
        where, start, tokens = self.persons[at - 1]
        # the same role noun written earlier in the window stands for someone the text does not name ("Paul Arnaud a
        # rencontré le maire. « … », a déclaré le maire"; "La ministre a visité l'usine, Paul Arnaud est resté à Paris")
        seen = self.role_seen.get(fold(m.head), [])
        if bisect.bisect_left(seen, (index, m.start)) > bisect.bisect_left(seen, (index - window, -1)):
            return None
        name = self.full_name(tokens, index) or " ".join(tokens)
        known = self.gender(name)
        return None if m.gender and known and m.gender != known else name

    def full_name(self, tokens: Sequence[str], index: int) -> str | None:
        """Return the document's full name ending with ``tokens`` (the latest before sentence ``index``, else the first after)."""
        if not self._sorted:
            for found in self.endings.values():
                found.sort()
            self._sorted = True
        found = self.endings.get(_key(tokens))
        if not found:
            return None
        before = bisect.bisect_right(found, index, key=lambda f: f[0])  # the names given up to sentence ``index``
        return found[before - 1][1] if before else found[0][1]

    def gender(self, name: str) -> str:
        """Return the gender the document's titles and roles give a person ("m", "f"), or "" when none or both."""
        found = self.person_genders.get(name, set()) - {""}
        return next(iter(found)) if len(found) == 1 else ""

    def resolve(self, m: Mention, index: int, linked: dict[tuple[int, int], Mention], lex: SpeakerLexicon) -> Mention | None:
        """Return the mention as the document resolves it, or ``None`` when it is not a speaker (a capitalised word that is no name)."""
        found = self._resolve(m, index, linked, lex)
        if found is not None and found.speaker_type == "named" and found.kind != "organisation":
            gender = self.gender(found.speaker) or found.gender
            if gender != found.gender:
                found = replace(found, gender=gender)
        return found

    def _resolve(self, m: Mention, index: int, linked: dict[tuple[int, int], Mention], lex: SpeakerLexicon) -> Mention | None:
        if m.kind == "organisation" and len(m.tokens) == 1 and m.tokens[0].isupper():  # "l'ARS" declared as "(ARS)"
            full = self.orgs.get((fold(m.tokens[0]),))
            return replace(m, speaker=full) if full else m
        if m.kind == "person":
            full = self.full_name(m.tokens, index)
            if full is None and m.single:  # "Northbridge" for the document's "Northbridge Health System"
                full = self.org_first.get(fold(m.tokens[0]))
            name = full or m.speaker
            # "Interrogée, …" opens a sentence like "Matignon a fait savoir …": an unresolved single word stays, flagged
            # ``single``, and speaks only right beside a verb (analysis.sourcing); a first name the document gave with an
            # age or a role is that person's ("Jérôme, 52 ans, …" then "Jérôme y sera.")
            role = m.role or ", ".join(self.roles.get(name, []))
            single = m.single and full is None and fold(m.tokens[0]) not in self.first_names
            return m if (name, role, single) == (m.speaker, m.role, m.single) else replace(m, speaker=name, role=role, single=single)
        if m.kind == "role" and m.speaker_type == "role":
            if (m.start, m.end) in linked:  # an apposition: the role is this name's
                n = linked[(m.start, m.end)]
                name = self.full_name(n.tokens, index) or n.speaker
                # the role as the apposition gave it, with its own words before the comma (:func:`appositions`)
                role = next((r for r in self.roles.get(name, []) if fold(r).startswith(fold(m.speaker))), m.speaker)
                return replace(m, speaker=name, speaker_type="named", role=role)
            if m.definite and not m.plural:
                name = self.role_person(m, lex)
                if name is not None:
                    return replace(m, speaker=name, speaker_type="named", role=m.speaker)
                company = self.company(m, lex)
                if company is not None:
                    return replace(m, speaker=company, speaker_type="named", kind="organisation")
                name = self.recent_person(m, index, lex)
                if name is not None:
                    return replace(m, speaker=name, speaker_type="named", role=m.speaker)
                if m.head in lex.organisations:  # "la préfecture", "the city": a definite institution is a named body
                    return replace(m, speaker_type="named", kind="organisation")
        return m


def sentence_mentions(
    raw: str, lex: SpeakerLexicon, verbs: Sequence[tuple[int, int, str, str]] = (), heads: Sequence[Head] | None = None
) -> tuple[list, list, list]:
    """Names, role phrases (cut at any reporting verb inside them) and appositions of one sentence (``heads``: :func:`find_heads_many`'s)."""
    names = find_names(raw, lex)
    roles = []
    found = find_roles(raw, lex, names, heads)
    # a name in a role's complement belongs to the role ("owner of Panadería Luz"); a role noun inside a name is the name's
    # ("Riverton Fire Department", "Council" of "Council member" is the role's)
    named_heads = [n for n in names if len(n.tokens) > 1 or n.kind == "person"]
    found = [r for r in found if not any(n.start <= r.head_start < n.end for n in named_heads)]
    names = [n for n in names if not any(r.start <= n.start < r.end and n.end <= max(r.end, n.end) and n.end <= r.end for r in found)]
    for r in found:
        inside = [v for v in verbs if r.start < v[1] and v[0] < r.end]
        if inside:  # "officials warned residents", "La déléguée syndicale prévient": the role phrase stops at the verb
            before = [v for v in inside if v[0] > r.head_start]
            after = [v for v in inside if v[1] <= r.head_start]
            start, end = (max(v[1] for v in after) if after else r.start), (min(v[0] for v in before) if before else r.end)
            phrase = raw[start:end].strip(" ,")
            if not phrase or r.head_start < start:
                continue
            start = start + len(raw[start:end]) - len(raw[start:end].lstrip(" ,"))
            r = replace(r, start=start, end=start + len(phrase), speaker=strip_determiner(phrase, lex.rules))
        roles.append(r)
    return names, roles, appositions(raw, names, roles, verbs, lex)

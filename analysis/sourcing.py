"""Who speaks: direct quotes, reported speech and "selon" attributions, with their speakers.

Rules re-implemented after the French quote extractor of the Gender Gap
Tracker (Asr et al., sfu-discourse-lab/GenderGapTracker, MIT licence:
``nlp/french/quote_extractor.py``), without its dependency parser:

* **direct**: a quotation span (« », “ ”, "", :mod:`analysis.segments`) of at
  least three tokens; shorter spans are scare quotes ("« l'Occident »") and
  are not speech.  The speaker is the mention nearest to the reporting verb of
  the sentence ("X a déclaré : « … »", "« … », a déclaré X"), or the cue set
  inside its marks ("« …, a-t-elle assuré. … »"); a quote with no cue in its
  sentence ("floating") goes to the speaker the previous sentence of the same
  paragraph gives (its quote's, its reported speech's, or its first person:
  the codebook's practice), otherwise ``unknown``;
* **indirect**: a reporting verb followed by "que/qu'" (content: the rest of
  the sentence, speaker: the nearest mention before the verb), or an inverted
  clause ("…, ont déclaré des responsables", "…, a-t-il ajouté": content the
  clause before the comma, speaker the mention after the verb);
* **selon**: "selon X" / "d'après X" (content: the rest of the sentence).

Negated reporting verbs ("n'a pas dit si …") are skipped, as in the GGT.
Pronoun subjects ("a-t-il dit", "il a déclaré") resolve to a person named
earlier in the sentence, else to the last speaker or subject of the previous
three sentences, a person before a body, never a person whose title or role
marks the other gender (:meth:`_Doc.pronoun_speaker`); otherwise the speaker
is ``unknown``.  Speakers are the names, roles and bodies the text gives
(:mod:`analysis.speakers`), the profile's ``actors`` (names, aliases and
misspellings, affiliation) and its ``anonymous_sources`` patterns.

Where the rules have no syntax to go on (a quotation without a cue whose speaker
they took from the context, no speaker, or a singular definite role they could
not tie to a name), the speaker ranker of :mod:`analysis.attribution`, a
logistic regression over the persons and bodies named near the quotation,
decides (``Speakers.ranker``; ``None`` leaves the rules alone).

The words of these rules are the language's: its reporting verbs are the
``reporting_verb`` rows of the profile's ``cues``, and the pronouns,
complementiser ("que", "that"), according-to phrase ("selon", "according
to"), negation and addressee patterns are the ``[sourcing]`` section of the
language's ``rules.toml`` (:class:`analysis.language.Rules`).  The kind of an
according-to attribution is called ``selon`` in every language.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import kernels
from .attribution import SpeakerRanker, candidates
from .corpus import Corpus
from .language import Rules
from .speakers import (
    Mention,
    People,
    SpeakerLexicon,
    acronym_definitions,
    determiner_patterns,
    find_heads_many,
    fold,
    sentence_mentions,
    speaker_lexicon,
    strip_determiner,
)
from .tokens import TOKEN_PATTERN

#: A speaker is named (a person or body the text names), a role ("un porte-parole de l'usine"), anonymous, or unknown.
SPEAKER_TYPES = ("named", "role", "anonymous", "unknown")
QUOTE_COLUMNS = [
    "doc_id",
    "outlet",
    "sentence_id",
    "start",
    "end",
    "kind",
    "quote_text",
    "speaker",
    "speaker_type",
    "speaker_role",
    "affiliation",
    "verb",
    "verb_connotation",
    "cue_start",
    "cue_end",
    "layer",
]
_TOKEN_RE = re.compile(TOKEN_PATTERN)
#: A reporting verb followed by a colon (or nothing) and an opening quotation mark introduces a direct quote.
_OPENS_QUOTE = re.compile(r"\s*[:,]?\s*[«“\"]")


def _rows(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """Return a lexicon's columns as a hashable key (for the caches of compiled patterns)."""
    return tuple(zip(*(frame[c].astype(str) for c in columns))) if len(frame) else ()


@dataclass(frozen=True, eq=False)
class Speakers:
    """What quote attribution needs of a profile: its actors, anonymous-source patterns, reporting verbs and grammar rules.

    Parameters
    ----------
    actors : pandas.DataFrame
        ``actor, aliases ("|"-separated), role, affiliation, kind`` (a profile's ``actors``; may be empty).
    anonymous : pandas.DataFrame
        ``pattern, speaker, affiliation`` (a profile's ``anonymous_sources``).
    cues : pandas.DataFrame
        The cue lexicon; its ``reporting_verb`` rows are the reporting verbs.
    rules : Rules
        The language's grammar rules (:mod:`analysis.language`).
    roles : pandas.DataFrame, optional
        ``word, kind``: role nouns, organisation nouns and titles (a profile's
        ``roles``), by which speakers are found in the text
        (:mod:`analysis.speakers`); without them only the actors and
        anonymous patterns are speakers.
    stopwords : frozenset of str
        The profile's stopwords (words that open a sentence, not a name).
    ranker : SpeakerRanker, optional
        Reconsiders the rules' speakers where they had no syntax to go on (no cue, no speaker, a role not tied to a
        name) among the persons and bodies named near each quotation (:mod:`analysis.attribution`); ``None``: the
        rules alone.
    """

    actors: pd.DataFrame
    anonymous: pd.DataFrame
    cues: pd.DataFrame
    rules: Rules
    roles: pd.DataFrame | None = None
    stopwords: frozenset[str] = frozenset()
    ranker: SpeakerRanker | None = None

    @classmethod
    def of(cls, profile) -> Speakers:
        """Return the speakers' resources of a :class:`~analysis.profile.Profile`, with the shipped speaker ranker."""
        resources = (profile.actors, profile.anonymous_sources, profile.cues, profile.rules, profile.roles, profile.stopwords)
        return cls(*resources, SpeakerRanker.default())

    def lexicon(self) -> SpeakerLexicon | None:
        """Return the compiled role nouns and name patterns (:func:`analysis.speakers.speaker_lexicon`), or ``None``."""
        if self.roles is None or not len(self.roles):
            return None
        return speaker_lexicon(self.roles, self.rules.speakers, self.stopwords)

    def mention_patterns(self) -> tuple[re.Pattern, list[tuple[str, str, str]], kernels.PlainScanner]:
        """One alternation over actor aliases (longest first) and anonymous patterns, its metadata and its scanner."""
        return _mention_patterns(
            _rows(self.actors, ("actor", "aliases", "affiliation")), _rows(self.anonymous, ("pattern", "speaker", "affiliation"))
        )

    def verb_pattern(self) -> tuple[re.Pattern, list[tuple[str, str]], kernels.PlainScanner]:
        """Alternation over the speech-introducing reporting verbs, its metadata and its scanner."""
        verbs = self.cues[(self.cues["cue_type"] == "reporting_verb") & ~self.cues["cue"].isin(self.rules.not_speech)]
        return _verb_pattern(_rows(verbs, ("cue", "pattern", "connotation")))


@lru_cache(maxsize=16)
def _mention_patterns(actors: tuple, anonymous: tuple) -> tuple[re.Pattern, list[tuple[str, str, str]], kernels.PlainScanner]:
    entries: list[tuple[str, tuple[str, str, str]]] = []
    for actor, aliases, affiliation in actors:
        for alias in {a.strip() for a in aliases.split("|") if a.strip()} | {actor}:
            body = r"\s+".join(re.escape(part) for part in alias.replace("'", "’").split())
            body = body.replace("’", "['’]")
            entries.append((body, (actor, "named", affiliation)))
    named = sorted(entries, key=lambda e: -len(e[0]))
    anon = [
        (pattern, (speaker, "anonymous" if speaker != "unknown" else "unknown", affiliation)) for pattern, speaker, affiliation in anonymous
    ]
    ordered = named + anon
    patterns = [p for p, _ in ordered]
    if not patterns:
        never = re.compile("(?!x)x")
        return never, [], kernels.scanner([[]], [never])
    compiled = kernels.alternation(patterns, order=range(len(patterns)), prefix="m")
    return compiled, [meta for _, meta in ordered], kernels.scanner([patterns], [compiled])


@lru_cache(maxsize=16)
def _verb_pattern(verbs: tuple) -> tuple[re.Pattern, list[tuple[str, str]], kernels.PlainScanner]:
    meta = [(cue, connotation) for cue, _, connotation in verbs]
    patterns = [pattern for _, pattern, _ in verbs]
    if not patterns:
        never = re.compile("(?!x)x")
        return never, [], kernels.scanner([[]], [never])
    compiled = kernels.alternation(patterns, prefix="v", right=r"(?![\w])")
    return compiled, meta, kernels.scanner([patterns], [compiled])


def find_mentions(text: str, speakers: Speakers) -> list[Mention]:
    """Speaker mentions (named actors first, then anonymous descriptions) in ``text``."""
    return find_mentions_many([text], speakers)[0]


def find_mentions_many(texts: Sequence[str], speakers: Speakers) -> list[list[Mention]]:
    """:func:`find_mentions` of each text, the batch scanned at once (:func:`analysis.kernels.scanner`).

    The actors' names and aliases and the anonymous patterns are listed
    mentions; the names and roles found in the text
    (:func:`find_text_mentions`) are added by :func:`extract_quotes`.
    """
    _, meta, scanner = speakers.mention_patterns()
    dative_before = speakers.rules.dative_before
    out = []
    for text, found in zip(texts, scanner.scan_many(texts)):
        mentions = []
        for _, m in found:
            speaker, kind, affiliation = meta[kernels.alternative(m)]
            dative = bool(dative_before.search(text[max(0, m.start() - 5) : m.start()]))
            # an alias that does not hold the actor's name is a role the profile ties to them ("le président américain")
            names = {w.lower() for w in speaker.split()}
            role = "" if kind != "named" or names & {w.lower() for w in m.group().split()} else " ".join(m.group().split())
            if role and speakers.rules.speakers is not None:
                role = strip_determiner(role, speakers.rules.speakers)
            mentions.append(
                Mention(m.start(), m.end(), speaker, kind, affiliation, dative, role=role, kind="actor" if kind == "named" else "anonymous")
            )
        out.append(mentions)
    return out


def find_text_mentions(
    raw: str, listed: list[Mention], lex: SpeakerLexicon, verbs, rules: Rules, heads=None
) -> tuple[list[Mention], list, list]:
    """Add to a sentence's listed mentions the names and roles its text gives (:mod:`analysis.speakers`).

    A found mention that overlaps a listed one (an actor's alias, an anonymous
    pattern) gives way to it: the profile's lists win.  Returns the
    sentence's mentions in text order, its names and its appositions.
    """
    names, roles, pairs = sentence_mentions(raw, lex, verbs, heads)
    out = list(listed)
    for m in [*names, *roles]:
        if any(m.start < x.end and x.start < m.end for x in listed):
            continue
        dative = bool(rules.dative_before.search(raw[max(0, m.start - 5) : m.start]))
        out.append(replace(m, dative=True) if dative and not m.dative else m)
    return sorted(out, key=lambda m: (m.start, -m.end)), names, pairs


def find_verbs(text: str, speakers: Speakers) -> list[tuple[int, int, str, str]]:
    """Find reporting verbs ``(start, end, verb as written, connotation)``, negated ones excluded.

    Examples
    --------
    >>> from analysis.profile import Profile
    >>> en = Speakers.of(Profile.default("en"))
    >>> [v[2] for v in find_verbs("The mayor said on Monday that she did not say it.", en)]
    ['said']
    """
    return find_verbs_many([text], speakers)[0]


def find_verbs_many(texts: Sequence[str], speakers: Speakers) -> list[list[tuple[int, int, str, str]]]:
    """:func:`find_verbs` of each text, the batch scanned at once (:func:`analysis.kernels.scanner`).

    A verb is negated when the language's ``negation_before`` pattern matches
    the 30 characters before it and, in a language whose negation has a
    particle (French "ne … pas"), its ``negation_particle`` is inside the verb
    or right after it.
    """
    _, meta, scanner = speakers.verb_pattern()
    rules = speakers.rules
    out = []
    for text, found in zip(texts, scanner.scan_many(texts)):
        verbs = []
        for _, m in found:
            if rules.not_speech_before.search(text[max(0, m.start() - 3) : m.start()]):
                continue  # "s'explique": reflexive, not speech
            if rules.negation_before.search(text[max(0, m.start() - 30) : m.start()]):
                if not rules.negation_needs_particle:
                    continue
                if rules.negation_particle.search(m.group()) or rules.negation_particle_after.match(text[m.end() :]):
                    continue
            _, connotation = meta[kernels.alternative(m)]
            verbs.append((m.start(), m.end(), " ".join(m.group().split()), connotation))
        out.append(verbs)
    return out


_COMMA_GAP = re.compile(r"\s*,\s*")  # a comma between two mentions
_WORDS = re.compile(r"[^\W\d_]+")
_APPOSITION_CLOSE = re.compile(r"\s*,\s*(?:\w+['’]?\s*){0,2}")  # the comma closing an apposition, then the verb (its auxiliary, a clitic)
#: What opens a relative clause or a parenthesis after a subject (in both shipped languages).
_RELATIVE = re.compile(r"\s*(?:,\s*(?:who|whose|which|qui|dont|lequel|laquelle)\b|\()", re.IGNORECASE)


def _nearest(
    mentions: list[Mention], at: int, side: str, outside: list[tuple[int, int]], limit: int = 120, text: str | None = None
) -> Mention | None:
    """Nearest mention before (``side="before"``) or after ``at``, outside the given spans.

    Before the verb, a mention inside a relative clause or parenthesis that
    follows an earlier mention gives way to it (``text``: the sentence).
    """
    # "a déclaré à Politico": the addressee is not the speaker
    pool = [m for m in mentions if not any(a <= m.start < b for a, b in outside) and not m.dative]
    # a lone capitalised word the document never ties to a full name speaks only right beside the verb ("Greenpeace a dit")
    pool = [m for m in pool if not m.single or (m.end <= at and at - m.end <= 3) or (m.start >= at and m.start - at <= 3)]
    if side == "before":
        pool = [m for m in pool if m.end <= at and at - m.end <= limit]
        best = max(pool, key=lambda m: (m.end, m.speaker_type == "named"), default=None)
        if best is not None and text is not None and text[best.end : at].lstrip().startswith(","):
            # "L'entourage de la ministre, Agathe Lemoigne, assure": the unnamed circle, not the name set beside it
            head = next((m for m in pool if m.speaker_type == "anonymous" and _COMMA_GAP.fullmatch(text, m.end, best.start)), None)
            best = head or best
        if best is not None and text is not None and _APPOSITION_CLOSE.fullmatch(text, best.end, at):
            best = _apposition_head(pool, best, text) or best
        if best is not None and text is not None:
            # "Jane Roe, who has worked in the department for nine years, said": the subject, not the relative clause's noun
            for m in sorted(pool, key=lambda m: -m.end):
                if m.end < best.start and _RELATIVE.match(text[m.end : best.start]) and "," in text[best.end : at]:
                    return m
        return best
    pool = [m for m in pool if m.start >= at and m.start - at <= limit]
    return min(pool, key=lambda m: (m.start, m.speaker_type != "named"), default=None)


def _apposition_head(pool: list[Mention], best: Mention, text: str) -> Mention | None:
    """Return the person an apposition describes when the mention closing it is not its subject, or ``None``.

    "Samia Ouali, cheffe de file de la liste L'Autre Vannes, estime": the body
    or place inside the apposition is not the speaker.  A person's name there
    is the apposition's own ("le directeur de campagne de M. X, Y, assure": Y),
    unless a role of the apposition already stands for the earlier person
    ("Dirk Verhaegen, délégué du syndicat Havenwerkers Samen, dit").
    """
    person = best.speaker_type == "named" and best.kind != "organisation" and not best.single
    for m in sorted(pool, key=lambda m: -m.end):
        if not (m.end < best.start and m.speaker_type == "named" and m.kind != "organisation"):
            continue
        if not text[m.end : best.start].lstrip().startswith(",") or text.count(",", m.end, best.start) != 1:
            continue
        described = any(r.kind == "role" and r.speaker == m.speaker and m.end <= r.start and r.end <= best.start for r in pool)
        return m if not person or described else None
    return None


class _Doc:
    """Quote extraction state for one document (last named speaker, previous quotes)."""

    def __init__(self, doc_id: str, outlet: str, text: str, rules: Rules):
        self.doc_id, self.outlet, self.text, self.rules = doc_id, outlet, text, rules
        self.last_speaker: tuple[int, Mention] | None = None
        self.before_sentence: tuple[int, Mention] | None = None  # the last speaker as the sentence began ("Selon elle")
        self.last_subject: tuple[int, Mention] | None = None  # first named person (else body) of a recent sentence
        self.prev_quote: tuple[int, int, Mention | None] | None = None  # (sentence idx, paragraph, speaker)
        self.recent: list[tuple[int, Mention]] = []  # the named persons of the last sentences, in order (a pronoun's antecedents)
        self.paragraphs: dict[int, int] = {}  # sentence index -> its paragraph
        self.pronoun_subjects: dict[int, Mention | None] = {}  # sentence index -> the person its opening pronoun stands for
        self.announces: dict[int, bool] = {}  # sentence index -> whether it announces the next paragraph's words
        self.rows: list[dict] = []

    def pronoun_speaker(self, index: int, at: int = 0, mentions=(), quotes=(), opening: bool = False, gender: str = "") -> Mention | None:
        """Resolve a pronoun subject.

        A person named earlier in the same sentence (outside quotes) wins;
        otherwise the more recent (within three sentences) of the last
        speaker (as the sentence began, for a pronoun that opens it:
        ``opening``) and the first named mention of an earlier sentence, a
        person before an organisation ("Elle affirme …" after a sentence whose
        subject was "le gouvernement"); an organisation named earlier in the
        sentence only when neither is a person ("La banque « se tient prête »,
        a-t-il affirmé" is the governor of the sentence before).  A pronoun's
        ``gender`` ("m" for *il*, "f" for *elle*) rules out a person the
        document marks with the other (a title, a role's determiner); the
        recent persons are then tried in turn.
        """
        before = [
            m
            for m in mentions
            if m.end <= at and m.speaker_type == "named" and not m.dative and not any(a <= m.start < b for a, b in quotes)
        ]

        def agrees(m: Mention) -> bool:
            return not (gender and m.gender and m.kind != "organisation" and m.gender != gender)

        person = next((m for m in before if m.kind != "organisation" and agrees(m)), None)
        if person is not None:
            return person
        candidates = []
        last = self.before_sentence if opening else self.last_speaker
        if last and index - last[0] <= 3:
            candidates.append((last[0], 1, last[1]))
        if self.last_subject and 0 < index - self.last_subject[0] <= 3:
            candidates.append((self.last_subject[0], 0, self.last_subject[1]))
        if gender and not any(agrees(c[2]) for c in candidates):  # "lâche-t-il" after Mme Marchetti: the man named before her
            candidates += [(i, 0, m) for i, m in self.recent if index - i <= 3 and agrees(m)][-1:]
        candidates = [c for c in candidates if agrees(c[2])]
        best = max(candidates, key=lambda c: (c[2].kind != "organisation", c[0], c[1]))[2] if candidates else None
        if before and (best is None or best.kind == "organisation"):
            return before[0]
        return best

    def opening_pronoun(self, index: int, raw: str, end: int | None = None) -> tuple[bool, Mention | None]:
        """Return whether the sentence (before ``end``) opens with a subject pronoun, and the person it stands for.

        "Elle a dormi chez sa sœur", "Confronté à un courriel, il a expliqué" (the language's ``subject_pronoun``).
        """
        found = self.rules.subject_pronoun.match(raw, 0, len(raw) if end is None else end)
        if not found:
            return False, None
        return True, self.pronoun_speaker(index, opening=True, gender=_pronoun_gender(self.rules, found.group()))

    def _subject_person(self, index: int) -> Mention | None:
        """Return the first named person of sentence ``index`` (``last_subject``), or ``None``."""
        if self.last_subject and self.last_subject[0] == index and self.last_subject[1].kind != "organisation":
            return self.last_subject[1]
        return None

    def context_speaker(self, index: int, paragraph: int) -> Mention | None:
        """Speaker of a quotation with no cue: the one the sentence before in its paragraph gives, or ``None``.

        The speaker of a quote in that sentence ("« … », confie Odette. « … »"),
        else of its reported speech ("Le jeune homme dit avoir renoncé. « … »"),
        else its first named person ("Kevin, saisonnier, a vu la différence.
        « … »"), else the person its opening pronoun stands for ("Elle a dormi
        chez sa sœur. « … »"); failing these, the paragraph's last speaker, else
        the last person it named: the codebook's practice for floating quotations.
        A quotation that opens a paragraph takes a speaker only from a sentence
        before it that announces it ("Elle nous raconte.", "… :").
        """
        if self.paragraphs.get(index - 1) != paragraph:
            # a paragraph opened by the quotation that the sentence before announces ("Elle nous raconte." / "Il témoigne :")
            if self.announces.get(index - 1):
                announcer = self.pronoun_subjects.get(index - 1) or self._subject_person(index - 1)
                if announcer is not None:
                    return announcer
            return self._recent_speaker(index)
        prev = self.prev_quote
        if prev and prev[0] == index - 1 and prev[1] == paragraph and prev[2] is not None:
            return prev[2]
        if self.last_speaker and self.last_speaker[0] == index - 1:
            return self.last_speaker[1]
        # its first person, else the person its opening pronoun stands for ("Elle a dormi chez sa sœur. « … »")
        previous = self._subject_person(index - 1) or self.pronoun_subjects.get(index - 1)
        if previous is not None:
            return previous
        # further back in the paragraph: its last speaker, else the last person it named ("… », sourit-il. Enfant, il y
        # conduisait les vaches. « … »)
        if self.last_speaker and self.paragraphs.get(self.last_speaker[0]) == paragraph:
            return self.last_speaker[1]
        if self.last_subject and self.paragraphs.get(self.last_subject[0]) == paragraph and self.last_subject[1].kind != "organisation":
            return self.last_subject[1]
        return self._recent_speaker(index)

    def _recent_speaker(self, index: int, window: int = 3) -> Mention | None:
        """Return the last person quoted, within ``window`` sentences: the voice a floating quotation most likely continues.

        The codebook's annotators gave nearly every floating quotation a speaker; an interview's answers follow each
        other across paragraphs and narrative sentences.
        """
        if self.last_speaker and index - self.last_speaker[0] <= window and self.last_speaker[1].kind != "organisation":
            return self.last_speaker[1]
        return None

    def add(self, index, sent, kind, a, b, speaker, verb=None) -> None:
        s0 = int(sent.start)
        who = speaker or Mention(0, 0, "unknown", "unknown", "unknown")
        self.rows.append(
            {
                "doc_id": self.doc_id,
                "outlet": self.outlet,
                "sentence_id": int(sent.sentence_id),
                "start": s0 + a,
                "end": s0 + b,
                "kind": kind,
                "quote_text": " ".join(self.text[s0 + a : s0 + b].split()),
                "speaker": who.speaker,
                "speaker_type": who.speaker_type,
                "speaker_role": who.role,
                "affiliation": who.affiliation,
                "verb": verb[2] if verb else "",
                "verb_connotation": verb[3] if verb else "",
                "cue_start": s0 + verb[0] if verb else -1,
                "cue_end": s0 + verb[1] if verb else -1,
                "layer": str(sent.layer),
            }
        )
        if who.speaker_type != "unknown":
            self.last_speaker = (index, who)


def _speaker_for_verb(doc: _Doc, index: int, raw: str, verb, mentions, quotes, prefer: str) -> Mention | None:
    """Speaker of a reporting verb: pronoun, then the nearest mention on the preferred side."""
    rules = doc.rules
    framed = _impersonal_frame(rules, raw, verb, mentions)
    if framed is not None:
        return framed
    pronoun = (
        rules.pronoun_after.match(raw[verb[1] :])
        or rules.inverted_pronoun.search(raw[verb[0] : verb[1] + 8])
        or rules.pronoun_before.search(raw[: verb[0]])
    )
    if pronoun:
        return doc.pronoun_speaker(index, verb[0], mentions, quotes, gender=_pronoun_gender(rules, pronoun.group()))
    author = _document_author(rules, raw, verb, mentions)
    if author is not None:
        return author
    if rules.coordinated_verb.search(raw, 0, verb[0]):  # "Il accuse la direction de « … » et prévient que …"
        shared = _sentence_subject(doc, index, raw, verb[0], mentions, quotes)
        if shared is not None:
            return shared
    own_subject = any(m.speaker_type == "named" and m.kind != "organisation" and 0 <= verb[0] - m.end <= 3 for m in mentions)
    if rules.participle.search(verb[2]) and not own_subject:
        if doc.last_speaker and doc.last_speaker[0] == index:
            return doc.last_speaker[1]  # "…, a-t-il affirmé, tout en estimant que …": the participle's subject is the sentence's speaker
        # "Le préfet, X, a appelé les pêcheurs « à la responsabilité », estimant que …": the sentence's subject
        shared = _sentence_subject(doc, index, raw, verb[0], mentions, quotes)
        if shared is not None:
            return shared
    sides = ("after", "before") if prefer == "after" else ("before", "after")
    # a mention inside the reported clause is what is said, not who says it ("Le rapport souligne que le centre …")
    que = rules.complementiser_after.match(raw[verb[1] :])
    if que and que.group().strip():
        mentions = [m for m in mentions if m.start < verb[1] + que.end()]
    for side in sides:
        m = _nearest(mentions, verb[1] if side == "after" else verb[0], side, quotes, limit=60 if side == "after" else 120, text=raw)
        if m:
            return m
    if doc.last_speaker and doc.last_speaker[0] == index:  # "a-t-elle confié, précisant que …": the sentence's speaker
        return doc.last_speaker[1]
    return None


def _sentence_subject(doc: _Doc, index: int, raw: str, end: int, mentions, quotes, colon: bool = False) -> Mention | None:
    """Return the subject of the sentence before ``end``: the person of its opening pronoun, else its first mention near its start.

    What a coordinated verb, a participle or a quotation without a cue shares
    ("Il accuse la direction de « … » et prévient que …"); with ``colon``, a
    mention before a colon right before ``end`` counts wherever it stands
    ("Sa voisine, Josiane : « … »").
    """
    found, person = doc.opening_pronoun(index, raw, end)
    if found:
        return person
    pool = [m for m in mentions if m.end <= end and not m.dative and not m.single and not any(a <= m.start < b for a, b in quotes)]
    if pool and ((colon and raw[:end].rstrip().endswith(":")) or min(m.start for m in pool) <= 60):
        return _first_subject(pool, raw)
    return None


def _document_author(rules: Rules, raw: str, verb, mentions) -> Mention | None:
    """Return the body whose document is the verb's subject: "Un rapport de l'Observatoire …, rendu public lundi, estime que …".

    The codebook's practice: a body's document, like its figures after
    *selon* (``according_to_source``), speaks for the body.  The document
    opens the sentence or follows a comma, and no other speaker stands
    between the body and the verb.
    """
    for m in mentions:
        if m.speaker_type != "named" or not 0 <= verb[0] - m.end <= 120:
            continue
        opening = raw.rfind(",", 0, m.start) + 1
        if not rules.according_to_source.fullmatch(raw, opening, m.start) or rules.according_to.search(raw, opening, m.start):
            continue
        if any(m.end <= x.start < verb[0] and not x.dative for x in mentions):
            return None
        return replace(m, dative=False)
    return None


def _pronoun_gender(rules: Rules, text: str) -> str:
    """Return the gender a pronoun marks ("m", "f"), or "" (*on*, *they*, none): the first pronoun of ``text``."""
    spk = rules.speakers
    if spk is None:
        return ""
    for word in _WORDS.findall(text.lower()):  # the first: the subject ("Elle lui a dit")
        if word in spk.masculine_pronouns:
            return "m"
        if word in spk.feminine_pronouns:
            return "f"
    return ""


def _impersonal_frame(rules: Rules, raw: str, verb, mentions) -> Mention | None:
    """Return the body a framing phrase names for an impersonal subject: "Du côté de la préfecture, on indique que …" (the préfecture)."""
    for m in sorted(mentions, key=lambda m: -m.end):
        if m.kind == "person" or m.end > verb[0] or not rules.impersonal_subject.match(raw[m.end : verb[0]]):
            continue
        if rules.impersonal_frame.search(raw[: m.start]):
            return replace(m, dative=False)
    return None


def _incise(doc: _Doc, index: int, raw: str, qa: int, qb: int, mentions, verbs) -> tuple:
    """Return the cue and speaker of a reporting clause set inside a quotation's marks, French style.

    "« La porte reste ouverte, a-t-elle assuré. Mais … »" (an inverted
    pronoun: the last speaker) or "« Nous irons, affirme Jean Dupont, jusqu'au
    bout »" (a reporting verb and the name right after it).
    """
    m = doc.rules.incise.search(raw, qa, qb)
    if m:
        a, b = m.span("verb")
        return (a, b, " ".join(m.group("verb").split()), "neutral"), doc.pronoun_speaker(
            index, gender=_pronoun_gender(doc.rules, m.group("verb"))
        )
    for v in verbs:
        if qa < v[0] < qb and raw[qa : v[0]].rstrip().endswith(","):
            after = [x for x in mentions if 0 <= x.start - v[1] <= 3 and not x.dative and x.end < qb]
            if after and re.match(r"\s*[,.;]", raw[after[0].end :]):
                return v, after[0]
    return None, None


def _direct(doc: _Doc, index: int, sent, raw: str, spans, mentions, verbs, following=()) -> list[tuple[int, int]]:
    """Direct quotes opening in one sentence; returns their spans within it (relative offsets).

    ``spans``: the quotation-mark spans that open in this sentence (document
    offsets, :meth:`_Spans.opening`).

    A quotation that runs over several sentences is one quote, up to its
    closing mark; its cue is a reporting verb before it in its first sentence
    ("X a déclaré : « … »") or right after its closing mark ("… », a-t-elle
    confié", ``following``: the document's next sentences as ``(sent, raw,
    mentions, verbs)``).  A quote without a reporting verb takes, in this
    order: the verb the language puts right after a closing mark ("« … »,
    assure Mireille Fontanet"); the speaker before a colon ("Sa voisine,
    Josiane : « … »"); the sentence's subject ("La maire, Catherine Lhermitte,
    a appelé « … »"); the speaker of a quote in the previous sentence of the
    same paragraph (a floating quote); else ``unknown``.
    """
    s0 = int(sent.start)
    opened = [(a - s0, b - s0) for a, b in spans]
    opened = [(a, b) for a, b in opened if len(_TOKEN_RE.findall(doc.text[s0 + a : s0 + b])) >= 3]
    quotes = [(a, min(b, len(raw))) for a, b in opened]  # within this sentence
    for (a, b), (qa, qb) in zip(opened, quotes):
        outside = [v for v in verbs if not any(x <= v[0] < y for x, y in quotes)]
        # « …, a-t-elle assuré. … »: the cue inside the marks, when none is outside them
        verb, speaker = (None, None) if outside else _incise(doc, index, raw, qa, qb, mentions, verbs)
        if verb is not None:
            pass  # found inside the marks
        elif b > len(raw):  # closes in a later sentence: a cue before it here, else one right after its close
            before = [v for v in outside if v[1] <= a]
            if before:
                verb = max(before, key=lambda v: v[1])
                speaker = _speaker_for_verb(doc, index, raw, verb, mentions, quotes, "before")
            else:
                verb, speaker = _cue_after_close(doc, index, s0, s0 + b, following)
                if verb is None and speaker is None:  # "Grégoire Nantel … est venu apporter sa solidarité : « … »"
                    verb, speaker = _verbless(doc, index, raw, qa, qb, mentions, quotes)
        elif outside:
            verb = min(outside, key=lambda v: min(abs(v[0] - b), abs(v[1] - a)))
            if verb[0] >= b and doc.rules.participle.search(verb[2]):  # "Il dit espérer « … », tout en prévenant que …"
                verb = max((v for v in outside if v[1] <= a), key=lambda v: v[1], default=verb)
            adjacent = _verb_after_quote(doc.rules, raw, qb, mentions)
            if adjacent and not 0 <= verb[0] - qb <= 12 and not 0 <= qa - verb[1] <= 12:  # "« … », a réagi X, …, qui annonce"
                verb = adjacent
            speaker = _speaker_after_close(doc, index, raw, qb, verb, mentions, quotes) if verb[0] >= b else None
            if speaker is None:
                speaker = _speaker_for_verb(doc, index, raw, verb, mentions, quotes, "before")
        else:
            verb, speaker = _verbless(doc, index, raw, qa, qb, mentions, quotes)
        if verb is None and speaker is None:
            speaker = doc.context_speaker(index, int(sent.paragraph_id))
        doc.add(index, sent, "direct", a, b, speaker, verb)
        closing = index + sum(1 for x in following if int(x[0].start) < s0 + b)  # the sentence its closing mark is in
        if speaker is not None and speaker.speaker_type != "unknown":
            doc.last_speaker = (closing, speaker)  # a long quotation: its speaker is recent as of its last sentence
        paragraph = int(following[closing - index - 1][0].paragraph_id) if closing > index else int(sent.paragraph_id)
        doc.prev_quote = (closing, paragraph, speaker)
    return quotes


def _cue_after_close(doc: _Doc, index: int, s0: int, close: int, following) -> tuple:
    """Return the reporting verb right after a quotation's closing mark (document offset ``close``) in a later sentence, and its speaker.

    The verb's offsets are returned relative to the quotation's first sentence (which starts at ``s0``).
    """
    for k, (sent, raw, mentions, verbs) in enumerate(following):
        start, end = int(sent.start), int(sent.end)
        if close > end:
            continue
        at = close - start
        near = [v for v in verbs if _reports_close(raw, at, v, mentions)]
        verb = min(near, key=lambda v: v[0]) if near else _verb_after_quote(doc.rules, raw, at, mentions)
        if verb is None:
            return None, None
        speaker = _speaker_after_close(doc, index + 1 + k, raw, at, verb, mentions, [(0, at)])
        shift = start - s0
        return (verb[0] + shift, verb[1] + shift, verb[2], verb[3]), speaker
    return None, None


def _reports_close(raw: str, at: int, verb, mentions) -> bool:
    """Whether a verb reports the quotation that closes at ``at``: right after it, or after its subject alone ('…," union president Colleen Farrow said')."""
    if not 0 <= verb[0] - at <= 70:
        return False
    gap = raw[at : verb[0]]
    for m in mentions:
        if at <= m.start and m.end <= verb[0]:
            gap = gap.replace(raw[m.start : m.end], " ")
    return len(gap.strip(" ,»”\"'’")) == 0 or verb[0] - at <= 12


def _speaker_after_close(doc: _Doc, index: int, raw: str, close: int, verb, mentions, quotes) -> Mention | None:
    """Speaker of a verb that follows a quotation: its subject between the close and the verb ('…," Becker said'), else after it ('…," said Becker').

    A verb that does not follow its quotation closely ("… « … » and said the
    hospital would …") takes its subject before it instead.
    """
    between = [m for m in mentions if close <= m.start and m.end <= verb[0] and not m.dative]
    if between and _reports_close(raw, close, verb, between):
        return max(between, key=lambda m: (m.speaker_type == "named", m.end))
    if not _reports_close(raw, close, verb, mentions):
        return _speaker_for_verb(doc, index, raw, verb, mentions, quotes, "before")
    return _speaker_for_verb(doc, index, raw, verb, mentions, quotes, "after")


@lru_cache(maxsize=8)
def _described_gap(determiner: str) -> re.Pattern:
    """Compile the words describing a name after a verb: a determiner, words without sentence punctuation, a space or a comma."""
    return re.compile(
        rf"\s+(?:[\w'’-]+\s+){{0,2}}?(?:{determiner})(?:\s+|(?<=['’]))[^,.;:!?«»“”\"()]{{1,70}}?(?:\s*,\s*|\s+)", re.IGNORECASE
    )  # "a lancé d'entrée le procureur X": a word or two before the determiner


def _verb_after_quote(rules: Rules, raw: str, at: int, mentions) -> tuple | None:
    """Return the word the language puts after a closing mark as a reporting verb ("», assure X", "», poursuit-elle"), when a speaker follows."""
    m = rules.verb_after_quote.match(raw, at)
    if not m:
        return None
    a, b = m.span("verb")
    pronoun = rules.pronoun_after.match(raw[b:]) or rules.inverted_pronoun.search(raw[a : b + 8])
    determiner = determiner_patterns(rules.speakers.determiner)[1] if rules.speakers else None

    described = _described_gap(rules.speakers.determiner) if rules.speakers else None

    def follows(x: Mention) -> bool:  # right after the verb, after a determiner ("résume la Pr X"), or after an adjunct
        gap = raw[b : x.start]
        return (
            len(gap) <= 3
            or bool(determiner and determiner.fullmatch(gap.strip()))
            or bool(rules.adjunct_before_speaker.fullmatch(gap))
            # a person after words describing them: "résume le géologue cantonal Stefan Imboden", "assure la municipale
            # chargée de la mobilité, Élodie Perrin-Kastrati"
            or bool(described and x.kind == "person" and not x.single and described.fullmatch(gap))
        )

    if pronoun or any(not x.dative and x.start >= b and follows(x) for x in mentions):
        return (a, b, " ".join(m.group("verb").split()), "neutral")
    return None


def _verbless(doc: _Doc, index: int, raw: str, a: int, b: int, mentions, quotes) -> tuple:
    """Cue and speaker of a direct quote whose sentence has no reporting verb (see :func:`_direct`)."""
    verb = _verb_after_quote(doc.rules, raw, b, mentions)
    if verb:
        return verb, _speaker_for_verb(doc, index, raw, verb, mentions, quotes, "after")
    after = doc.rules.verb_after_quote.match(raw, b)
    if after and doc.rules.impersonal_pronoun.search(after.group("verb")):  # "« … », a-t-on appris": a cue, and no speaker
        a_verb, b_verb = after.span("verb")
        return (a_verb, b_verb, " ".join(after.group("verb").split()), "neutral"), None
    for m in doc.rules.according_to.finditer(raw[:a]):  # "Selon elle, … « à plus de quatre kilomètres »"
        speaker = _according_speaker(doc, index, raw, m, mentions)
        if speaker is not None:
            return None, speaker
    # "Elle décrit un homme « discret »": the pronoun's person, not the object; "Sa voisine, Josiane : « … »"; the subject
    return None, _sentence_subject(doc, index, raw, a, mentions, quotes, colon=True)


_COMMA_DETERMINER = re.compile(r"\s*,\s*(?:\w{1,3}(?:\s+|['’]))?")  # "Un assureur régional, la mutuelle Kerlann"
_ROLE_THEN_NAME = re.compile(r"[^,.;:!?«»“”\"]{0,20},[^,.;:!?«»“”\"]{0,25}")  # "Chef de la mission du Réseau … (REAOE), le Liégeois X"


def _first_subject(pool, raw: str = "") -> Mention:
    """Return the first mention of a sentence, a name over the role it stands in apposition with.

    "La maire, Catherine Lhermitte"; "Chef de la mission du Réseau … (REAOE),
    le Liégeois Thierry Lambotte": a person after the role's comma and a few words.
    """
    first = min(pool, key=lambda m: m.start)
    named = [
        m
        for m in pool
        if m.speaker_type == "named"
        and m.start >= first.start
        and (m.start - first.end <= 3 or (raw and _COMMA_DETERMINER.fullmatch(raw, first.end, m.start)))
    ]
    if first.speaker_type != "named" and not named and raw:
        named = [
            m
            for m in pool
            if m.speaker_type == "named"
            and m.kind != "organisation"
            and m.start > first.end
            and _ROLE_THEN_NAME.fullmatch(raw, first.end, m.start)
        ]
    return named[0] if first.speaker_type != "named" and named else first


def _indirect(doc: _Doc, index: int, sent, raw: str, quotes, mentions, verbs, covering=()) -> None:
    """Extract reported speech with a complementiser ("que", "that") or a reporting clause after a comma.

    In a language whose reporting clause may put its subject first ("…,
    officials said"; ``subject_first_clause`` in its rules), the clause after
    a comma is tried before the complementiser, so "…, said Dana Whitfield,
    the mayor" is not read as reported speech "Dana Whitfield, the mayor".
    A verb inside quotation marks (``covering``: every quotation span over the
    sentence, also one opened in an earlier sentence) is quoted, not
    reporting; a verb right after a direct quote ("“…,” said X") or right
    before one ("X said: “…”") introduces that quote, not reported speech.
    """
    rules = doc.rules
    for verb in verbs:
        if any(a <= verb[0] < b for a, b in (*quotes, *covering)):
            continue
        if any(0 <= verb[0] - b <= 3 for _, b in (*quotes, *covering)) or _OPENS_QUOTE.match(raw[verb[1] :]):
            continue
        if rules.subject_first_clause and _clause_after_comma(doc, index, sent, raw, (*quotes, *covering), mentions, verb):
            continue
        glued = rules.complementiser_glued.search(verb[2])
        que = None if glued else rules.complementiser_after.match(raw[verb[1] :])
        if que or glued:
            a = verb[1] + (que.end() if que else 0)
            stops = [v[0] for v in verbs if v[0] > a] + [q[0] for q in quotes if q[0] > a] + [len(raw.rstrip(" .!?…"))]
            b = min(stops)
            b = a + len(raw[a:b].rstrip(" ,;:"))
            short = rules.indirect_min_tokens and not glued and len(_TOKEN_RE.findall(raw[a:b])) < rules.indirect_min_tokens
            if b - a >= 3 and not short:
                speaker = _speaker_for_verb(doc, index, raw, verb, mentions, quotes, "before")
                doc.add(index, sent, "indirect", a, b, speaker, verb)
                continue
            if not short:
                continue
        if not rules.subject_first_clause:
            _clause_after_comma(doc, index, sent, raw, (*quotes, *covering), mentions, verb)


def _clause_after_comma(doc: _Doc, index: int, sent, raw: str, quotes, mentions, verb) -> bool:
    """Add the reported speech before a reporting clause that follows a comma; return whether one was added.

    Inverted (", a déclaré X", ", said X", ", a-t-il ajouté"): the speaker is
    the mention after the verb, or the pronoun.  Subject first, where the
    language allows it (", officials said", ", she said", ", the utility's
    chief engineer said"): the speaker is the mention between the comma and
    the verb, the pronoun's antecedent, or, for a role alone, ``unknown``.
    The content is the clause before the comma (the whole sentence when the
    reporting clause is itself followed by a comma and more words).
    """
    rules = doc.rules
    comma = raw.rfind(",", 0, verb[0])
    if comma < 0:
        return False
    between = raw[comma + 1 : verb[0]]
    if any(a <= 0 < b or a < comma <= b for a, b in quotes):
        return False  # the content is a direct quote already counted
    if rules.auxiliary_only.match(between):  # ", a déclaré X": inverted
        after = _nearest(mentions, verb[1], "after", quotes, limit=40)
        pronoun = rules.pronoun_after.match(raw[verb[1] :]) or rules.inverted_pronoun.search(raw[verb[0] : verb[1] + 8])
        if not (after or pronoun):
            return False
        if after and not pronoun:  # "…, said members would vote": a clause follows, the mention is its subject, not the speaker
            rest = raw[after.end :].strip(" .!?…")
            if rest and not rest.startswith(",") and (len(_TOKEN_RE.findall(rest)) > 4 or rules.clause_after_subject.match(rest)):
                return False
        # "Me Nora Haddad … partage le constat : un directeur, rappelle-t-elle, dispose …": the person before the colon
        colon = raw.rfind(":", 0, comma) + 1
        gender = _pronoun_gender(rules, pronoun.group()) if pronoun else ""
        speaker = doc.pronoun_speaker(index, colon, mentions if colon else (), quotes, gender=gender) if pronoun else after
        tail = raw.find(",", (after.end if after else verb[1]))
    elif rules.subject_first_clause:  # ", officials said"
        words = _TOKEN_RE.findall(between)
        rest = raw[verb[1] :].strip(" .!?…")
        if not 1 <= len(words) <= 8 or (rest and not rest.startswith(",") and len(_TOKEN_RE.findall(rest)) > 4):
            return False
        inside = [m for m in mentions if comma < m.start and m.end <= verb[0] and not m.dative]
        pronoun = rules.pronoun_before.search(raw[: verb[0]])
        if pronoun and not inside:
            speaker = doc.pronoun_speaker(index, verb[0], mentions, quotes, gender=_pronoun_gender(rules, pronoun.group()))
        elif inside:
            speaker = max(inside, key=lambda m: (m.speaker_type == "named", m.end))
        elif rules.role_start.match(between):  # ", the utility's chief engineer said": a role, not named here
            speaker = None
        else:
            return False
        tail = raw.find(",", verb[1])
    else:
        return False
    end = comma
    if tail > 0 and len(_TOKEN_RE.findall(raw[tail:])) >= 3:  # ", ont déclaré des responsables, …": the whole sentence
        end = len(raw.rstrip(" .!?…"))
    start = raw.rfind(":", 0, comma) + 1  # the content opens after a colon
    start += len(raw[start:end]) - len(raw[start:end].lstrip())
    if end - start < 3:
        return False
    doc.add(index, sent, "indirect", start, end, speaker, verb)
    return True


def _nested(rows: list[dict], first: int) -> None:
    """Give a direct quote inside a sentence's reported speech the speaker and cue of that speech.

    "Elle affirme que le gouvernement va « simplifier les normes »": the
    marked words are hers, not the government's (rows from ``first`` on are
    the sentence's reported speech; its direct quotes come just before).
    """
    reported = [r for r in rows[first:] if r["kind"] in ("indirect", "selon") and r["speaker_type"] != "unknown"]
    if not reported:
        return
    sentence = rows[first - 1]["sentence_id"] if first else None
    for row in reversed(rows[:first]):
        if row["sentence_id"] != sentence or row["kind"] != "direct":
            break
        outer = next((r for r in reported if r["start"] <= row["start"] and row["end"] <= r["end"] + 2), None)
        if outer is not None:
            row.update(
                {
                    k: outer[k]
                    for k in ("speaker", "speaker_type", "speaker_role", "affiliation", "verb", "verb_connotation", "cue_start", "cue_end")
                }
            )


def _according_speaker(doc: _Doc, index: int, raw: str, m: re.Match, mentions) -> Mention | None:
    """Return the speaker an according-to phrase names: the best mention up to its comma ("selon la préfète, …"), or the pronoun's."""
    phrase_end = raw.find(",", m.end())
    limit = phrase_end if phrase_end > 0 else min(len(raw), m.end() + 60)
    # "selon" is itself a preposition: a name right after it is its speaker, as is the body whose document or figures it names
    source = doc.rules.according_to_source
    who = [
        x
        for x in mentions
        if m.end() - 1 <= x.start < limit and (not x.dative or x.start - m.end() <= 1 or source.fullmatch(raw, m.end(), x.start))
    ]
    rank = {"named": 0, "role": 1, "anonymous": 1, "unknown": 2}
    speaker = min(who, key=lambda x: (rank[x.speaker_type], x.start), default=None)
    pronoun = doc.rules.according_to_pronoun.match(raw, m.end())
    if speaker is None and pronoun:  # "Selon elle, …"
        # "Sa présidente, X, conteste l'étude, qui sous-estimerait selon elle …": a person named before it in the sentence
        speaker = doc.pronoun_speaker(
            index, m.start(), mentions, opening=m.start() <= 2, gender=_pronoun_gender(doc.rules, pronoun.group())
        )
    return speaker


def _selon(doc: _Doc, index: int, sent, raw: str, quotes, mentions) -> None:
    """Extract according-to attributions: «selon X» / «d’après X», "according to X"."""
    for m in doc.rules.according_to.finditer(raw):
        if any(a <= m.start() < b for a, b in quotes):
            continue
        speaker = _according_speaker(doc, index, raw, m, mentions)
        if speaker is None and doc.rules.according_to_needs_speaker.match(m.group().strip()):
            continue  # "Pour 2026, …": no attribution
        phrase_end = raw.find(",", m.end())
        rest = raw[phrase_end + 1 :].strip(" .!?…") if phrase_end > 0 else ""
        if phrase_end > 0 and len(rest) > 3:  # "Selon X, …" or "…, selon X, …": the words after the phrase
            a, b = phrase_end + 1, len(raw.rstrip(" .!?…"))
        else:  # "…, selon X." at the end: the words before it
            a, b = 0, m.start()
        a += len(raw[a:b]) - len(raw[a:b].lstrip(" ,"))
        b = a + len(raw[a:b].rstrip(" ,"))
        if b - a >= 3:
            doc.add(index, sent, "selon", a, b, speaker, (m.start(), m.end(), " ".join(m.group().split()), "neutral"))


class _Spans:
    """A document's quotation-mark spans, found for each sentence by position, not by a scan of them all.

    A long document has thousands of spans and of sentences: a scan per
    sentence grew with their product.
    """

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans, key=lambda span: span[0])  # stable: spans opening at one place keep their order
        self.starts = [a for a, _ in self.spans]
        self.seen = 0  # spans opening before the last sentence asked about
        self.open: list[tuple[int, int]] = []  # of those, the ones still open there

    def opening(self, s0: int, s1: int) -> list[tuple[int, int]]:
        """Spans opening in ``[s0, s1)``."""
        return self.spans[bisect.bisect_left(self.starts, s0) : bisect.bisect_left(self.starts, s1)]

    def covering(self, s0: int) -> list[tuple[int, int]]:
        """Spans opened before ``s0`` and still open at it (``a < s0 < b``); ask in increasing ``s0``."""
        upto = bisect.bisect_left(self.starts, s0)
        self.open = [(a, b) for a, b in (*self.open, *self.spans[self.seen : upto]) if b > s0]
        self.seen = max(self.seen, upto)
        return self.open


def extract_quotes(corpus: Corpus, sentences: pd.DataFrame, quote_spans: pd.DataFrame, speakers: Speakers) -> pd.DataFrame:
    """Extract quotes and attribute them to speakers, in every non-boilerplate sentence.

    Parameters
    ----------
    corpus : Corpus
        Gives the raw texts.
    sentences : pandas.DataFrame
        The sentence table.
    quote_spans : pandas.DataFrame
        Quotation-mark spans (:attr:`analysis.pipeline.Study.quote_spans`).
    speakers : Speakers
        Actors, anonymous-source patterns, reporting verbs and grammar rules (``Speakers.of(profile)``).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`QUOTE_COLUMNS`; ``start``/``end`` delimit the
        quoted or reported words (quotation marks included for direct quotes),
        ``cue_start``/``cue_end`` the reporting verb or "selon" (-1 if none).
    """
    rows = []
    spans_by_doc: dict[str, list[tuple[int, int]]] = {}
    for d, a, b in zip(quote_spans["doc_id"], quote_spans["start"], quote_spans["end"]):
        spans_by_doc.setdefault(d, []).append((int(a), int(b)))
    kept = sentences[sentences["layer"] != "boilerplate"].sort_values(["doc_id", "start"], kind="stable")
    by_doc: dict[str, list] = {}
    for sent in kept.itertuples():  # one pass: itertuples per document costs more than the attribution
        by_doc.setdefault(sent.doc_id, []).append(sent)
    docs = list(corpus.documents.itertuples())
    raws = [doc.text[int(sent.start) : int(sent.end)] for doc in docs for sent in by_doc.get(doc.doc_id, [])]
    # the sentences scanned a batch at a time (text_batches), in this order
    found = (
        hit
        for a, b in kernels.text_batches(raws)
        for hit in zip(raws[a:b], find_mentions_many(raws[a:b], speakers), find_verbs_many(raws[a:b], speakers))
    )
    lex = speakers.lexicon()
    # role nouns of every sentence, scanned a batch at a time too
    heads = (h for a, b in kernels.text_batches(raws) for h in find_heads_many(raws[a:b], lex)) if lex is not None else None
    for doc in docs:
        state = _Doc(doc.doc_id, doc.outlet, doc.text, speakers.rules)
        spans = _Spans(spans_by_doc.get(doc.doc_id, []))
        sents = by_doc.get(doc.doc_id, [])
        scanned = [next(found) for _ in sents]
        if lex is not None:
            scanned = _resolved(scanned, lex, speakers.rules, [next(heads) for _ in sents])
        for index, (sent, (raw, mentions, verbs)) in enumerate(zip(sents, scanned)):
            state.before_sentence = state.last_speaker
            state.paragraphs[index] = int(sent.paragraph_id)
            following = [(x, *found) for x, found in zip(sents[index + 1 : index + 6], scanned[index + 1 : index + 6])]
            s0, s1 = int(sent.start), int(sent.end)
            quotes = _direct(state, index, sent, raw, spans.opening(s0, s1), mentions, verbs, following)
            covering = [(max(a, s0) - s0, min(b, s1) - s0) for a, b in spans.covering(s0)]  # opened in an earlier sentence
            first = len(state.rows)
            _indirect(state, index, sent, raw, quotes, mentions, verbs, covering)
            _selon(state, index, sent, raw, quotes, mentions)
            _nested(state.rows, first)
            # the sentence's first named person, else its first named body ("Du côté du gouvernement, le ministre …, X, doit …")
            named = [m for m in mentions if m.speaker_type == "named" and not m.dative and not any(a <= m.start < b for a, b in quotes)]
            subject = next((m for m in named if m.kind != "organisation"), named[0] if named else None)
            if subject is not None:
                state.last_subject = (index, subject)
            state.recent = [*state.recent[-7:], *((index, m) for m in named if m.kind != "organisation")][-8:]
            # "Elle nous raconte.", "Elle a accepté de s'en expliquer.", "Il témoigne :": a verb of speech, or a colon, and no
            # quotation of its own
            state.announces[index] = raw.rstrip().endswith(":") or (bool(verbs) and len(state.rows) == first)
            opens, person = state.opening_pronoun(index, raw)
            if opens:  # "Elle a dormi chez sa sœur, à Sion.": the person a floating quotation after it belongs to
                state.pronoun_subjects[index] = person
        if lex is not None and speakers.ranker is not None:
            _rerank(state.rows, sents, [m for _, m, _ in scanned], speakers.ranker)
        rows += state.rows
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    return out.sort_values(["doc_id", "start", "end", "kind"]).reset_index(drop=True)


def _rerank(rows: list[dict], sents: list, mentions: list, ranker: SpeakerRanker) -> None:
    """Let the ranker reconsider a document's named, role and unknown speakers (:mod:`analysis.attribution`), in text order.

    A role the ranker ties to a name stays that quotation's ``speaker_role`` (*le juge de l'urgence*, not the
    name's role elsewhere in the document).
    """
    ordered = sorted(rows, key=lambda r: (r["start"], r["end"], r["kind"]))
    for number, c in ranker.choose(ordered, candidates(ordered, sents, mentions)):
        m, row = c["mention"], ordered[number]
        role = row["speaker"] if row["speaker_type"] == "role" else m.role
        row.update(speaker=m.speaker, speaker_type="named", speaker_role=role, affiliation=m.affiliation)


def _resolved(scanned: list, lex: SpeakerLexicon, rules: Rules, heads: list | None = None) -> list:
    """Return a document's sentences ``(raw, mentions, verbs)`` with the names and roles of their text added and resolved.

    First pass: every sentence's names, roles and appositions, recorded in
    the document's :class:`~analysis.speakers.People`; second pass: each
    mention resolved (a surname to the full name, a definite role to the one
    person the document gives it, an apposition's role to its name).
    """
    found = []
    people = People()
    acronyms: dict[str, str] = {}  # "SAMR" -> "Syndicat autonome des métallurgistes de la Romanche", the first given
    heads = heads if heads is not None else find_heads_many([raw for raw, _, _ in scanned], lex)
    for index, (raw, listed, verbs) in enumerate(scanned):
        mentions, names, pairs = find_text_mentions(raw, listed, lex, verbs, rules, heads[index])
        mentions = _defined_bodies(raw, mentions, lex, rules, acronyms)
        people.add(index, names, pairs, lex, [m for m in mentions if m.kind in ("organisation", "role")])
        found.append((mentions, {(r.start, r.end): n for n, r in pairs}))
    out = []
    for index, ((raw, _, verbs), (mentions, linked)) in enumerate(zip(scanned, found)):
        if acronyms:  # a later "l'OACS" is the body the document named in full before it
            mentions = [_spelled_out(m, acronyms) for m in mentions]
        resolved = [m if m.kind in ("actor", "anonymous") else people.resolve(m, index, linked, lex) for m in mentions]
        # an unresolved word opening the sentence is a name only as the subject of the verb right after it ("Matignon a fait savoir")
        resolved = [
            m for m in resolved if m is not None and not (m.single and m.at_start and not any(0 <= v[0] - m.end <= 3 for v in verbs))
        ]
        out.append((raw, resolved, verbs))
    return out


def _defined_bodies(raw: str, mentions: list[Mention], lex: SpeakerLexicon, rules: Rules, acronyms: dict[str, str]) -> list[Mention]:
    """Replace the pieces of a body named in full before its acronym by one named organisation (:func:`~analysis.speakers.acronym_definitions`).

    "D'après le Syndicat autonome des métallurgistes de la Romanche (SAMR)":
    one speaker, not "Syndicat" and "Romanche"; the acronym is recorded in
    ``acronyms`` for the document's later mentions.  Inside the complement of
    a role ("Sylvie Le Corre, déléguée du Syndicat … (STAB)", "le candidat du
    Rassemblement pour l'alternance démocratique (RAD)"), the role keeps it.
    """
    for a, b, name, acronym in acronym_definitions(raw, lex.stopwords):
        inside = [m for m in mentions if a <= m.start < b or m.start <= a < m.end]
        whole = next((m for m in inside if m.kind == "organisation" and m.speaker_type == "named" and m.start <= a and m.end >= b), None)
        acronyms.setdefault(acronym, whole.speaker if whole else name)  # "Agence régionale de santé (ARS) Loire-Bocage": as found
        if whole is not None or any(m.kind in ("actor", "anonymous") or (m.kind == "role" and m.head_start < a) for m in inside):
            continue  # "déléguée du Syndicat … (STAB)": the role's complement, not a speaker of its own
        start = min([a, *(m.start for m in inside)])
        dative = bool(rules.dative_before.search(raw[max(0, start - 5) : start])) or any(m.dative for m in inside if m.start <= a)
        body = Mention(start, b, name, "named", "", dative=dative, kind="organisation", tokens=(acronym,))
        mentions = sorted([*(m for m in mentions if m not in inside), body], key=lambda m: (m.start, -m.end))
    return mentions


def _spelled_out(m: Mention, acronyms: dict[str, str]) -> Mention:
    """Return a mention of an acronym the document spelled out earlier as that body ("l'OACS": the Observatoire …)."""
    key = m.tokens[0] if len(m.tokens) == 1 else m.speaker
    name = acronyms.get(key)
    if name is None or m.kind not in ("organisation", "person"):
        return m
    return replace(m, speaker=name, speaker_type="named", kind="organisation", single=False)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Overlap of two spans as a share of the longer one (0 to 1)."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / max(a[1] - a[0], b[1] - b[0], 1)


def evaluate_quotes(pred: pd.DataFrame, gold: pd.DataFrame, threshold: float = 0.3) -> dict[str, pd.DataFrame]:
    """Precision and recall of quote extraction and speaker attribution against a hand annotation.

    Predicted and gold quotes of the same document are matched one to one,
    greedily by decreasing overlap, when their overlap (shared characters over
    the longer span) is at least ``threshold`` (the Gender Gap Tracker reports
    0.3 and 0.8).  Speaker accuracy is computed on matched pairs: the speaker
    names agree (joint speakers "A|B" agree when they share a name).  Verb
    accuracy: the predicted cue overlaps the gold cue (so "déclaré" matches
    "a déclaré").

    Returns
    -------
    dict of pandas.DataFrame
        ``scores`` (per document and overall: n_gold, n_pred, matched,
        precision, recall, f1, speaker_accuracy, verb_accuracy) and
        ``pairs`` (every gold and predicted quote with its match).
    """
    pairs = []
    for doc_id in sorted(gold["doc_id"].unique()):
        g = gold[gold["doc_id"] == doc_id].reset_index(drop=True)
        p = pred[pred["doc_id"] == doc_id].reset_index(drop=True)
        cand = sorted(
            ((overlap((gi.start, gi.end), (pi.start, pi.end)), i, j) for i, gi in g.iterrows() for j, pi in p.iterrows()),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        used_g, used_p = set(), set()
        for ov, i, j in cand:
            if ov < threshold or i in used_g or j in used_p:
                continue
            used_g.add(i)
            used_p.add(j)
            pairs.append(_pair(doc_id, g.loc[i], p.loc[j], ov))
        pairs += [_pair(doc_id, g.loc[i], None, 0.0) for i in range(len(g)) if i not in used_g]
        pairs += [_pair(doc_id, None, p.loc[j], 0.0) for j in range(len(p)) if j not in used_p]
    pairs = pd.DataFrame(pairs)
    rows = [_scores(doc_id, grp) for doc_id, grp in pairs.groupby("doc_id")] + [_scores("all", pairs)]
    return {"scores": pd.DataFrame(rows), "pairs": pairs}


def _pair(doc_id: str, g, p, ov: float) -> dict:
    """One row of the evaluation: a gold quote, a predicted quote, or both."""
    same_speaker = same_person = None
    if g is not None and p is not None:
        same_speaker = bool(set(str(g["speaker"]).split("|")) & set(str(p["speaker"]).split("|")))
        same_person = same_name(str(g["speaker"]), str(p["speaker"]))
    return {
        "doc_id": doc_id,
        "gold_start": None if g is None else int(g["start"]),
        "gold_end": None if g is None else int(g["end"]),
        "pred_start": None if p is None else int(p["start"]),
        "pred_end": None if p is None else int(p["end"]),
        "gold_kind": None if g is None else g["kind"],
        "pred_kind": None if p is None else p["kind"],
        "gold_speaker": None if g is None else g["speaker"],
        "pred_speaker": None if p is None else p["speaker"],
        "gold_type": None if g is None else g.get("speaker_type"),
        "pred_type": None if p is None else p.get("speaker_type"),
        "gold_verb": None if g is None else g["verb"],
        "pred_verb": None if p is None else p["verb"],
        "gold_cue_start": None if g is None else _int_or_none(g["cue_start"]),
        "gold_cue_end": None if g is None else _int_or_none(g["cue_end"]),
        "pred_cue_start": None if p is None else _int_or_none(p["cue_start"]),
        "pred_cue_end": None if p is None else _int_or_none(p["cue_end"]),
        "overlap": round(ov, 3),
        "matched": g is not None and p is not None,
        "same_speaker": same_speaker,
        "same_person": same_person,
    }


def _int_or_none(value) -> int | None:
    """Return an offset as int, or None when empty or negative."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _scores(doc_id: str, pairs: pd.DataFrame) -> dict:
    """Precision, recall, F1, speaker and verb accuracy of a set of evaluation pairs."""
    n_gold = int(pairs["gold_start"].notna().sum())
    n_pred = int(pairs["pred_start"].notna().sum())
    matched = pairs[pairs["matched"]]
    p = len(matched) / n_pred if n_pred else 0.0
    r = len(matched) / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    verbs = matched[matched["gold_cue_start"].fillna(-1) >= 0]
    verb_ok = (
        ((verbs["pred_cue_start"] < verbs["gold_cue_end"]) & (verbs["pred_cue_end"] > verbs["gold_cue_start"])).mean()
        if len(verbs)
        else float("nan")
    )
    named, right = named_speakers(pairs)
    typed = matched[matched["gold_type"].notna()]
    return {
        "doc_id": doc_id,
        "n_gold": n_gold,
        "n_pred": n_pred,
        "matched": len(matched),
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1, 3),
        "speaker_accuracy": round(float(matched["same_speaker"].mean()), 3) if len(matched) else float("nan"),
        "verb_accuracy": round(float(verb_ok), 3),
        "n_named": len(named),
        "named_accuracy": round(float(right.mean()), 3) if len(named) else float("nan"),
        "type_accuracy": round(float((typed["gold_type"] == typed["pred_type"]).mean()), 3) if len(typed) else float("nan"),
    }


def named_speakers(pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Return the matched pairs whose hand speaker is named, and whether each got that person or body (typed named)."""
    named = pairs[pairs["matched"] & (pairs["gold_type"] == "named")]
    return named, named["same_person"].astype(bool) & (named["pred_type"] == "named")


def same_name(gold: str, predicted: str) -> bool:
    """Whether two speaker names (``|``-joined when joint) name the same person or body.

    Names are compared folded (lower case, no accents, straight apostrophes,
    :func:`analysis.speakers.fold`) and without a leading determiner; they
    agree when equal or when one is the other's last words ("Martin" and
    "Claire Martin"; "CGT" and "syndicat CGT"), never on a first name alone.

    Examples
    --------
    >>> same_name("Claire Martin", "Mme Claire Martin".split(" ", 1)[1]), same_name("Claire Martin", "Martin")
    (True, True)
    >>> same_name("Claire Martin", "Claire Dupont"), same_name("Antony Blinken|Jake Sullivan", "Jake Sullivan")
    (False, True)
    """

    def words(name: str) -> tuple[str, ...]:
        w = tuple(re.findall(r"[^\W_]+", fold(name)))
        return w[1:] if len(w) > 1 and w[0] in ("le", "la", "les", "l", "the") else w

    golds, preds = [words(g) for g in gold.split("|")], [words(p) for p in predicted.split("|")]
    for g in golds:
        for p in preds:
            if g and p and (g == p or (len(g) != len(p) and (g[-len(p) :] == p or p[-len(g) :] == g))):
                return True
    return False


def load_quote_gold(path: Path) -> pd.DataFrame:
    """Load the hand-annotated quotes (``docs/codebook.md``, section 9)."""
    return pd.read_csv(path, dtype={"verb": str, "note": str}, keep_default_na=False)


def sourcing_profile(quotes: pd.DataFrame, by: str = "outlet", layers=("relay_commentary", "original_outlet")) -> pd.DataFrame:
    """Who is quoted, per outlet: counts by kind and speaker type, shares of each speaker type.

    Returns
    -------
    pandas.DataFrame
        ``<by>, n_quotes, direct, indirect, selon, named, role, anonymous,
        unknown, named_share, role_share, anonymous_share, unknown_share``.
    """
    q = quotes[quotes["layer"].isin(list(layers))]
    kinds = q.pivot_table(index=by, columns="kind", values="start", aggfunc="count", fill_value=0)
    types = q.pivot_table(index=by, columns="speaker_type", values="start", aggfunc="count", fill_value=0)
    out = kinds.join(types, how="outer").fillna(0).astype(int)
    for col in ("direct", "indirect", "selon", *SPEAKER_TYPES):
        if col not in out:
            out[col] = 0
    out.insert(0, "n_quotes", out[["direct", "indirect", "selon"]].sum(axis=1))
    for col in SPEAKER_TYPES:
        out[f"{col}_share"] = (out[col] / out["n_quotes"]).round(3)
    cols = ["n_quotes", "direct", "indirect", "selon", *SPEAKER_TYPES, *(f"{t}_share" for t in SPEAKER_TYPES)]
    return out[cols].reset_index()

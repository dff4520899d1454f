"""``python -m analysis init PATH``: set a corpus up for the study, without touching what is there.

For a folder of ``.txt`` files without ``metadata.csv``, :func:`init_corpus`
first writes a ``metadata.csv`` listing them (``doc_id`` from the file name, or its path when two share one,
``outlet`` from the sub-folder a text sits in, its detected ``language`` and
its SHA-256), to be completed by hand.  Then, beside the corpus's metadata,
it writes commented templates of every profile file that is not there yet
(:mod:`analysis.profile`): ``profile.toml`` with the corpus's language
(declared or detected), the topic files (targets, stance cues, actors,
events, relay pairs) and ``lexicons/`` additions to the language's defaults.
Lines starting with ``#`` in these files are comments.  An existing file is
never overwritten, and a raw text is only read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorpusError
from .language import detect_language, normalise_code, shipped_languages
from .profile import LEXICON_FOLDER, PROFILE_TOML, SPECS
from .reader import DETECT_DOCUMENTS, corpus_format, index_corpus, sample_texts

#: What each profile file enables, as ``init`` prints it.
ENABLES = {
    PROFILE_TOML: "the corpus's language, and whether each lexicon extends or replaces the language's default",
    "targets.csv": "stance: the targets (with definitions) that stance.csv and stance_profile.csv report on",
    "stance_cues.csv": "stance: each target's topic / favor / against cue patterns (the rule baseline)",
    "actors.csv": "sourcing: canonical names, aliases and affiliations of the people and bodies quoted",
    "events.csv": "events: a catalogue to align sentences to (coverage, blindspots, side by side)",
    "relay_pairs.csv": "fidelity: pairs of documents relaying the same report, compared sentence by sentence",
    "lexicons/stopwords.txt": "lexical tables: more stopwords",
    "lexicons/abbreviations.txt": "sentences: abbreviations that do not end a sentence",
    "lexicons/boilerplate.csv": "voice layers: site-furniture lines of your sources",
    "lexicons/cues.csv": "cues: loaded terms, hedges, boosters, reporting verbs, evidentials of your topic",
    "lexicons/naming.csv": "naming: the spelling and naming variants of your topic's referents",
    "lexicons/frame_cues.csv": "frames: more cues for the Semetko & Valkenburg and Entman questions",
    "lexicons/persuasion.csv": "persuasion: more cues for the persuasion techniques",
    "lexicons/anonymous_sources.csv": "sourcing: how your sources name anonymous speakers",
    "lexicons/roles.csv": "speakers: more role, title and organisation nouns ('porte-parole', 'spokesperson', 'ministry')",
    "metadata.csv": "the documents: one row per text (outlet from its sub-folder; add dates, titles, urls)",
}

_EXAMPLES = {
    "targets": [
        "# One row per stance target; stance is computed only on these. Lines starting with # are comments.",
        "# Example: plant,The desalination plant,The proposed plant: its construction and cost.,argues for building it,argues against it,"
        "mentions it without an attitude",
    ],
    "stance_cues": [
        "# role: topic (names the target), favor or against. pattern: a Python regular expression, case-insensitive, whole words.",
        "# Example: plant,topic,desalination\\s+plant|the\\s+plant,names the plant",
        "# Example: plant,against,oppos(?:e|es|ed|ing)|halt,argues against it",
    ],
    "actors": [
        "# aliases: the ways the texts name the actor, separated by |. kind: person or organisation.",
        "# Example: Dana Whitfield,Whitfield|Mayor Whitfield|Ms. Whitfield,Mayor of Port Alder,City of Port Alder,person",
    ],
    "events": [
        "# One row per event the texts report. cue_terms: |-separated words or phrases, in the corpus's language.",
        "# Example: council_vote,Council vote on the plant,The council approves the contract.,2025-06-10,day,Dana Whitfield,"
        "council vote|approved the contract,",
    ],
    "relay_pairs": ["# Example: doc_a_id,doc_b_id,The wire story of 10 June both relay,"],
    "boilerplate": ["# scope: line (the whole line is furniture) or until_anchor (from that line to the next annotated segment)."],
    "cues": ["# cue_type: loaded, hedge, booster, reporting_verb or evidential (see docs/cues_codebook.md)."],
    "naming": ["# kind: spelling or loaded. Example: Kyiv,Kiev,Kiev,spelling,the Russian-based spelling"],
    "frame_cues": ["# item: q01..q20 or entman_problem/cause/moral/remedy; frame: the item's frame (docs/frames_codebook.md)."],
    "persuasion": ["# technique: loaded_language, name_calling, doubt, appeal_to_fear, exaggeration_minimisation or whataboutism."],
    "anonymous_sources": ["# speaker: the label of the anonymous source (e.g. anonymous officials); affiliation may stay empty."],
}


@dataclass
class InitResult:
    """What :func:`init_corpus` did: files written, files kept, and the corpus's language."""

    root: Path
    language: str | None
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _template(spec, language: str | None, mode_note: bool) -> str:
    """Return a profile file's template: its header, then comments."""
    lines = []
    if spec.text_list:
        default = f"analysis/languages/{'stopwords/' + (language or 'xx') + '.txt' if spec.name == 'stopwords' else (language or 'xx') + '/' + spec.file}"
        lines += [f"# One entry per line. Entries here extend the default of the corpus's language ({default})."]
        lines += [f'# To replace that default instead, write `{spec.name} = "replace"` under [lexicons] in profile.toml.']
        return "\n".join(lines) + "\n"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(spec.columns)
    lines = _EXAMPLES.get(spec.name, [])
    if mode_note:
        lines = [
            f"# Rows here extend the default of the corpus's language (analysis/languages/{language or 'xx'}/{spec.file}).",
            f'# To replace it instead, write `{spec.name} = "replace"` under [lexicons] in profile.toml.',
            *lines,
        ]
    return out.getvalue() + "".join(line.replace('"', "'") + "\n" for line in lines)


def _profile_toml(language: str | None) -> str:
    lines = [
        "# The corpus's profile (README, 'Your own corpus'). Lines starting with # are comments.",
        "# The corpus's language (ISO 639-1); the metadata's language column, if any, must agree.",
        f'language = "{language}"' if language else '# language = "fr"',
        "",
        "# Each lexicon in lexicons/ extends the language's default; uncomment a line to replace that default instead.",
        "[lexicons]",
        *(f'# {name} = "replace"' for name, spec in SPECS.items() if spec.lexicon),
    ]
    return "\n".join(lines) + "\n"


def _safe_id(text: str) -> str:
    """Return a valid ``doc_id`` from a file name (letters, digits, ``_``, ``-``, ``.``)."""
    cleaned = re.sub(r"[^A-Za-z0-9_.\-]+", "_", text).strip("_.-")
    return cleaned or "doc"


def _write_metadata(root: Path, result: InitResult) -> None:
    """List the ``.txt`` files of a folder without metadata in a new ``metadata.csv`` (outlet from the sub-folder)."""
    texts = sorted(p for p in root.rglob("*.txt") if LEXICON_FOLDER not in p.relative_to(root).parts[:1])
    if not texts:
        result.notes.append(f"{root} has no metadata.csv and no .txt file: nothing to list")
        return
    rows, seen = [], Counter()
    stems = Counter(_safe_id(p.stem) for p in texts)
    for path in texts:
        rel = path.relative_to(root)
        outlet = _safe_id(rel.parts[0]) if len(rel.parts) > 1 else ""
        # the file's name, or its path when two files share a name
        doc_id = _safe_id(path.stem) if stems[_safe_id(path.stem)] == 1 else _safe_id("_".join(rel.with_suffix("").parts))
        seen[doc_id] += 1
        if seen[doc_id] > 1:
            doc_id = f"{doc_id}_{seen[doc_id]}"
        data = path.read_bytes()
        try:
            found = detect_language(data.decode("utf-8-sig"))[0] or ""
        except UnicodeDecodeError:
            found = ""
        rows.append([doc_id, outlet, rel.as_posix(), "", found, hashlib.sha256(data).hexdigest()])
    with open(root / "metadata.csv", "x", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["doc_id", "outlet", "path", "date", "language", "sha256"])
        writer.writerows(rows)
    result.written.append(root / "metadata.csv")
    missing = sum(1 for r in rows if not r[1])
    result.notes.append(
        f"metadata.csv lists {len(rows)} texts"
        + (f"; {missing} have no outlet (texts outside a sub-folder): fill the outlet column" if missing else "")
        + "; add each text's date (YYYY-MM-DD) where you know it"
    )


def corpus_language(path: Path, result: InitResult) -> str | None:
    """Return the corpus's language: declared in its metadata, else detected from its first texts."""
    try:
        index = index_corpus(path, with_profile=False)
    except CorpusError as err:
        result.notes.append(f"the metadata has problems (run `validate` after filling it):\n{err}")
        return None
    declared = {normalise_code(v) for v in index.documents["language"] if v}
    if len(declared) == 1:
        return declared.pop()
    if len(declared) > 1:
        result.notes.append(f"the metadata declares several languages ({', '.join(sorted(declared))}): make one corpus per language")
        return None
    found = Counter(detect_language(t)[0] for t in sample_texts(index, DETECT_DOCUMENTS))
    found.pop(None, None)
    if not found:
        result.notes.append("the language could not be detected: write it in profile.toml")
        return None
    language, _ = found.most_common(1)[0]
    return language


def init_corpus(path: Path | str) -> InitResult:
    """Write the missing profile templates beside a corpus (and its ``metadata.csv`` for a folder of texts).

    Parameters
    ----------
    path : path-like
        A corpus folder (with ``metadata.csv``, or only ``.txt`` files), or a ``.jsonl`` or ``.parquet`` file.

    Returns
    -------
    InitResult
        Files written and kept, the language, and notes for the user.

    Raises
    ------
    CorpusError
        If the path is not a folder, ``.jsonl`` or ``.parquet`` file.
    """
    from .errors import Problem, raise_if

    path = Path(path)
    fmt = corpus_format(path)
    if fmt == "unknown" or not path.exists():
        raise_if(
            [Problem(str(path), None, "", "not a folder, .jsonl or .parquet file", "give the folder of your texts or your corpus file")]
        )
    root = path if fmt == "folder" else path.parent
    result = InitResult(root, None)
    if fmt == "folder" and not (root / "metadata.csv").exists():
        _write_metadata(root, result)
    result.language = corpus_language(path, result)
    if result.language is not None and result.language not in shipped_languages():
        result.notes.append(
            f"'{result.language}' has no shipped defaults (shipped: {', '.join(shipped_languages())}): "
            "run with --lexical-only, or add the language (README, 'Adding a language')"
        )
    files = {PROFILE_TOML: _profile_toml(result.language)}
    for name, spec in SPECS.items():
        rel = f"{LEXICON_FOLDER}/{spec.file}" if spec.lexicon else spec.file
        files[rel] = _template(spec, result.language, spec.lexicon and name != "naming")
    for rel, text in files.items():
        target = root / rel
        if target.exists():
            result.kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="") as f:
            f.write(text)
        result.written.append(target)
    return result

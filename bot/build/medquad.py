"""Import a MedQuAD checkout (https://github.com/abachaa/MedQuAD) as conditions of the knowledge
base, and merge them with the authored dataset.

MedQuAD holds one XML file per document in twelve folders (``1_CancerGov_QA`` ...
``12_MPlusHerbsSupplements_QA``). Each document has a ``Focus`` (the condition, drug or test it is
about), its ``Synonyms``, the page's ``url`` and question-answer pairs whose ``qtype`` says what
the question asks. Four NINDS files (``6_NINDS_QA/0000007.xml`` ...) use another layout
(``<doc corpus=... url=...>``, ``<doctitle-focus>``, ``<qaPairs>/<pair>``, lower-case
``<question>``/``<answer>``) and one CDC file a ``<DiseaseFile>`` root; both are read. Folders
10-12 (A.D.A.M. encyclopedia, MedlinePlus drugs, herbs and supplements) have every answer removed
for copyright reasons: their documents still give a condition with its names and source, but no
sections.

Documents become conditions
---------------------------

* id: a slug of the focus (``page_importer.slugify``); a later document with the same slug gets
  ``_2``, ``_3``... (`merge` then folds documents about the same condition together).
* name: the focus, whitespace normalised. A document without a focus is reported and skipped.
* alternative names: the synonyms, except those whose folded form has fewer than 3
  letters or digits unless written as an all-capital abbreviation ("OA" stays, "Ca++" goes);
  those that are one common English word, a stop word or a word with a wordfreq Zipf frequency of
  at least `COMMON_WORD_ZIPF` ("IS", "ALL", "ADD", "SAD", "Cold", "Stress"; also "MS" and "AD",
  which are as frequent as words); duplicates; and the focus itself (compared by
  ``normalize_name``).
* source: the document's url, titled ``"{focus} — {site} (via MedQuAD)"``, the site named after
  the folder (`SITE_NAMES`).
* sections: each answer goes to the section its qtype maps to (`QTYPE_SECTIONS`); other qtypes
  (support groups, and the medicine qtypes of folders 11-12: dose, side effects...) fit no
  section key and are skipped. GHR's treatment answers only list the titles of other resources
  and are skipped too.

Several answers for one section of a document (NIDDK and NIHSeniorHealth split a page into
several "What is ..." answers): the first is always kept; the following ones, in document order,
are joined to it as further paragraphs while the joined text stays within `JOIN_MAX_CHARS`
characters, and dropped from the first that does not fit. Exact repeats are dropped.

Answer text: the importer does not rewrite it, it only restores its layout.

* Whitespace is normalised. Paragraphs are kept: a line break starts one, and so does a run of
  spaces where a page's paragraphs were flattened into one line (two or more spaces after the end
  of a sentence, or three or more before a capital), unless the answer puts two spaces after
  most of its sentences (typewriter style, some NINDS pages), where spaces say nothing.
* Bullets ("- ", "* ", "• " at the start of a line or after two or more spaces: MedQuAD often
  flattened a list into one line) become `Item`s when they are clean: a run of at least two
  items, each at most `MAX_ITEM_CHARS` long, that ends the answer with only paragraphs before it.
  Otherwise they stay in the text as "• " lines, as the replies show items.
* GARD's flattened Human Phenotype Ontology tables ("Signs and Symptoms Approximate number of
  patients (when available) Abnormality of the fibula 90% ...") become items such as
  "Abnormality of the fibula (90%)"; the standard paragraph explaining the table's frequencies
  is left out.
* A leading question that repeats the document's question (GARD: "What are the signs and symptoms
  of X? ...") and a leading "Summary :" label (MedlinePlus) are removed.

Malformed or truncated XML files, and documents without a focus or url, are reported as
`ImportProblem`s (path and problem) and skipped; the import never raises on one bad file.

Merging with the authored dataset (`merge`)
-------------------------------------------

An imported document merges into the first earlier condition that its focus names: an authored
condition one of whose names (name or alternative name, compared by ``normalize_name``) equals
the focus, else the first imported document with the same focus (folders in order 1..12, files
in order). The earlier condition keeps its name, id and text: a section it has wins, sections it
lacks are taken from the later one, whose sources (new urls) and names are added to it.

Synonyms do not merge conditions, only the focus does: MedQuAD's synonyms include broader and
related terms (GARD gives "Amyotrophic lateral sclerosis" as a synonym of "Progressive bulbar
palsy", "Dermatomyositis" of "Juvenile dermatomyositis", "T cell immunodeficiency primary" of a
dozen diseases), and merging by synonyms made one condition of 43 different Charcot-Marie-Tooth
and related neuropathies, and folded Progressive bulbar palsy into our ALS.

Afterwards every normalised name belongs to one condition only: the authored conditions keep all
their names; then canonical names stay with their conditions; an alternative name stays with the
first condition that has it and is dropped from later ones. Imported ids that clash with an
authored id get a ``_2``... suffix.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from wordfreq import zipf_frequency

from bot.knowledge.dataset import Condition, Item, Section, Source
from bot.build.page_importer import slugify
from bot.language.matching import STOP_WORDS
from bot.language.normalization import normalize_name
from bot.vocabulary import BULLET, SECTION_KEYS

__all__ = [
    "DocumentError",
    "ImportProblem",
    "MedquadError",
    "MedquadImport",
    "QTYPE_SECTIONS",
    "SITE_NAMES",
    "answer_blocks",
    "import_medquad",
    "is_abbreviation",
    "keep_synonym",
    "medquad_files",
    "merge",
    "parse_document",
    "section_counts",
]

#: qtype -> section key; qtypes not listed are skipped.
QTYPE_SECTIONS: dict[str, str] = {
    "information": "overview",
    "causes": "causes",
    "symptoms": "symptoms",
    "exams and tests": "diagnosis",
    "treatment": "treatment",
    "prevention": "prevention",
    "outlook": "outlook",
    "complications": "complications",
    "susceptibility": "risk_factors",
    "inheritance": "inheritance",
    "frequency": "frequency",
    "genetic changes": "genetic_changes",
    "stages": "stages",
    "research": "research",
    "considerations": "home_care",  # NIDDK's "What to do for ...": eating, diet and nutrition
    "when to contact a medical professional": "when_to_see_doctor",  # A.D.A.M. (answers removed)
}

#: Folder number -> the site named in source titles.
SITE_NAMES: dict[int, str] = {
    1: "CancerGov",
    2: "GARD",
    3: "GHR",
    4: "MedlinePlus Health Topics",
    5: "NIDDK",
    6: "NINDS",
    7: "NIHSeniorHealth",
    8: "NHLBI",
    9: "CDC",
    10: "MedlinePlus Medical Encyclopedia",
    11: "MedlinePlus Drug Information",
    12: "MedlinePlus Herbs and Supplements",
}

#: Later answers for a section are joined to the first while the text stays this short.
JOIN_MAX_CHARS = 1500
#: A bullet longer than this is a paragraph, not a list item.
MAX_ITEM_CHARS = 300
#: A one-word synonym at least this frequent in English (wordfreq's Zipf scale: 4.5 = about 30
#: per million words) is a common word that users write meaning something else ("sad", "cold").
#: Lower thresholds drop names people ask about: HIV (4.17), AIDS (4.25), cannabis (4.03).
COMMON_WORD_ZIPF = 4.5


class MedquadError(ValueError):
    """The MedQuAD directory as a whole cannot be imported (missing, or holds no XML files)."""


@dataclass(frozen=True)
class ImportProblem:
    """A file that was skipped, and why."""

    path: Path
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


@dataclass(frozen=True)
class MedquadImport:
    """What `import_medquad` read: one condition per usable document, in folder and file order."""

    conditions: list[Condition]
    problems: list[ImportProblem]
    files: int


class DocumentError(ValueError):
    """A problem of one document; `import_medquad` reports it as an `ImportProblem`."""


# --- files ---------------------------------------------------------------------------------------

_FOLDER_NUMBER = re.compile(r"^(\d+)_")


def _folder_order(folder: Path) -> tuple[int, str]:
    match = _FOLDER_NUMBER.match(folder.name)
    return (int(match.group(1)) if match else 1_000_000, folder.name)


def _site(folder: Path) -> Optional[str]:
    match = _FOLDER_NUMBER.match(folder.name)
    return SITE_NAMES.get(int(match.group(1))) if match else None


def medquad_files(root: Path) -> list[tuple[Path, Optional[str]]]:
    """Every XML file of a MedQuAD checkout with its site name, folders in order 1..12."""
    folders = sorted((p for p in root.iterdir() if p.is_dir()), key=_folder_order)
    return [(path, _site(folder)) for folder in folders for path in sorted(folder.glob("*.xml"))]


def import_medquad(
    root: Path, progress: Optional[Callable[[int, int], None]] = None
) -> MedquadImport:
    """Reads every document of a MedQuAD checkout; `progress(done, total)` follows the files.

    A file that cannot be read is reported in `problems` and skipped. Raises `MedquadError`
    only when `root` is not a directory or holds no XML files in its folders.
    """
    root = Path(root)
    if not root.is_dir():
        raise MedquadError(f"{root}: MedQuAD directory does not exist")
    files = medquad_files(root)
    if not files:
        raise MedquadError(f"{root}: holds no MedQuAD XML files (expected folders like 1_CancerGov_QA/)")
    conditions: list[Condition] = []
    problems: list[ImportProblem] = []
    taken: set[str] = set()
    for done, (path, site) in enumerate(files, start=1):
        try:
            condition = parse_document(path, site)
        except DocumentError as error:
            problems.append(ImportProblem(path, str(error)))
        except Exception as error:  # noqa: BLE001 - one odd file must not stop the import
            problems.append(ImportProblem(path, f"cannot be imported: {error!r}"))
        else:
            condition_id = _unique_id(condition.id, taken)
            if condition_id != condition.id:
                condition = dataclasses.replace(condition, id=condition_id)
            conditions.append(condition)
        if progress is not None:
            progress(done, len(files))
    return MedquadImport(conditions, problems, len(files))


def _unique_id(base: str, taken: set[str]) -> str:
    condition_id, number = base, 1
    while condition_id in taken:
        number += 1
        condition_id = f"{base}_{number}"
    taken.add(condition_id)
    return condition_id


# --- one document --------------------------------------------------------------------------------


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""


def _text(element: ET.Element) -> str:
    return "".join(element.itertext())


def _squash(text: str) -> str:
    return " ".join(text.split())


def parse_document(path: Path, site: Optional[str] = None) -> Condition:
    """One MedQuAD document as a condition (its id not yet made unique).

    Raises `DocumentError` for a file that is not well-formed XML or has no focus or url.
    """
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        raise DocumentError(f"not well-formed XML ({error})") from None
    except OSError as error:
        raise DocumentError(f"cannot be read ({error.strerror or error})") from None
    focus_element = next((e for e in root.iter() if _tag(e) in ("focus", "doctitle-focus")), None)
    focus = _squash(_text(focus_element)) if focus_element is not None else ""
    if not focus:
        raise DocumentError("document has no Focus")
    url = (root.get("url") or "").strip()
    if not re.match(r"^(https?|file)://\S+$", url):
        raise DocumentError(f"document has no usable url ({url!r})")
    site = site or root.get("source") or root.get("corpus") or path.parent.name
    answers: dict[str, list[list[_Block]]] = {}
    for pair in root.iter():
        if _tag(pair) not in ("qapair", "pair"):
            continue
        question = next((c for c in pair if _tag(c) == "question"), None)
        answer = next((c for c in pair if _tag(c) == "answer"), None)
        if question is None or answer is None:
            continue
        key = QTYPE_SECTIONS.get(_squash(question.get("qtype") or "").lower())
        text = _text(answer)
        if key is None or not text.strip() or _RESOURCE_LIST.match(text.strip()):
            continue
        blocks = answer_blocks(text, focus)
        if blocks and blocks not in answers.setdefault(key, []):
            answers[key].append(blocks)
    sections = {}
    for key in SECTION_KEYS:
        if key in answers:
            section = _section(_join(answers[key]))
            if section is not None:
                sections[key] = section
    return Condition(
        id=slugify(focus) or f"medquad_{slugify(root.get('id') or root.get('docid') or path.stem)}",
        name=focus,
        alternative_names=_alternative_names(
            focus, (_squash(_text(e)) for e in root.iter() if _tag(e) == "synonym")
        ),
        sections=sections,
        related=(),
        sources=(Source(f"{focus} — {site} (via MedQuAD)", url),),
        reviewed=None,
    )


# --- names ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1 << 16)
def _key(name: str) -> str:
    """`normalize_name`, remembered: names repeat across documents and passes."""
    return normalize_name(name)


_ABBREVIATION = re.compile(r"^(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{1,7}$")


def is_abbreviation(name: str) -> bool:
    """An all-capital abbreviation such as "ALS", "NF1" or "H5N1"."""
    return bool(_ABBREVIATION.match(name.strip()))


@lru_cache(maxsize=None)
def _is_common_word(key: str) -> bool:
    return " " not in key and (key in STOP_WORDS or zipf_frequency(key, "en") >= COMMON_WORD_ZIPF)


def keep_synonym(synonym: str) -> bool:
    """Whether a MedQuAD synonym is a usable name."""
    key = _key(synonym)
    compact = key.replace(" ", "")
    if len(compact) < 2 or (len(compact) < 3 and not is_abbreviation(synonym)):
        return False
    return not _is_common_word(key)


def _alternative_names(focus: str, synonyms: Iterable[str]) -> tuple[str, ...]:
    seen = {_key(focus)}
    names = []
    for synonym in synonyms:
        key = _key(synonym)
        if key not in seen and keep_synonym(synonym):
            seen.add(key)
            names.append(synonym)
    return tuple(names)


# --- answer text ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    text: str
    item: bool = False


#: GHR's treatment answers: titles of other resources, without their links.
_RESOURCE_LIST = re.compile(r"^These resources address the diagnosis or management of", re.I)
#: A bullet: "- ", "* " or "• " at the start of a line or after two or more spaces.
_BULLET_SPLIT = re.compile(r"(?:^|\s{2,})[-*•]\s+")
#: Where a flattened line had a paragraph break.
_PARAGRAPH_BREAK = re.compile(
    r"(?:(?<=[.?!:])|(?<=[.?!:][\"'”’)]))\s{2,}(?=[\"'“(]?[A-Z0-9])|\s{3,}(?=[\"'“(]?[A-Z0-9])"
)
_SENTENCE_END_ONE_SPACE = re.compile(r"[.?!] (?=[A-Z])")
_SENTENCE_END_TWO_SPACES = re.compile(r"[.?!]  (?=[A-Z])")
_LEADING_QUESTION = re.compile(r"^([^.?!]{3,250}\?)\s+(?=\S)")
_SUMMARY_LABEL = re.compile(r"^Summary\s*:\s*", re.I)
#: GARD's flattened Human Phenotype Ontology table, and the paragraph that explains it.
_HPO_TABLE = re.compile(
    r"Signs\s+and\s+Symptoms\s+Approximate\s+number\s+of\s+patients\s+\(when\s+available\)"
)
_HPO_NOTE = re.compile(r"\s*The Human Phenotype Ontology \(HPO\) has collected information")
_HPO_ROW = re.compile(r"\s*(.+?)\s+(\d+(?:\.\d+)?%|\d+/\d+|-)(?=\s|$)")


def answer_blocks(text: str, focus: str = "") -> list[_Block]:
    """An answer's paragraphs and bullets, whitespace normalised (see the module docstring)."""
    table = _HPO_TABLE.split(text, 1)
    if len(table) == 2:
        intro, rows = table
        intro = intro.replace("the table below", "the list below")  # it is shown as a list
        return _layout(intro, focus) + _hpo_rows(_HPO_NOTE.split(_squash(rows), 1)[0])
    return _layout(text, focus)


def _layout(text: str, focus: str) -> list[_Block]:
    # Two spaces after most sentences: typing style, not flattened paragraphs (some NINDS pages).
    two_spaces = len(_SENTENCE_END_TWO_SPACES.findall(text))
    typewriter = two_spaces >= 2 and two_spaces >= len(_SENTENCE_END_ONE_SPACE.findall(text))

    def pieces(segment: str) -> list[str]:
        parts = [segment] if typewriter or "  " not in segment else _PARAGRAPH_BREAK.split(segment)
        return [p for p in map(_squash, parts) if p]

    blocks: list[_Block] = []
    for line in text.splitlines():
        head, *bullets = _BULLET_SPLIT.split(line.strip())
        blocks += [_Block(p) for p in pieces(head)]
        for bullet in bullets:
            first, *rest = pieces(bullet) or [""]
            if first:
                blocks.append(_Block(first, item=True))
            blocks += [_Block(p) for p in rest]
    if blocks and not blocks[0].item:
        opening = _SUMMARY_LABEL.sub("", blocks[0].text)
        question = _LEADING_QUESTION.match(opening)
        focus_key = _key(focus)
        if question and focus_key and focus_key in normalize_name(question.group(1)):
            opening = opening[question.end() :]
        blocks[0] = _Block(opening)
        if not opening:
            blocks.pop(0)
    return blocks


def _hpo_rows(table: str) -> list[_Block]:
    """Items of a flattened HPO table: "Name 90% Name 7.5% Name 5/10 Name - Name -"."""
    rows = []
    end = 0
    for match in _HPO_ROW.finditer(table):
        rows.append((match.group(1), match.group(2)))
        end = match.end()
    if table[end:].strip(" -"):
        rows.append((table[end:], "-"))
    blocks = []
    for name, frequency in rows:
        name = name.strip(" -")
        if not name:
            continue
        if frequency.endswith("%"):
            name = f"{name} ({frequency})"
        elif "/" in frequency:
            found, examined = frequency.split("/")
            name = f"{name} ({found} of {examined} people studied)"
        blocks.append(_Block(name, item=True))
    return blocks


def _join(answers: list[list[_Block]]) -> list[_Block]:
    """The first answer, with the following ones while the text stays within JOIN_MAX_CHARS."""
    joined = list(answers[0])
    size = sum(len(b.text) for b in joined)
    for blocks in answers[1:]:
        size += sum(len(b.text) for b in blocks)
        if size > JOIN_MAX_CHARS:
            break
        joined += blocks
    return joined


def _section(blocks: Sequence[_Block]) -> Optional[Section]:
    start = len(blocks)
    while start > 0 and blocks[start - 1].item:
        start -= 1
    body, tail = blocks[:start], blocks[start:]
    clean = (
        len(tail) >= 2
        and not any(b.item for b in body)
        and all(len(b.text) <= MAX_ITEM_CHARS for b in tail)
    )
    items = tuple(Item(b.text) for b in tail) if clean else ()
    paragraphs: list[str] = []
    previous_item = False
    for block in body if clean else blocks:
        if block.item and previous_item:
            paragraphs[-1] += "\n" + BULLET + block.text
        else:
            paragraphs.append(BULLET + block.text if block.item else block.text)
        previous_item = block.item
    text = "\n\n".join(paragraphs)
    return Section(text, items) if text or items else None


# --- merging -------------------------------------------------------------------------------------


@dataclass
class _Group:
    """A condition being merged: the first one's identity with what later ones add."""

    first: Condition
    authored: bool
    names: list[str] = field(default_factory=list)  # alternative names, in order
    sections: dict[str, Section] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    def add(self, condition: Condition) -> None:
        self.names += [condition.name, *condition.alternative_names]
        for key, section in condition.sections.items():
            self.sections.setdefault(key, section)
        urls = {source.url for source in self.sources}
        self.sources += [s for s in condition.sources if s.url not in urls]


def _identity_keys(condition: Condition, authored: bool) -> set[str]:
    """The names an imported document's focus must equal to merge into this condition: all the
    names of an authored condition (chosen by hand), only the focus of an imported one."""
    return {_key(name) for name in (condition.names if authored else (condition.name,))} - {""}


def merge(authored: Sequence[Condition], imported: Sequence[Condition]) -> list[Condition]:
    """The authored conditions with the imported ones merged in (see the module docstring).

    Authored conditions come first, in their order, then the imported ones that merged into no
    earlier condition, in their order.
    """
    groups: list[_Group] = []
    owner: dict[str, int] = {}  # identity key -> group
    for position, condition in enumerate([*authored, *imported]):
        is_authored = position < len(authored)
        target = None if is_authored else owner.get(_key(condition.name))
        if target is None:
            groups.append(_Group(condition, is_authored))
            target = len(groups) - 1
        groups[target].add(condition)
        for key in _identity_keys(condition, is_authored):
            owner.setdefault(key, target)
    return _finish(groups)


def _finish(groups: list[_Group]) -> list[Condition]:
    """Conditions with every name owned once (the dataset's names first) and unique ids."""
    owner: dict[str, int] = {}
    for index, group in enumerate(groups):
        for name in group.first.names if group.authored else (group.first.name,):
            owner.setdefault(_key(name), index)
    kept_names: list[list[str]] = []
    for index, group in enumerate(groups):
        names: list[str] = []
        seen = {_key(group.first.name)}
        for name in group.names:
            key = _key(name)
            if key and key not in seen and owner.setdefault(key, index) == index:
                seen.add(key)
                names.append(name)
        kept_names.append(names)
    taken = {group.first.id for group in groups if group.authored}
    conditions = []
    for group, names in zip(groups, kept_names):
        condition_id = group.first.id if group.authored else _unique_id(group.first.id, taken)
        conditions.append(
            dataclasses.replace(
                group.first,
                id=condition_id,
                alternative_names=tuple(names),
                sections=dict(group.sections),
                sources=tuple(group.sources),
            )
        )
    return conditions


def section_counts(conditions: Iterable[Condition]) -> dict[str, int]:
    """How many conditions have each section, in the contract's order."""
    counts = dict.fromkeys(SECTION_KEYS, 0)
    for condition in conditions:
        for key in condition.sections:
            counts[key] += 1
    return counts

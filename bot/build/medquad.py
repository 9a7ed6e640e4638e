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

Merging: one condition per concept (`merge_pages`)
--------------------------------------------------

Pages join the first earlier condition they describe; `python -m bot build --medquad` prints what
the merge did and writes every merged group with its evidence to build/merge-report.md.

* **The same name.** A page whose focus is a name of an authored condition (its name or an
  alternative name), or the focus of an earlier page, joins it. Names are compared by
  ``normalize_name``, and also without possessives ("Friedreich's ataxia", "Friedreich ataxia").
* **A rare shared concept and a name.** Two pages join when their focus annotations share a UMLS
  concept (CUI) that at most `MAX_CONCEPT_PAGES` pages carry, and a title of one (its focus, or
  either half of "Name (Other name)" unless an abbreviation) is a name of the other (a title or a
  synonym): "GERD" and "Gastroesophageal reflux disease" (synonym GERD, C0017168), "Kernicterus"
  and "Bilirubin encephalopathy". Not when one focus holds every word of the other's and more:
  that is a kind of it ("Charcot-Marie-Tooth disease type 1A"), whatever its synonyms say. Nor
  through a synonym that pages of two or more titles give: a broader term (GARD gives
  "Neurodegeneration with brain iron accumulation" as a synonym of several of its types).
  A concept on many pages is no evidence: merging every pair of pages that share any concept
  joined 1,376 pages into one; "diabetes mellitus" is on 56 pages, "syndrome" on 302.
  Synonyms alone never join pages: MedQuAD's synonyms include broader and related terms (GARD
  gives "Amyotrophic lateral sclerosis" as a synonym of "Progressive bulbar palsy"), and merging
  by synonyms made one condition of 43 Charcot-Marie-Tooth and related neuropathies.
* **Pages about two conditions lend, not merge.** A page titled "X and Y" whose focus carries
  exactly two concepts, one on the condition X and the other on Y ("Overweight and Obesity",
  C0497406 and C0028754), gives X and Y the sections they lack, and stays a condition of its
  own. Not for GARD and GHR, whose "X and Y" names one syndrome.
* **A name-only page that splits a topic with a page of text.** A page without text whose focus
  is the focus of a page with text but for the number of its last word ("Canker sore" and
  "Canker Sores", "Allergies" and "Allergy") or for a trailing " - overview" ("Depression -
  overview") joins it; the condition keeps the name of the page with text. Otherwise "what are
  the treatments for allergies?" found a page that has none (28 pages of the corpus).

Two authored conditions never merge. A condition keeps the identity of its first member (the
authored one, else its first page in corpus order: folders 1..12, files in order), except that a
name-only first page gives way to the page of text it split a topic with. Where several
members answer a section, the first in this order wins: the authored text always, then pages
under the condition's own name, then the other pages, then lent sections; each section cites the
page it came from (`Section.sources`), the condition all its pages. Name-only pages (folders
10-12) so become alternative names and links of the condition they join, or stay name-only
conditions that link their page.

Afterwards every normalised name belongs to one condition only: the authored conditions keep all
their names; then canonical names stay with their conditions; an alternative name stays with the
first condition that has it and is dropped from later ones. Imported ids that clash with an
authored id get a ``_2``... suffix.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from wordfreq import zipf_frequency

from bot.build.page_importer import slugify
from bot.knowledge.dataset import Condition, Item, Section, Source
from bot.language.matching import STOP_WORDS, other_number
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
    "Lending",
    "Merge",
    "MergedGroup",
    "Page",
    "coverage_rows",
    "merge",
    "merge_pages",
    "parse_document",
    "parse_page",
    "broader_names",
    "same_condition",
    "section_counts",
    "write_merge_report",
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

#: Sites of rare diseases, whose titles name one syndrome (see `_lend`).
SYNDROME_SITES = frozenset({SITE_NAMES[2], SITE_NAMES[3]})

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

    pages: list[Page]
    problems: list[ImportProblem]
    files: int

    @property
    def conditions(self) -> list[Condition]:
        return [page.condition for page in self.pages]


class DocumentError(ValueError):
    """A problem of one document; `import_medquad` reports it as an `ImportProblem`."""


# --- files ---------------------------------------------------------------------------------------

_FOLDER_NUMBER = re.compile(r"^(\d+)_")


def _folder_order(folder: Path) -> tuple[int, str]:
    match = _FOLDER_NUMBER.match(folder.name)
    return (int(match.group(1)) if match else 1_000_000, folder.name)


def _site(folder: Path) -> str | None:
    match = _FOLDER_NUMBER.match(folder.name)
    return SITE_NAMES.get(int(match.group(1))) if match else None


def medquad_files(root: Path) -> list[tuple[Path, str | None]]:
    """Every XML file of a MedQuAD checkout with its site name, folders in order 1..12."""
    folders = sorted((p for p in root.iterdir() if p.is_dir()), key=_folder_order)
    return [(path, _site(folder)) for folder in folders for path in sorted(folder.glob("*.xml"))]


def import_medquad(root: Path, progress: Callable[[int, int], None] | None = None) -> MedquadImport:
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
    pages: list[Page] = []
    problems: list[ImportProblem] = []
    taken: set[str] = set()
    for done, (path, site) in enumerate(files, start=1):
        try:
            page = parse_page(path, site)
        except DocumentError as error:
            problems.append(ImportProblem(path, str(error)))
        except Exception as error:  # noqa: BLE001 - one odd file must not stop the import
            problems.append(ImportProblem(path, f"cannot be imported: {error!r}"))
        else:
            condition_id = _unique_id(page.condition.id, taken)
            if condition_id != page.condition.id:
                page = dataclasses.replace(page, condition=dataclasses.replace(page.condition, id=condition_id))
            pages.append(page)
        if progress is not None:
            progress(done, len(files))
    return MedquadImport(pages, problems, len(files))


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


@dataclass(frozen=True)
class Page:
    """A MedQuAD document as a condition, with the UMLS concepts (CUIs) its focus is annotated with."""

    condition: Condition
    concepts: tuple[str, ...] = ()
    site: str | None = None


def parse_document(path: Path, site: str | None = None) -> Condition:
    """One MedQuAD document as a condition (its id not yet made unique).

    Raises `DocumentError` for a file that is not well-formed XML or has no focus or url.
    """
    return parse_page(path, site).condition


def parse_page(path: Path, site: str | None = None) -> Page:
    """`parse_document` with the focus's concepts."""
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
    source = Source(f"{focus} — {site} (via MedQuAD)", url)
    sections = {}
    for key in SECTION_KEYS:
        if key in answers:
            section = _section(_join(answers[key]), source)
            if section is not None:
                sections[key] = section
    condition = Condition(
        id=slugify(focus) or f"medquad_{slugify(root.get('id') or root.get('docid') or path.stem)}",
        name=focus,
        alternative_names=_alternative_names(focus, (_squash(_text(e)) for e in root.iter() if _tag(e) == "synonym")),
        sections=sections,
        related=(),
        sources=(source,),
        reviewed=None,
    )
    concepts = tuple(dict.fromkeys(_squash(_text(e)) for e in root.iter() if _tag(e) == "cui"))
    return Page(condition, tuple(c for c in concepts if c), site)


# --- names ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _key(name: str) -> str:
    """`normalize_name`, remembered: names repeat across documents and passes."""
    return normalize_name(name)


_ABBREVIATION = re.compile(r"^(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{1,7}$")


def is_abbreviation(name: str) -> bool:
    """An all-capital abbreviation such as "ALS", "NF1" or "H5N1"."""
    return bool(_ABBREVIATION.match(name.strip()))


@cache
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
_HPO_TABLE = re.compile(r"Signs\s+and\s+Symptoms\s+Approximate\s+number\s+of\s+patients\s+\(when\s+available\)")
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


def _section(blocks: Sequence[_Block], source: Source) -> Section | None:
    start = len(blocks)
    while start > 0 and blocks[start - 1].item:
        start -= 1
    body, tail = blocks[:start], blocks[start:]
    clean = len(tail) >= 2 and not any(b.item for b in body) and all(len(b.text) <= MAX_ITEM_CHARS for b in tail)
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
    return Section(text, items, (source,)) if text or items else None


# --- merging -------------------------------------------------------------------------------------

#: A concept on more pages than this is no evidence that two pages describe one condition: "syndrome"
#: (C0039082) is on 302 pages, "diabetes mellitus" (C0011849) on 56, "laboratory test" (C0456984)
#: on 42, "muscular dystrophy" (C0026850) on 21 of its kinds. Measured on MedQuAD with the name
#: rules below: 155 concept joins at 10, 158 at 20, 164 with no limit, one of those six wrong
#: ("Epidermolysa bullosa simplex with muscular dystrophy" into Limb-girdle muscular dystrophy).
MAX_CONCEPT_PAGES = 20
#: Words that do not make a name more specific: "X disease" is not a type of "X".
_GENERIC_WORDS = frozenset({"disease", "diseases", "syndrome", "disorder", "disorders", "condition", "the", "of"})
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_PARENTHESIS = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
_TWO_PART_TITLE = re.compile(r"^([^,()]+?) and ([^,()]+)$")


# "Spastic paraplegia type 11" (one reference) is "Spastic paraplegia 11" (another).
_TYPE_BEFORE_NUMBER = re.compile(r"\btype\s+(?=\d|[ivx]+\b)", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)
def _merge_key(name: str) -> str:
    """Names compared for merging: `normalize_name` without possessives ("Bell's palsy" is "Bell
    palsy") and without "type" before a number ("spinocerebellar ataxia type 3" is "spinocerebellar
    ataxia 3")."""
    return normalize_name(_TYPE_BEFORE_NUMBER.sub("", _POSSESSIVE.sub("", name)))


def _split_topic_names(name: str) -> list[str]:
    """The names of a page of text that a name-only page's focus may split a topic with: the
    other number of its last word, and the focus without " - overview"."""
    words = _merge_key(name).split()
    other = other_number(words[-1]) if words else None
    names = [" ".join([*words[:-1], other])] if other else []
    if len(words) > 1 and words[-1] == "overview":
        names.append(" ".join(words[:-1]))
    return names


def _titles(condition: Condition) -> set[str]:
    """The focus, and both halves of "Name (Other name)" unless an abbreviation: "Substance use -
    phencyclidine (PCP)" is not Pneumocystis pneumonia (PCP)."""
    match = _PARENTHESIS.match(condition.name)
    halves = [half for half in (match.groups() if match else ()) if not is_abbreviation(half)]
    return {_merge_key(title) for title in (condition.name, *halves)} - {""}


def _specific_words(condition: Condition) -> frozenset[str]:
    return frozenset(_merge_key(condition.name).split()) - _GENERIC_WORDS


def same_condition(a: Condition, b: Condition, broader: frozenset[str] = frozenset()) -> str | None:
    """The name that shows that two pages sharing a rare concept describe one condition, or None.

    A title of one (its focus, or either half of "Name (Other name)") must be a name of the other
    (a title or a synonym), and neither may be a more specific kind of the other: a page whose
    focus holds every word of the other's and more ("Charcot-Marie-Tooth disease type 1A",
    "X-linked severe combined immunodeficiency") is a type of it, whatever its synonyms say. A
    name in `broader` (see `broader_names`) is no evidence as a synonym.
    """
    titles_a, titles_b = _titles(a), _titles(b)
    words_a, words_b = _specific_words(a), _specific_words(b)
    if (words_a < words_b or words_b < words_a) and not (titles_a & titles_b):
        return None
    names_a = titles_a | ({_merge_key(n) for n in a.alternative_names} - broader)
    names_b = titles_b | ({_merge_key(n) for n in b.alternative_names} - broader)
    shared = sorted((titles_a & names_b) | (titles_b & names_a))
    return shared[0] if shared else None


def broader_names(conditions: Iterable[Condition]) -> frozenset[str]:
    """Synonyms that pages of two or more different titles give: a broader term, not another
    name ("Neurodegeneration with brain iron accumulation" on the pages of each of its types)."""
    titled: dict[str, set[str]] = {}
    for condition in conditions:
        title = _merge_key(condition.name)
        for name in condition.alternative_names:
            titled.setdefault(_merge_key(name), set()).add(title)
    return frozenset(name for name, titles in titled.items() if len(titles - {name}) >= 2)


@dataclass(frozen=True)
class MergedGroup:
    """Pages that became one condition (with the authored condition they joined, if any), in the
    order their sections were taken, and the evidence of each join."""

    name: str
    authored: bool
    pages: tuple[Condition, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Lending:
    """A page about two conditions ("Overweight and Obesity") that lent sections to one of them."""

    page: Condition
    condition: str
    sections: tuple[str, ...]


@dataclass(frozen=True)
class Merge:
    """What `merge_pages` made: the conditions, and for the report how."""

    conditions: list[Condition]
    groups: list[MergedGroup]  # every condition made of more than one page
    lent: list[Lending]
    concepts: int  # conditions made of pages (with or without an authored one)
    page_conditions: list[int]  # for each page, the index of its condition

    @property
    def pages(self) -> int:
        return len(self.page_conditions)

    def page_coverage(self) -> dict[str, int]:
        """For each section key, how many pages' titles lead to a condition that answers it: what
        a user asking by any MedQuAD title gets, which merging can only raise."""
        counts = dict.fromkeys(SECTION_KEYS, 0)
        for index in self.page_conditions:
            for key in self.conditions[index].sections:
                counts[key] += 1
        return counts

    def sections_gained(self, before: Merge) -> int:
        """Sections the conditions have that the condition of the same name had not in `before`."""
        had = {c.name: set(c.sections) for c in before.conditions}
        return sum(len(set(c.sections) - had.get(c.name, set())) for c in self.conditions)


@dataclass
class _Group:
    """A condition being merged: the first one's identity with what later ones add."""

    first: Condition
    authored: bool
    names: list[str] = field(default_factory=list)  # alternative names, in order
    sections: dict[str, Section] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    concepts: set[str] = field(default_factory=set)  # of its pages

    def add(self, condition: Condition) -> None:
        self.names += [condition.name, *condition.alternative_names]
        for key, section in condition.sections.items():
            self.sections.setdefault(key, section)
        self.cite(condition.sources)

    def cite(self, sources: Iterable[Source]) -> None:
        urls = {source.url for source in self.sources}
        self.sources += [s for s in sources if s.url not in urls]


def merge(authored: Sequence[Condition], imported: Sequence[Condition]) -> list[Condition]:
    """`merge_pages` for pages without concepts: they merge by name only."""
    return merge_pages(authored, [Page(condition) for condition in imported]).conditions


def merge_pages(authored: Sequence[Condition], pages: Sequence[Page], concepts: bool = True) -> Merge:
    """The authored conditions with the pages merged in (see the module docstring).

    Authored conditions come first, in their order, then the conditions made of pages, in the
    order of their first page. `concepts=False` merges by the same focus only, as the importer
    did before concepts were used (`make eval` compares the two).
    """
    members = [*authored, *(page.condition for page in pages)]
    count = len(authored)
    key = _merge_key if concepts else _key
    parent = list(range(len(members)))
    evidence: dict[int, list[str]] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int, why: str) -> None:
        # The lower index is the root, so a group's root is its authored condition if it has one.
        root, other = sorted((find(a), find(b)))
        if root == other or other < count:  # two authored conditions never merge
            return
        parent[other] = root
        evidence.setdefault(root, []).extend([why, *evidence.pop(other, [])])

    def keys(name: str) -> list[str]:
        # Both forms: "Mnire's disease" must meet "Mnires disease" too, as the KB's names do.
        return [_key(name), _merge_key(name)] if concepts else [_key(name)]

    def owner_of(name: str) -> int | None:
        return next((owner[k] for k in keys(name) if k in owner), None)

    owner: dict[str, int] = {}  # name -> the first member with it as identity
    for index, member in enumerate(members):
        first = owner_of(member.name) if index >= count else None
        if first is not None:
            join(index, first, f"the same name “{member.name}”")
        for name in member.names if index < count else (member.name,):
            for k in keys(name):
                owner.setdefault(k, index)
    if concepts:
        by_concept: dict[str, list[int]] = {}
        for index, page in enumerate(pages, start=count):
            for concept in page.concepts:
                by_concept.setdefault(concept, []).append(index)
        broader = broader_names(page.condition for page in pages)
        for concept, indexes in by_concept.items():
            if len(indexes) > MAX_CONCEPT_PAGES:
                continue
            for position, a in enumerate(indexes):
                for b in indexes[position + 1 :]:
                    shared = same_condition(members[a], members[b], broader) if find(a) != find(b) else None
                    if shared:
                        join(a, b, f"concept {concept} (on {len(indexes)} pages) and the name “{shared}”")
    # A name-only page that splits a topic with a page of text ("Canker sore" and "Canker Sores",
    # "Depression - overview" and "Depression") joins it under the text page's name.
    texts: set[int] = set()
    for index in range(count, len(members)):
        if not concepts or members[index].sections:
            continue
        owners = (owner_of(name) for name in _split_topic_names(members[index].name))
        target = next((owner for owner in owners if owner is not None), None)
        if target is not None and members[target].sections and find(target) != find(index):
            join(index, target, f"the name-only page “{members[index].name}” and the page “{members[target].name}”")
            texts.add(target)

    groups: dict[int, list[int]] = {}
    for index in range(len(members)):
        groups.setdefault(find(index), []).append(index)
    built: dict[int, _Group] = {}
    merged_groups = []
    for root, indexes in groups.items():
        lead = root  # the member whose identity the condition keeps
        if root >= count and not members[root].sections:
            lead = next((i for i in indexes if i in texts), root)
        identity = members[lead]
        # Pages under the condition's own name answer first, then the others, in corpus order.
        ordered = sorted(indexes, key=lambda i: (i != lead, key(members[i].name) != key(identity.name), i))
        group = built[root] = _Group(identity, root < count)
        for index in ordered:
            group.add(members[index])
            if index >= count:
                group.concepts.update(pages[index - count].concepts)
        if len(indexes) > 1:
            page_members = tuple(members[i] for i in ordered if i >= count)
            merged_groups.append(MergedGroup(identity.name, root < count, page_members, tuple(evidence.get(root, ()))))

    def group_of(name: str) -> int | None:
        first = owner_of(name)
        return None if first is None else find(first)

    lent = _lend(pages, members, built, group_of, find) if concepts else []
    concept_count = sum(1 for indexes in groups.values() if indexes[-1] >= count)
    place = {root: n for n, root in enumerate(built)}
    page_conditions = [place[find(index)] for index in range(count, len(members))]
    return Merge(_finish(list(built.values())), merged_groups, lent, concept_count, page_conditions)


def _lend(
    pages: Sequence[Page],
    members: Sequence[Condition],
    groups: Mapping[int, _Group],
    group_of: Callable[[str], int | None],
    page_group: Callable[[int], int],
) -> list[Lending]:
    """Pages titled "X and Y" annotated with exactly two concepts, one on the condition X and the
    other on Y ("Overweight and Obesity"): each of X and Y takes the sections it lacks from the
    page, which stays a condition of its own. Nothing is lent where the page joined X or Y, where
    X and Y are one condition, or by the rare-disease sites (GARD, GHR), whose "X and Y" names one
    syndrome by two of its signs ("Achondroplasia and severe combined immunodeficiency")."""
    lent = []
    count = len(members) - len(pages)
    for index, page in enumerate(pages, start=count):
        match = _TWO_PART_TITLE.match(members[index].name)
        if not match or len(page.concepts) != 2 or page.site in SYNDROME_SITES or not members[index].sections:
            continue
        found = [group_of(part) for part in match.groups()]
        targets = [target for target in found if target is not None]
        if len(set(targets)) != 2 or page_group(index) in targets:
            continue
        carried = [groups[target].concepts & set(page.concepts) for target in targets]
        if any(len(concepts) != 1 for concepts in carried) or carried[0] == carried[1]:
            continue
        for target in targets:
            group = groups[target]
            keys = tuple(k for k in members[index].sections if k not in group.sections)
            if keys:
                group.sections.update((k, members[index].sections[k]) for k in keys)
                group.cite(members[index].sources)
                lent.append(Lending(members[index], group.first.name, keys))
    return lent


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
    for group, names in zip(groups, kept_names, strict=True):
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


def coverage_rows(before: Merge, after: Merge) -> list[tuple[str, int, int, int, int]]:
    """For each section key: conditions that answer it, and MedQuAD titles whose condition
    answers it, merging by name alone (`before`) and by concept (`after`)."""
    conditions_before, conditions_after = section_counts(before.conditions), section_counts(after.conditions)
    titles_before, titles_after = before.page_coverage(), after.page_coverage()
    return [
        (key, conditions_before[key], conditions_after[key], titles_before[key], titles_after[key])
        for key in SECTION_KEYS
    ]


def write_merge_report(merged: Merge, by_name: Merge, path: Path) -> None:
    """A Markdown account of `merged`: every condition made of several pages with the pages, the
    sections each gave and the evidence of each join; the sections lent; the coverage against
    merging by name alone (`by_name`)."""
    pages_merged = sum(len(group.pages) for group in merged.groups)
    lines = [
        "# MedQuAD merge report",
        "",
        f"{merged.pages} pages became {merged.concepts} conditions: {pages_merged} pages were merged into "
        f"{len(merged.groups)} conditions; {merged.sections_gained(by_name)} sections were gained over "
        f"merging by the same name alone ({by_name.concepts} conditions). Rules: bot/build/medquad.py.",
        "",
        "## Section coverage",
        "",
        "| section | conditions, by name | conditions, by concept | titles answered, by name | titles answered, by concept |",
        "|---|---:|---:|---:|---:|",
        *(f"| {key} | {a} | {b} | {c} | {d} |" for key, a, b, c, d in coverage_rows(by_name, merged)),
        "",
        "## Conditions made of several pages",
        "",
        "Pages in the order their sections were taken; a page gave the sections listed after it.",
    ]
    conditions = {condition.name: condition for condition in merged.conditions}
    for group in sorted(merged.groups, key=lambda g: g.name.lower()):
        condition = conditions[group.name]
        lines += ["", f"### {group.name}" + (" (authored)" if group.authored else ""), ""]
        for page in group.pages:
            url = page.sources[0].url
            gave = [key for key, section in condition.sections.items() if section.sources[:1] == page.sources[:1]]
            lines.append(f"- [{page.sources[0].title}]({url}): {', '.join(gave) or 'names and link only'}")
        lines += [f"- evidence: {why}" for why in group.evidence]
    lines += ["", "## Sections lent by pages about two conditions", ""]
    lines += [f"- {lent.page.name} -> {lent.condition}: {', '.join(lent.sections)}" for lent in merged.lent] or ["none"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

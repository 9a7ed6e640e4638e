"""Import "Diseases reference index" pages into condition files of the dataset.

The pages are plain-text copies of a site's disease reference pages, as the site publishes them:
site chrome around the content, some section headings kept ("Home Care", "Alternative Names"),
others lost so that only a double blank line marks where a section starts. This module turns such
a page into one condition dict in the schema of ``docs/dataset.md`` and writes it as
``<id>.yml``.

Sections are recognised by the headings the site uses and, where a heading was lost, by the cue
phrases its sections open with ("There are two types of ...", "Other causes may include:",
"Tests that may be performed include:", ...). Nothing here is specific to one page, so every page
of the site in this format can be imported.

The importer does not rewrite the text: it only drops the site chrome, normalises whitespace and
strips the bullet markers. Running it does no work at import time; use :func:`parse_page`,
:func:`import_pages` or the command line::

    python -m bot import-page PAGE.txt [PAGE.txt ...] --out DIR [--source-url URL]
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["PageFormatError", "import_pages", "parse_page", "read_page", "slugify"]


class PageFormatError(ValueError):
    """A page cannot be imported; the message names the file and the problem.

    Attributes:
        source: the file (or other origin) of the page, as given by the caller.
        problem: what is wrong with it, without the file name.
    """

    def __init__(self, source: str | Path, problem: str) -> None:
        self.source = str(source)
        self.problem = problem
        super().__init__(f"{self.source}: {problem}")


# --- the page format ---------------------------------------------------------------------------

#: The line that carries the condition name: ``Diseases reference index «Muscle atrophy»``.
_TITLE_RE = re.compile(r"^(?:diseases\s+)?reference\s+index\s*«(?P<name>[^«»]*)»$", re.IGNORECASE)

#: Site chrome, dropped wherever it appears (matched against whitespace-normalised lines).
_CHROME_RES = (
    re.compile(r"^drugs\s+information\s+online$", re.IGNORECASE),
    re.compile(r"^(?:drugs(?:\s+and\s+diseases)?|diseases)\s+reference\s+index(?:\s*«.*»)?$", re.IGNORECASE),
    re.compile(r"^comment\s*«.*»$", re.IGNORECASE),
)

#: A bullet item: ``  • text`` (the site indents it; a missing indent is accepted too).
_BULLET_RE = re.compile(r"^\s*[•●▪◦]\s*(?P<text>.*)$")

#: Any run of whitespace, including no-break and other Unicode spaces, inside a line.
_SPACE_RE = re.compile(r"\s+")

#: Headings the site uses, normalised (lower-case, single spaces, no trailing colon) -> section
#: key. ``None`` marks a generic heading ("Considerations") whose key comes from the cue phrases
#: of the text under it.
HEADINGS: dict[str, str | None] = {
    "overview": "overview",
    "definition": "overview",
    "description": "overview",
    "information": "overview",
    "considerations": None,
    "types": "types",
    "causes": "causes",
    "cause": "causes",
    "symptoms": "symptoms",
    "signs and symptoms": "symptoms",
    "exams and tests": "diagnosis",
    "tests": "diagnosis",
    "diagnosis": "diagnosis",
    "what to expect at your office visit": "office_visit",
    "treatment": "treatment",
    "treatments": "treatment",
    "home care": "home_care",
    "self-care": "home_care",
    "self care": "home_care",
    "when to contact a medical professional": "when_to_see_doctor",
    "when to call the doctor": "when_to_see_doctor",
    "when to call your doctor": "when_to_see_doctor",
    "when to see a doctor": "when_to_see_doctor",
    "when to seek medical help": "when_to_see_doctor",
    "alternative names": "alternative_names",
    "other names": "alternative_names",
    "risk factors": "risk_factors",
    "prevention": "prevention",
    "outlook": "outlook",
    "prognosis": "outlook",
    "outlook (prognosis)": "outlook",
    "expectations (prognosis)": "outlook",
    "complications": "complications",
    "possible complications": "complications",
    "inheritance": "inheritance",
    "inheritance pattern": "inheritance",
    "frequency": "frequency",
    "genetic changes": "genetic_changes",
    "stages": "stages",
    "research": "research",
}

#: Cue phrases that tell which section a block opens when its heading was lost. They are searched
#: in the block's first paragraph; the earliest match wins (ties: the order here).
CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.IGNORECASE))
    for key, pattern in (
        ("alternative_names", r"^(?:alternative|other)\s+names?\b"),
        (
            "office_visit",
            r"\bwhat to expect at your office visit\b"
            r"|\b(?:doctor|provider)\b[^.]*?\bwill (?:perform|do) a physical exam"
            r"|\bwill ask (?:you )?(?:some )?questions\b",
        ),
        (
            "diagnosis",
            r"\b(?:tests|exams)(?: and tests)? (?:that )?(?:may|might|can|will) be "
            r"(?:performed|done|ordered|used)\b"
            r"|\btests? (?:may|might|can) include\b|\bexams and tests\b|\bis diagnosed\b",
        ),
        (
            "treatment",
            r"\btreatments? (?:options? )?(?:may |might |can |will |often |usually )?"
            r"(?:include|involve|depend)s?\b|\bis (?:usually |often )?treated\b",
        ),
        (
            "when_to_see_doctor",
            r"\b(?:call|contact|see) (?:your|a|the) (?:doctor|health ?care provider|provider"
            r"|medical professional)\b|\bseek (?:immediate |emergency )?medical "
            r"(?:help|care|attention)\b|\bwhen to contact\b",
        ),
        ("home_care", r"\bhome care\b|\bat home\b|\bself[- ]care\b"),
        (
            "causes",
            r"\bcauses? (?:may |can |often |commonly )?includes?\b|\bother causes\b"
            r"|\bcommon causes\b|\bcauses of\b"
            r"|\b(?:is|are|can be|may be) (?:often |usually |most often |commonly )?caused by\b",
        ),
        ("types", r"\b(?:types|forms|kinds) of\b"),
        (
            "symptoms",
            r"\bsymptoms? (?:may |can |often |usually |commonly )?includes?\b"
            r"|\bsigns and symptoms\b|\bsymptoms of\b",
        ),
        ("risk_factors", r"\brisk factors?\b|\bat (?:a )?(?:higher |greater |increased )?risk\b"),
        ("complications", r"\bcomplications? (?:may |can )?includes?\b|\bpossible complications\b"),
        ("prevention", r"\bto (?:help )?prevent\b|\bprevention\b|\bbe prevented\b"),
        ("outlook", r"\boutlook\b|\bprognosis\b"),
    )
)

#: Cue phrases that start a new section even inside a block, without a blank-line gap: the site
#: puts the tests and the treatment inside "What to Expect at Your Office Visit". They must open
#: the paragraph, so a sentence that merely mentions tests does not split a section.
_SPLIT_CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.IGNORECASE))
    for key, pattern in (
        (
            "diagnosis",
            r"^(?:other |some )?(?:tests|exams)(?: and tests)? (?:that )?(?:may|might|can|will)"
            r" (?:be (?:performed|done|ordered)|include)\b",
        ),
        (
            "treatment",
            r"^treatments? (?:options? )?(?:may |might |can |will |often |usually )?"
            r"(?:include|involve|depend)s?\b",
        ),
        ("alternative_names", r"^(?:alternative|other)\s+names?\s*(?::|include|are)"),
    )
)

#: "Alternative names:" / "Other names include" before the names on the same line.
_NAMES_PREFIX_RE = re.compile(r"^(?:alternative|other)\s+names?\s*(?::|include:?|are:?)?\s*", re.IGNORECASE)


# --- reading -----------------------------------------------------------------------------------


def read_page(path: Path) -> str:
    """Read one page file as text, refusing what cannot be a page.

    Raises PageFormatError for a missing or unreadable file, a binary file (NUL bytes or not
    valid UTF-8) and an empty or whitespace-only file, so that the caller gets one error type
    that names the file.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PageFormatError(path, "file not found") from None
    except IsADirectoryError:
        raise PageFormatError(path, "is a directory, not a page file") from None
    except OSError as exc:
        raise PageFormatError(path, f"cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise PageFormatError(path, "binary file (contains NUL bytes), not a text page")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PageFormatError(path, f"not valid UTF-8 text (byte {exc.start}); binary file or wrong encoding") from None
    if not text.strip():
        raise PageFormatError(path, "file is empty")
    return text


# --- parsing -----------------------------------------------------------------------------------


@dataclass
class _Block:
    """One unit of the page body: a heading line, a paragraph or a bullet item."""

    kind: str  # "heading", "para" or "item"
    text: str
    gap: int  # blank lines before it; two or more mark a lost heading
    key: str | None = None  # section key, for headings


@dataclass
class _Section:
    """A section being collected: its paragraphs and items, in page order."""

    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The section as the dataset's schema has it: ``text`` and/or ``items``."""
        entry: dict[str, Any] = {}
        if self.paragraphs:
            entry["text"] = "\n\n".join(self.paragraphs)
        if self.items:
            entry["items"] = list(self.items)
        return entry


def _normalise(line: str) -> str:
    """Collapse every run of whitespace (tabs, no-break spaces, ...) to one space and trim."""
    return _SPACE_RE.sub(" ", line).strip()


def _is_chrome(line: str) -> bool:
    """Whether a normalised line is site chrome rather than content."""
    return any(regex.match(line) for regex in _CHROME_RES)


def _heading_key(line: str) -> tuple[bool, str | None]:
    """Return (is a known heading, its section key or None for a generic heading)."""
    normalised = line.lower().rstrip(":").strip()
    if normalised in HEADINGS:
        return True, HEADINGS[normalised]
    return False, None


def _find_title(lines: list[str], source: str) -> tuple[str, int]:
    """Find the ``«Name»`` title line; return the name and the index of that line."""
    for index, raw in enumerate(lines):
        match = _TITLE_RE.match(_normalise(raw))
        if match:
            name = _normalise(match.group("name"))
            if not name:
                raise PageFormatError(source, f"the title line (line {index + 1}) has no name between « and »")
            return name, index
    raise PageFormatError(source, "no title line 'Diseases reference index «Name»' carrying the condition name")


def _blocks(lines: list[str]) -> list[_Block]:
    """Split body lines into headings, paragraphs and items, noting blank-line gaps.

    Consecutive non-bullet lines form one paragraph (a hard-wrapped paragraph is joined with
    spaces); an indented line right after a bullet continues that item. A known heading is
    recognised when it is the first line of a run of lines.
    """
    blocks: list[_Block] = []
    gap = 0
    at_run_start = True  # the previous line was blank (or this is the first line)
    for raw in lines:
        line = _normalise(raw)
        if not line:
            gap += 1
            at_run_start = True
            continue
        bullet = _BULLET_RE.match(raw)
        previous = blocks[-1] if blocks else None
        if bullet:
            text = _normalise(bullet.group("text"))
            if text:
                blocks.append(_Block("item", text, gap))
        elif at_run_start and _heading_key(line)[0]:
            blocks.append(_Block("heading", line, gap, _heading_key(line)[1]))
        elif not at_run_start and previous is not None and previous.kind == "item" and raw[:1].isspace():
            previous.text = f"{previous.text} {line}"
        elif not at_run_start and previous is not None and previous.kind == "para":
            previous.text = f"{previous.text} {line}"
        else:
            blocks.append(_Block("para", line, gap))
        gap = 0
        at_run_start = False
    return blocks


def _segments(blocks: list[_Block]) -> list[list[_Block]]:
    """Group blocks into segments: each starts at a heading or after a double blank line."""
    segments: list[list[_Block]] = []
    for block in blocks:
        if not segments or block.kind == "heading" or block.gap >= 2:
            segments.append([block])
        else:
            segments[-1].append(block)
    return segments


def _cue_key(text: str) -> str | None:
    """The section a paragraph opens, by its earliest cue phrase; None when it has none."""
    best: tuple[int, int, str] | None = None
    for order, (key, regex) in enumerate(CUES):
        match = regex.search(text)
        if match and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, key)
    return best[2] if best else None


def _split_key(text: str) -> str | None:
    """The section a paragraph starts inside a block (tests, treatment, names), if any."""
    for key, regex in _SPLIT_CUES:
        if regex.match(text):
            return key
    return None


def _split_names(texts: list[str]) -> list[str]:
    """Split "A; B; C" lines (and bullet items) into names, without duplicates or empties."""
    names: list[str] = []
    seen: set[str] = set()
    for text in texts:
        text = _NAMES_PREFIX_RE.sub("", text) if _split_key(text) == "alternative_names" else text
        for part in text.split(";"):
            name = part.strip()
            if name.endswith(".") and not name.endswith(".."):
                name = name[:-1].rstrip()
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                names.append(name)
    return names


def _assign_sections(segments: list[list[_Block]]) -> tuple[dict[str, _Section], list[str], bool]:
    """Each block's section: its heading's, else the one its cue phrase opens, else the one
    before it (the first paragraph of a page is its overview). Returns the sections, the texts
    of the alternative names, and whether any heading or cue phrase was recognised at all."""
    sections: dict[str, _Section] = {}
    name_texts: list[str] = []
    recognised = False
    current: str | None = None
    for position, segment in enumerate(segments):
        first = segment[0]
        content = segment[1:] if first.kind == "heading" else segment
        if first.kind == "heading" and first.key is not None:
            key = first.key
        else:
            opening = next((block.text for block in content if block.kind == "para"), None)
            opening = opening or (content[0].text if content else "")
            cue = _cue_key(opening) if opening else None
            if position == 0 and first.kind != "heading":
                key = "overview"  # the first paragraph of a page is its overview
            elif cue is None:
                key = current or "overview"  # no cue: the text continues the section before
            else:
                key, recognised = cue, True
        recognised = recognised or first.kind == "heading"
        current = key
        for block in content:
            split = _split_key(block.text) if block.kind == "para" else None
            if split is not None and split != current:
                current = split
                recognised = True
            if current == "alternative_names":
                name_texts.append(block.text)
            elif block.kind == "item":
                sections.setdefault(current, _Section()).items.append(block.text)
            else:
                sections.setdefault(current, _Section()).paragraphs.append(block.text)
    return sections, name_texts, recognised


def slugify(name: str) -> str:
    """Turn a condition name into a dataset id: lower-case ASCII letters, digits, underscores."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def parse_page(
    text: str,
    source: str,
    *,
    source_url: str | None = None,
    reviewed: datetime.date | None = None,
) -> dict[str, Any]:
    """Parse one page's text into a condition dict in the schema of docs/dataset.md.

    Args:
        text: the page as the site publishes it.
        source: the page's file path; named in error messages and, without ``source_url``,
            turned into the source's ``file://`` URL.
        source_url: the public URL of the page, when known (``--source-url``).
        reviewed: the review date to record; today by default.

    Returns:
        ``{"id", "name", "alternative_names", "sections", "related", "sources", "reviewed"}``;
        each section is ``{"text": ...}`` and/or ``{"items": [...]}``, in page order.

    Raises:
        PageFormatError: empty or binary text, no ``«Name»`` title line, a name that gives no
            id, or no recognisable section (no heading nor cue phrase of the site).
    """
    if "\x00" in text:
        raise PageFormatError(source, "binary content (contains NUL bytes), not a text page")
    if not text.strip():
        raise PageFormatError(source, "file is empty")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    name, title_index = _find_title(lines, source)
    condition_id = slugify(name)
    if not condition_id:
        raise PageFormatError(source, f"the name {name!r} gives no id (no ASCII letters or digits)")

    # Everything before the title line is the site header; chrome lines go wherever they are
    # (a dropped line still counts as a blank one, so it cannot glue two paragraphs together).
    body = ["" if _is_chrome(_normalise(line)) else line for line in lines[title_index + 1 :]]
    segments = _segments(_blocks(body))
    if not segments:
        raise PageFormatError(source, f"the page has no content after the title «{name}»")

    sections, name_texts, recognised = _assign_sections(segments)
    if not recognised:
        raise PageFormatError(
            source,
            "no recognisable section: none of the site's headings or cue phrases "
            "(e.g. 'Home Care', 'causes may include', 'Alternative Names') was found",
        )
    if not sections:
        raise PageFormatError(source, "the page has no section text, only alternative names")

    section_dicts = {key: section.as_dict() for key, section in sections.items()}
    alternative_names = [alt for alt in _split_names(name_texts) if alt.casefold() != name.casefold()]
    url = source_url if source_url else Path(source).resolve().as_uri()
    return {
        "id": condition_id,
        "name": name,
        "alternative_names": alternative_names,
        "sections": section_dicts,
        "related": [],
        "sources": [{"title": f"{name} (imported page)", "url": url}],
        "reviewed": reviewed if reviewed is not None else datetime.date.today(),
    }


# --- writing -----------------------------------------------------------------------------------


def import_pages(paths: list[Path], out_dir: Path, source_url: str | None = None) -> list[Path]:
    """Import pages into ``<out_dir>/<id>.yml`` files, all or nothing.

    Every page is read and parsed before anything is written, so one bad page (or two pages
    with the same id) leaves ``out_dir`` untouched. Existing files of the same id are replaced,
    so an import can be repeated after the page was edited.

    Args:
        paths: the page files.
        out_dir: where the condition files go; created when missing.
        source_url: the public URL recorded as every page's source; the page's ``file://`` URL
            when not given.

    Returns:
        The written files, in the order of ``paths``.

    Raises:
        PageFormatError: a page cannot be imported (naming it), or two pages give the same id.
    """
    documents: list[tuple[Path, str]] = []
    origin_of: dict[str, Path] = {}
    for path in paths:
        path = Path(path)
        condition = parse_page(read_page(path), str(path), source_url=source_url)
        earlier = origin_of.get(condition["id"])
        if earlier is not None:
            raise PageFormatError(path, f"gives the id {condition['id']!r} that {earlier} already gives")
        origin_of[condition["id"]] = path
        dumped = yaml.safe_dump(condition, sort_keys=False, allow_unicode=True)
        documents.append((Path(out_dir) / f"{condition['id']}.yml", dumped))

    Path(out_dir).mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for target, dumped in documents:
        target.write_text(dumped, encoding="utf-8")
        written.append(target)
    return written

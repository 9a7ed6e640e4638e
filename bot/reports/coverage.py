"""`python -m bot coverage`: the authors' to-do list. For the conditions people ask about most,
which sections of the seed page each lacks, as a Markdown table (and CSV with `--csv`).

The seed page is the reference page the product was described from
(`../shared/reference-pages/muscle-atrophy.txt`); its sections are the first group of the
contract's section keys, `PAGE_SECTION_KEYS` (overview, types, causes, symptoms, diagnosis,
office_visit, treatment, home_care, when_to_see_doctor, alternative_names). The constant, not a
page parsed at run time: the page lost some headings (the importer finds no "Symptoms"), the
dataset's muscle atrophy, written from it, has exactly these sections (a test checks it), and
the report then needs nothing but the knowledge base.

Which conditions, all read from the built knowledge base (`--kb`, default `$HEALTHBOT_KB` or
build/knowledge_base.json), so that the report says what the bot itself can answer:

* authored: every condition with a review date. Only the dataset's files carry one (MedQuAD's
  documents have none, and one merged into an authored condition keeps that condition's date);
  this is how the knowledge base's matcher tells them apart too. The knowledge base rather than
  data/conditions: a section that an authored condition took from MedQuAD is answered, so it is
  not missing, while the authors may still want to write their own.
* MedQuAD: the `--top` N (default 50) other conditions with the most source pages, ties by
  name. A condition gathers the page of every site that describes it when the documents are
  merged, so the number of pages is how widely NIH sites cover it: the best stand-in for how
  often people ask that the offline data has.

A condition has a section when the bot can answer it (`Condition.available_sections`): "other
names" counts where the condition has alternative names, since the bot answers from them.
Authored conditions come first, by name, then the MedQuAD ones, most pages first.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.vocabulary import PAGE_SECTION_KEYS

if TYPE_CHECKING:
    from bot.knowledge.dataset import Condition
    from bot.knowledge.knowledge_base import KnowledgeBase

DEFAULT_TOP = 50
AUTHORED = "authored"
MEDQUAD = "MedQuAD"
CSV_COLUMNS = ("condition", "id", "origin", "sources", "sections", "lacking_count", "lacking")


@dataclass(frozen=True)
class Row:
    """One condition of the report."""

    condition: str
    id: str
    origin: str  # AUTHORED or MEDQUAD
    sources: int
    sections: int  # every section the bot can answer, of the page's or not
    lacking: tuple[str, ...]  # the seed page's section keys it cannot answer, in the page's order


def row(condition: Condition, origin: str) -> Row:
    available = condition.available_sections()
    return Row(
        condition=condition.name,
        id=condition.id,
        origin=origin,
        sources=len(condition.sources),
        sections=len(available),
        lacking=tuple(key for key in PAGE_SECTION_KEYS if key not in available),
    )


def coverage_rows(kb: KnowledgeBase, top: int = DEFAULT_TOP) -> list[Row]:
    """The authored conditions by name, then the `top` MedQuAD ones with the most source pages."""
    authored = [c for c in kb.conditions.values() if c.reviewed is not None]
    imported = [c for c in kb.conditions.values() if c.reviewed is None]
    authored.sort(key=lambda c: (c.name.casefold(), c.id))
    imported.sort(key=lambda c: (-len(c.sources), c.name.casefold(), c.id))
    return [row(c, AUTHORED) for c in authored] + [row(c, MEDQUAD) for c in imported[:top]]


def _cell(text: str) -> str:
    # A "|" in a name would end the cell.
    return text.replace("|", "\\|")


def markdown(rows: Sequence[Row], kb_path: Path, top: int) -> str:
    authored = sum(r.origin == AUTHORED for r in rows)
    lines = [
        "# Sections of the seed page that the most asked-about conditions lack",
        "",
        f"Knowledge base: `{kb_path}`. Seed page sections: {', '.join(f'`{k}`' for k in PAGE_SECTION_KEYS)}.",
        f"{authored} authored conditions and the {len(rows) - authored} MedQuAD conditions with the most "
        f"source pages (top {top}). `sections`: every section the bot can answer.",
        "",
        "| condition | origin | sources | sections | lacks |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for r in rows:
        lacks = ", ".join(f"`{key}`" for key in r.lacking) or "nothing"
        lines.append(f"| {_cell(r.condition)} | {r.origin} | {r.sources} | {r.sections} | {lacks} |")
    return "\n".join(lines) + "\n"


def write_csv(rows: Iterable[Row], out: TextIO) -> None:
    """One line per condition; `lacking` holds the section keys separated by spaces."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([r.condition, r.id, r.origin, r.sources, r.sections, len(r.lacking), " ".join(r.lacking)])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot coverage",
        description="Which sections of the seed page the authored and the most-linked MedQuAD conditions lack.",
    )
    parser.add_argument("--kb", type=Path, default=None, help="default: $HEALTHBOT_KB or build/knowledge_base.json")
    parser.add_argument(
        "--top", type=int, default=DEFAULT_TOP, metavar="N", help=f"MedQuAD conditions to list (default {DEFAULT_TOP})"
    )
    parser.add_argument(
        "--out-md", type=Path, default=None, metavar="PATH", help="write the Markdown here, not to stdout"
    )
    parser.add_argument("--csv", type=Path, default=None, metavar="PATH", help="also write the table as CSV")
    args = parser.parse_args(argv)
    if args.top < 0:
        parser.error("--top must be 0 or more")

    # Loading the knowledge base brings in the name matcher (spaCy): only when run.
    from bot.knowledge.knowledge_base import KnowledgeBase, KnowledgeBaseError, knowledge_base_path

    kb_path = args.kb or knowledge_base_path()
    try:
        kb = KnowledgeBase.load(kb_path)
    except KnowledgeBaseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    rows = coverage_rows(kb, args.top)
    text = markdown(rows, kb_path, args.top)
    try:
        if args.csv is not None:
            args.csv.parent.mkdir(parents=True, exist_ok=True)
            with args.csv.open("w", encoding="utf-8", newline="") as handle:
                write_csv(rows, handle)
        if args.out_md is not None:
            args.out_md.parent.mkdir(parents=True, exist_ok=True)
            args.out_md.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"error: cannot write the report: {error}", file=sys.stderr)
        return 1
    if args.out_md is None:
        sys.stdout.write(text)
    else:
        print(f"coverage: {len(rows)} conditions -> {args.out_md}" + (f", {args.csv}" if args.csv else ""))
    return 0

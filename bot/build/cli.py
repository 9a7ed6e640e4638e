"""Command line of the knowledge module: `python -m bot COMMAND`.

build         validate data/conditions/, write the knowledge base and the generated NLU data
              (--medquad DIR: also import the MedQuAD corpus at DIR into the knowledge base)
import-page   turn reference pages into dataset files
coverage      which sections the most asked-about conditions lack (bot/reports/coverage.py)
gaps          what users asked that the bot could not answer, from the tracker store
              (bot/reports/gaps.py)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.knowledge.dataset import Condition

DEFAULT_DATASET = Path("data/conditions")
DEFAULT_NLU_OUT = Path("data/generated/nlu_conditions.yml")
DEFAULT_EVERYDAY_NAMES = Path("data/everyday_names.yml")
MERGE_REPORT_NAME = "merge-report.md"  # written beside the knowledge base
# The hand-written training data, which generated examples must not repeat (Rasa rejects duplicates).
HAND_WRITTEN_NLU = (Path("data/nlu.yml"), Path("data/nlu_everyday.yml"))
#: Commands whose module parses its own options (bot/reports/), with their help line.
REPORTS = {
    "coverage": "which sections the most asked-about conditions lack",
    "gaps": "what users asked that the bot could not answer (tracker store)",
}


def report_main(command: str) -> Callable[[Sequence[str]], int]:
    """A report's `main`, imported only when run: the command line starts in a second while
    the knowledge code loads spaCy (and TensorFlow)."""
    if command == "coverage":
        from bot.reports import coverage

        return coverage.main
    from bot.reports import gaps

    return gaps.main


def build(
    dataset: Path,
    out: Path,
    nlu_out: Path,
    medquad: Path | None = None,
    report: Path | None = None,
    everyday: Path = DEFAULT_EVERYDAY_NAMES,
) -> int:
    """Builds the knowledge base; on a dataset error nothing is written and the old one stays.

    With `medquad`, the MedQuAD corpus there is imported and merged with the dataset (see
    bot/build/medquad.py), and what the merge did is written to `report`; the generated NLU
    examples still come from the dataset's conditions only. The everyday names of `everyday`
    join the conditions the knowledge base has.
    """
    from bot.build.nlu_generation import existing_examples, generate_examples, write_nlu_file
    from bot.knowledge.dataset import DatasetError, load_dataset
    from bot.knowledge.everyday_names import link, load_everyday_names
    from bot.knowledge.knowledge_base import KnowledgeBase

    try:
        authored = load_dataset(dataset)
        # The repository's table, or the one given; a dataset elsewhere may come without one.
        table = load_everyday_names(everyday) if everyday != DEFAULT_EVERYDAY_NAMES or everyday.exists() else {}
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    conditions = authored
    if medquad is not None:
        merged = _import_medquad(medquad, authored, report or out.with_name(MERGE_REPORT_NAME))
        if merged is None:
            return 1
        conditions = merged
    everyday_names, missing = link(conditions, table)
    kb = KnowledgeBase(conditions, everyday_names)
    kb.save(out)
    hand_written = [path for path in HAND_WRITTEN_NLU if path.exists()]
    # Only the dataset's names: thousands of MedQuAD names would make training explode.
    examples = generate_examples(KnowledgeBase(authored), existing_examples(hand_written))
    write_nlu_file(examples, nlu_out)
    count = sum(len(lines) for lines in examples.values())
    print(f"knowledge base: {len(kb)} conditions -> {out}; {count} generated NLU examples -> {nlu_out}")
    print(f"everyday names: {len(table) - len(missing)} of the {len(table)} conditions of {everyday} are in it")
    return 0


def _import_medquad(directory: Path, authored: list[Condition], report: Path) -> list[Condition] | None:
    """MedQuAD merged with the dataset, with progress and problems on stderr; None on failure."""
    from bot.build.medquad import MedquadError, import_medquad, merge_pages, section_counts, write_merge_report

    reported = [0]  # tenths of the files reported so far

    def progress(done: int, total: int) -> None:
        step = done * 10 // total
        if step > reported[0]:
            reported[0] = step
            print(f"medquad: {done * 100 // total}% ({done}/{total} files)", file=sys.stderr)

    try:
        imported = import_medquad(directory, progress)
    except MedquadError as error:
        print(f"error: {error}", file=sys.stderr)
        return None
    for problem in imported.problems:
        print(f"warning: skipped {problem}", file=sys.stderr)
    by_name = merge_pages(authored, imported.pages, concepts=False)
    merged = merge_pages(authored, imported.pages)
    write_merge_report(merged, by_name, report)
    conditions = merged.conditions
    sections = section_counts(conditions)
    print(
        f"medquad: {imported.files} files, {len(imported.pages)} pages imported, "
        f"{len(imported.problems)} problems; {merged.concepts} concepts, "
        f"{sum(len(g.pages) for g in merged.groups)} pages merged into {len(merged.groups)} conditions, "
        f"{merged.sections_gained(by_name)} sections gained over merging by name alone, "
        f"{sum(len(lent.sections) for lent in merged.lent)} lent by {len(merged.lent)} two-part pages -> {report}"
    )
    print(
        f"merged with {len(authored)} dataset conditions: {len(conditions)} conditions, "
        f"{sum(sections.values())} sections, {sum(len(c.sources) for c in conditions)} sources"
    )
    print("sections: " + ", ".join(f"{key} {count}" for key, count in sections.items() if count))
    return conditions


def import_page_command(files: list[Path], out: Path, source_url: str | None) -> int:
    from bot.build.page_importer import PageFormatError, import_pages

    try:
        written = import_pages(files, out, source_url=source_url)
    except PageFormatError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build_parser = commands.add_parser("build", help="build the knowledge base from the dataset")
    build_parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    build_parser.add_argument(
        "--out", type=Path, default=None, help="default: $HEALTHBOT_KB or build/knowledge_base.json"
    )
    build_parser.add_argument("--nlu-out", type=Path, default=DEFAULT_NLU_OUT)
    build_parser.add_argument(
        "--everyday-names", type=Path, default=DEFAULT_EVERYDAY_NAMES, help="what people call the conditions"
    )
    build_parser.add_argument(
        "--medquad",
        type=Path,
        default=None,
        metavar="DIR",
        help="also import the MedQuAD corpus at DIR (its knowledge, not NLU examples)",
    )
    build_parser.add_argument(
        "--merge-report",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"with --medquad: where to write what the merge did (default: {MERGE_REPORT_NAME} beside --out)",
    )

    import_parser = commands.add_parser("import-page", help="import reference pages as dataset files")
    import_parser.add_argument("files", nargs="+", type=Path)
    import_parser.add_argument("--out", type=Path, required=True, help="directory for the YAML files")
    import_parser.add_argument("--source-url", default=None, help="URL to cite as the pages' source")

    for name, description in REPORTS.items():
        commands.add_parser(name, help=description, add_help=False)

    args, rest = parser.parse_known_args(argv)
    if args.command in REPORTS:
        return int(report_main(args.command)(rest))
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    if args.command == "build":
        from bot.knowledge.knowledge_base import knowledge_base_path

        return build(
            args.dataset,
            args.out or knowledge_base_path(),
            args.nlu_out,
            args.medquad,
            args.merge_report,
            args.everyday_names,
        )
    return import_page_command(args.files, args.out, args.source_url)

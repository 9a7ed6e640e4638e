"""Command line of the knowledge module: `python -m bot COMMAND`.

    build         validate data/conditions/, write the knowledge base and the generated NLU data
    import-page   turn reference pages into dataset files
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from bot.dataset import DatasetError, load_dataset
from bot.knowledge_base import KnowledgeBase, knowledge_base_path
from bot.nlu_generation import existing_examples, generate_examples, write_nlu_file

DEFAULT_DATASET = Path("data/conditions")
DEFAULT_NLU_OUT = Path("data/generated/nlu_conditions.yml")
HAND_WRITTEN_NLU = Path("data/nlu.yml")


def build(dataset: Path, out: Path, nlu_out: Path) -> int:
    """Builds the knowledge base; on a dataset error nothing is written and the old one stays."""
    try:
        conditions = load_dataset(dataset)
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    kb = KnowledgeBase(conditions)
    kb.save(out)
    hand_written = [HAND_WRITTEN_NLU] if HAND_WRITTEN_NLU.exists() else []
    examples = generate_examples(kb, existing_examples(hand_written))
    write_nlu_file(examples, nlu_out)
    count = sum(len(lines) for lines in examples.values())
    print(f"knowledge base: {len(kb)} conditions -> {out}; {count} generated NLU examples -> {nlu_out}")
    return 0


def import_page_command(files: list[Path], out: Path, source_url: Optional[str]) -> int:
    from bot.page_importer import PageFormatError, import_pages

    try:
        written = import_pages(files, out, source_url=source_url)
    except PageFormatError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    build_parser = commands.add_parser("build", help="build the knowledge base from the dataset")
    build_parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    build_parser.add_argument("--out", type=Path, default=None, help="default: $HEALTHBOT_KB or build/knowledge_base.json")
    build_parser.add_argument("--nlu-out", type=Path, default=DEFAULT_NLU_OUT)

    import_parser = commands.add_parser("import-page", help="import reference pages as dataset files")
    import_parser.add_argument("files", nargs="+", type=Path)
    import_parser.add_argument("--out", type=Path, required=True, help="directory for the YAML files")
    import_parser.add_argument("--source-url", default=None, help="URL to cite as the pages' source")

    args = parser.parse_args(argv)
    if args.command == "build":
        return build(args.dataset, args.out or knowledge_base_path(), args.nlu_out)
    return import_page_command(args.files, args.out, args.source_url)

"""Condition recognition at MedQuAD scale: the project's NLU pipeline against stock Rasa's
lookup table, trained, loaded and measured on this machine in one run.

    python -m scripts.bench_nlu --medquad ../shared/datasets/medquad      (make bench-nlu)

Both pipelines train on the same NLU data (data/nlu.yml and the examples generated from the
dataset). The stock one is Rasa's default pipeline with a `condition` lookup table holding every
name of the merged knowledge base (RegexFeaturizer + RegexEntityExtractor); the project's finds
the same names at load time from the knowledge base (bot.nlu.condition_extractor).

Questions are the project's held-out phrasings (tests/nlu_holdout.yml) with their condition
replaced by a MedQuAD name, one in five misspelt; the held-out messages that name no condition
check that no common word is taken for one. Each step runs in its own process, so that its peak
memory is its own. Results: results/bench_nlu.json and results/bench_nlu.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from bot.knowledge.dataset import load_dataset
from bot.knowledge.knowledge_base import KnowledgeBase
from bot.language.matching import COMMON_WORDS, FUZZY_MIN_CHARS, is_common_english
from scripts.harness import ROOT, measured_run, percentile

ENTITY = "condition"
MISSPELT_SHARE = 0.2
# Rasa's default pipeline (what `rasa init` trains when config.yml names none), plus the entity
# extractor that reads lookup tables.
STOCK_PIPELINE = [
    {"name": "WhitespaceTokenizer"},
    {"name": "RegexFeaturizer"},
    {"name": "LexicalSyntacticFeaturizer"},
    {"name": "CountVectorsFeaturizer"},
    {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
    {"name": "DIETClassifier", "epochs": 100, "constrain_similarities": True, "random_seed": 42},
    {"name": "RegexEntityExtractor", "use_lookup_tables": True, "use_regexes": False},
    {"name": "EntitySynonymMapper"},
    {"name": "FallbackClassifier", "threshold": 0.3, "ambiguity_threshold": 0.1},
]
# Annotated entities in Rasa's markdown-like example syntax: [text](entity) or [text]{...}.
_ANNOTATION = re.compile(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})")


@dataclass(frozen=True)
class Question:
    text: str
    expected: str | None  # condition id, or None for a message that names no condition
    name: str  # the name as it was put in (misspelt when `misspelt`)
    misspelt: bool = False


# --- the question set --------------------------------------------------------------------------


def holdout_phrasings(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """Held-out messages that name one condition, as the text before and after the name, and
    those that name none."""
    templates, plain = [], []
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        for line in str(block.get("examples", "")).splitlines():
            if not line.strip().startswith("- "):
                continue
            example = line.strip()[2:]
            annotations = list(_ANNOTATION.finditer(example))
            if not annotations:
                plain.append(example)
            elif len(annotations) == 1 and ENTITY in annotations[0].group(2):
                templates.append((example[: annotations[0].start()], example[annotations[0].end() :]))
    return templates, plain


def misspell(name: str, rng: random.Random) -> str | None:
    """The name with one typing slip (a letter dropped, doubled, swapped or replaced) in one of its
    long words, never in the first letter; None when no word is long enough."""
    words = name.split(" ")
    long_words = [i for i, word in enumerate(words) if len(word) >= FUZZY_MIN_CHARS and word.isalpha()]
    if not long_words:
        return None
    index = rng.choice(long_words)
    word = words[index]
    at = rng.randrange(1, len(word) - 1)
    slip = rng.choice(("drop", "double", "swap", "replace"))
    if slip == "drop":
        word = word[:at] + word[at + 1 :]
    elif slip == "double":
        word = word[:at] + word[at] + word[at:]
    elif slip == "swap" and word[at] != word[at + 1]:
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    else:
        letter = rng.choice([c for c in "aeioulnrst" if c != word[at].lower()])
        word = word[:at] + letter + word[at + 1 :]
    words[index] = word
    return " ".join(words)


def askable_names(kb: KnowledgeBase, condition_ids: list[str]) -> list[tuple[str, str]]:
    """(name, condition id) pairs that name exactly one condition and are not plain words."""
    pairs = []
    for condition_id in condition_ids:
        for name in kb.conditions[condition_id].names:
            words = name.lower().split()
            if kb.matcher.lookup(name) != (condition_id,) or len(name) < 3:
                continue
            if all(word in COMMON_WORDS or is_common_english(word) for word in words):
                continue  # "IS", "Alcoholism" aside, a question about "Factor I" or "Hand" is unfair
            pairs.append((name, condition_id))
    return pairs


def names_other_topics(kb: KnowledgeBase, text: str) -> bool:
    """The text names a condition or topic of the knowledge base exactly ("surgery", "headache"
    are MedQuAD topics): as a template or a message naming nothing, it would make a right find
    count as a miss."""
    return any(match.exact for match in kb.matcher.find(text))


def build_questions(kb: KnowledgeBase, authored: set[str], holdout: Path, count: int, seed: int) -> list[Question]:
    """`count` questions about conditions only MedQuAD has (one in five misspelt), then the
    held-out messages that name no condition."""
    rng = random.Random(seed)
    templates, plain = holdout_phrasings(holdout)
    templates = [t for t in templates if not names_other_topics(kb, f"{t[0]} {t[1]}")]
    pairs = askable_names(kb, sorted(set(kb.conditions) - authored))
    rng.shuffle(pairs)
    questions: list[Question] = []
    for name, condition_id in pairs:
        if len(questions) == count:
            break
        typed = name if rng.random() < 0.5 or name.isupper() else name.lower()
        misspelt_so_far = sum(q.misspelt for q in questions)
        wrong = misspell(typed, rng) if misspelt_so_far < round((len(questions) + 1) * MISSPELT_SHARE) else None
        # A slip that spells another name is that name, not a misspelling.
        slipped = wrong is not None and not kb.matcher.lookup(wrong)
        asked = wrong if wrong is not None and slipped else typed
        before, after = rng.choice(templates)
        questions.append(Question(before + asked + after, condition_id, asked, slipped))
    questions += [Question(text, None, "") for text in plain if not names_other_topics(kb, text)]
    return questions


# --- scoring -----------------------------------------------------------------------------------


def found_conditions(kb: KnowledgeBase, entities: list[dict]) -> list[str]:
    """Condition ids of the `condition` entities of a parse; a value naming no single condition
    of the knowledge base counts as itself."""
    found = []
    for entity in entities:
        if entity.get("entity") != ENTITY:
            continue
        ids = kb.matcher.lookup(str(entity["value"]))
        key = ids[0] if len(ids) == 1 else f"?{entity['value']}"
        if key not in found:
            found.append(key)
    return found


def common_words_taken(entities: list[dict], text: str) -> list[str]:
    """Entity spans that are a single common English word ("is", "tests")."""
    taken = []
    for entity in entities:
        span = text[entity["start"] : entity["end"]]
        if entity.get("entity") == ENTITY and " " not in span.strip() and is_common_english(span.strip().lower()):
            taken.append(span)
    return taken


def score(kb: KnowledgeBase, questions: list[Question], parses: list[dict]) -> dict:
    """Accuracy on correct spellings, on misspellings, false finds and common words taken."""
    groups: dict[str, list[bool]] = {"correct spelling": [], "misspelt": [], "no condition": []}
    misses, common = [], []
    for question, parse in zip(questions, parses, strict=False):
        found = found_conditions(kb, parse["entities"])
        expected = [question.expected] if question.expected else []
        group = "no condition" if not question.expected else "misspelt" if question.misspelt else "correct spelling"
        groups[group].append(found == expected)
        common += common_words_taken(parse["entities"], question.text)
        if found != expected:
            misses.append({"text": question.text, "expected": question.expected, "found": found})
    return {
        "accuracy": {group: _share(hits) for group, hits in groups.items()},
        "questions": {group: len(hits) for group, hits in groups.items()},
        "common_words_taken": len(common),
        "common_word_examples": sorted(set(common))[:20],
        "misses": misses,
    }


def _share(hits: list[bool]) -> float:
    return sum(hits) / len(hits) if hits else 0.0


# --- running the pipelines ---------------------------------------------------------------------


def write_training_data(work: Path, generated_nlu: Path, kb: KnowledgeBase) -> tuple[Path, Path]:
    """The project's NLU data, and the same plus a lookup table of every name, for the stock run."""
    project, stock = work / "data-project", work / "data-stock"
    for folder in (project, stock):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "nlu.yml").write_text((ROOT / "data" / "nlu.yml").read_text(encoding="utf-8"), encoding="utf-8")
        (folder / "nlu_conditions.yml").write_text(generated_nlu.read_text(encoding="utf-8"), encoding="utf-8")
    names = sorted({" ".join(name.split()) for condition in kb.conditions.values() for name in condition.names})
    # Rasa reads each "- " line of the block as one entry, verbatim (no YAML quoting inside).
    lines = ['version: "3.1"', "nlu:", f"- lookup: {ENTITY}", "  examples: |", *(f"    - {name}" for name in names)]
    (stock / "lookup_conditions.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project, stock


def stock_config(path: Path) -> Path:
    config = {
        "recipe": "default.v1",
        "language": "en",
        "assistant_id": "stock-lookup",
        "pipeline": STOCK_PIPELINE,
        "policies": [],
    }
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def train(name: str, config: Path, data: Path, work: Path, env: dict[str, str]) -> dict:
    """`rasa train nlu` from scratch (an empty cache): time, peak memory and the model."""
    env = {**env, "RASA_CACHE_DIRECTORY": str(work / f"cache-{name}")}
    rasa = str(Path(sys.executable).with_name("rasa"))
    command = [
        rasa,
        "train",
        "nlu",
        "--config",
        str(config),
        "--nlu",
        str(data),
        "--out",
        str(work / "models"),
        "--fixed-model-name",
        name,
    ]
    seconds, memory = measured_run(command, ROOT, work / f"train-{name}.log", env)
    print(f"  {name}: trained in {seconds:.0f} s, peak {memory:.0f} MB", flush=True)
    return {"train_seconds": seconds, "train_peak_mb": memory, "model": str(work / "models" / f"{name}.tar.gz")}


def parse_all(name: str, model: str, questions_file: Path, work: Path, env: dict[str, str]) -> dict:
    """Loads the model in a process of its own and parses every question there."""
    result = work / f"parses-{name}.json"
    command = [
        sys.executable,
        "-m",
        "scripts.bench_nlu",
        "--parse",
        model,
        "--questions-file",
        str(questions_file),
        "--result",
        str(result),
    ]
    _, memory = measured_run(command, ROOT, work / f"parse-{name}.log", env)
    parsed = json.loads(result.read_text(encoding="utf-8"))
    parsed["parse_peak_mb"] = memory
    return parsed


async def _parse_worker(model: str, questions_file: Path, result: Path) -> None:
    import logging

    import structlog

    # Rasa's processor logs every parse at debug level through structlog.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.basicConfig(level=logging.WARNING)
    from rasa.core.agent import Agent

    texts = json.loads(questions_file.read_text(encoding="utf-8"))
    started = time.perf_counter()
    agent = Agent.load(model)
    load_seconds = time.perf_counter() - started
    for text in texts[:5]:  # first calls build TensorFlow's graphs
        await agent.parse_message(text)
    parses, latencies = [], []
    for text in texts:
        started = time.perf_counter()
        parse = await agent.parse_message(text)
        latencies.append((time.perf_counter() - started) * 1000)
        parses.append(
            {"entities": [{k: e.get(k) for k in ("entity", "start", "end", "value")} for e in parse["entities"]]}
        )
    result.write_text(
        json.dumps({"load_seconds": load_seconds, "latencies_ms": latencies, "parses": parses}), encoding="utf-8"
    )


# --- report ------------------------------------------------------------------------------------

GOALS = (
    ("accuracy on correct spellings ≥ 95%", lambda p, s: p["accuracy"]["correct spelling"] >= 0.95),
    ("accuracy on misspellings ≥ 85%", lambda p, s: p["accuracy"]["misspelt"] >= 0.85),
    (
        "no common word taken for a condition",
        lambda p, s: p["common_words_taken"] == 0 and p["accuracy"]["no condition"] == 1.0,
    ),
    ("parse p50 no slower than the lookup table's", lambda p, s: p["parse_p50_ms"] <= s["parse_p50_ms"]),
    ("training at least 3× faster", lambda p, s: s["train_seconds"] >= 3 * p["train_seconds"]),
)


def report(results: dict) -> str:
    project, stock = results["pipelines"]["project"], results["pipelines"]["stock"]
    rows = [
        ("training time (s)", "train_seconds", "{:.0f}"),
        ("training peak memory (MB)", "train_peak_mb", "{:.0f}"),
        ("model load time (s)", "load_seconds", "{:.1f}"),
        ("parse p50 (ms)", "parse_p50_ms", "{:.1f}"),
        ("parse p95 (ms)", "parse_p95_ms", "{:.1f}"),
        ("parsing process peak memory (MB)", "parse_peak_mb", "{:.0f}"),
    ]
    lines = [
        "# Condition recognition at MedQuAD scale",
        "",
        f"{results['conditions']} conditions, {results['names']} names; {results['questions']} questions parsed by each "
        f"pipeline ({project['questions']['correct spelling']} correct spellings, {project['questions']['misspelt']} "
        f"misspelt, {project['questions']['no condition']} naming no condition). Made by `make bench-nlu` on "
        f"{results['date']}, {os.cpu_count()} cores.",
        "",
        "| | project (spaCy PhraseMatcher + rapidfuzz) | stock Rasa (lookup table) |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {label} | {fmt.format(project[key])} | {fmt.format(stock[key])} |" for label, key, fmt in rows]
    for group in ("correct spelling", "misspelt", "no condition"):
        lines.append(
            f"| condition accuracy, {group} | {project['accuracy'][group]:.1%} | {stock['accuracy'][group]:.1%} |"
        )
    lines.append(
        f"| common words taken for a condition | {project['common_words_taken']} | {stock['common_words_taken']} |"
    )
    lines += ["", "## Goals", ""]
    lines += [f"- {'PASS' if check(project, stock) else 'FAIL'}: {goal}" for goal, check in GOALS]
    for name, pipeline in (("project", project), ("stock", stock)):
        lines += ["", f"## Misses of the {name} pipeline (first 25 of {len(pipeline['misses'])})", ""]
        lines += [f"- `{m['text']}`: expected {m['expected']}, found {m['found']}" for m in pipeline["misses"][:25]]
        if pipeline["common_word_examples"]:
            lines.append(f"- common words taken: {', '.join(pipeline['common_word_examples'])}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--medquad", type=Path, default=ROOT.parent / "shared" / "datasets" / "medquad")
    parser.add_argument("--questions", type=int, default=600, help="questions naming a MedQuAD condition")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "results")
    parser.add_argument("--parse", help=argparse.SUPPRESS)  # worker mode: model path
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--questions-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.parse:
        asyncio.run(_parse_worker(args.parse, args.questions_file, args.result))
        return 0

    work = Path(tempfile.mkdtemp(prefix="bench-nlu-"))
    try:
        return benchmark(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # two models and Rasa's caches: about 1 GB


def benchmark(args: argparse.Namespace, work: Path) -> int:
    print(f"Importing MedQuAD from {args.medquad} (work folder {work})", flush=True)
    kb_path, generated = work / "knowledge_base.json", work / "nlu_conditions.yml"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "build",
            "--medquad",
            str(args.medquad),
            "--out",
            str(kb_path),
            "--nlu-out",
            str(generated),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    kb = KnowledgeBase.load(kb_path)
    authored = {condition.id for condition in load_dataset(ROOT / "data" / "conditions")}
    questions = build_questions(kb, authored, ROOT / "tests" / "nlu_holdout.yml", args.questions, args.seed)
    questions_file = work / "questions.json"
    questions_file.write_text(json.dumps([q.text for q in questions]), encoding="utf-8")
    env = {**os.environ, "HEALTHBOT_KB": str(kb_path), "RASA_TELEMETRY_ENABLED": "false"}

    project_data, stock_data = write_training_data(work, generated, kb)
    pipelines = {}
    for name, config, data in (
        ("project", ROOT / "config.yml", project_data),
        ("stock", stock_config(work / "stock.yml"), stock_data),
    ):
        print(f"Training the {name} pipeline", flush=True)
        measured = train(name, config, data, work, env)
        print(f"Parsing {len(questions)} questions with the {name} pipeline", flush=True)
        parsed = parse_all(name, measured.pop("model"), questions_file, work, env)
        latencies = parsed.pop("latencies_ms")
        measured.update(
            load_seconds=parsed["load_seconds"],
            parse_p50_ms=statistics.median(latencies),
            parse_p95_ms=percentile(latencies, 95),
            parse_peak_mb=parsed["parse_peak_mb"],
            **score(kb, questions, parsed["parses"]),
        )
        pipelines[name] = measured

    results = {
        "date": time.strftime("%Y-%m-%d"),
        "conditions": len(kb.conditions),
        "names": sum(len(c.names) for c in kb.conditions.values()),
        "questions": len(questions),
        "question_set": [asdict(q) for q in questions],
        "pipelines": pipelines,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench_nlu.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    markdown = report(results)
    (args.out / "bench_nlu.md").write_text(markdown, encoding="utf-8")
    print(markdown[markdown.index("| |") : markdown.index("## Misses")])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Evaluate the trained bot end to end through its REST channel, scored by the reply payloads.

    python -m scripts.eval [--medquad DIR] [--rasa-url URL] [--limit N] [--out results]

Sets of conversations, each turn scored by the payload of the bot's reply (../shared/CONTRACT.md):
every field a turn expects (`kind`, `condition`, `section`, ...) must equal the payload's.

* `conversations`: the held-out conversations of tests/eval_conversations.yml.
* `long_messages`: the long messages written for the project in tests/eval_long_messages.yml
  (subject lines, stories, several conditions, comparisons, emergencies now and past).
* `medquad` (with --medquad DIR): a fixed-seed sample of MedQuAD's own questions, each expecting
  the canonical name the project's importer gives the document's focus and the section its qtype
  maps to (bot/build/medquad.py). Its servers use a knowledge base built with the corpus.
* `meqsum` (with --meqsum DIR as well): real consumer questions, each sent whole and as its
  expert's one-line summary, on the MedQuAD servers. Reported: the share of summaries answered,
  the share of messages whose reply agrees with the summary's (kind, condition, section), and
  the messages hand-labelled in tests/meqsum_labels.yml scored against their labels. The report
  names messages by id only: their text stays in DIR.
* With --medquad, the report also gives the section coverage: for each section key, how many
  conditions answer it, merging MedQuAD's pages by the same name only and by concept.

By default the script starts the action server and the Rasa server itself for each set
(scripts.harness.project_running, free loopback ports) on a knowledge base built for it in
build/eval/: the dataset's own for `conversations`, the dataset with MedQuAD for `medquad`.
--rasa-url uses running servers for every set instead. Meanwhile it runs `rasa test nlu` on
tests/nlu_holdout.yml (intent report and confusion matrix as PNG). It writes eval.json, eval.md
and eval_nlu/ in --out and prints one headline line per set last.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import random
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.clients.rest import payloads, post_message
from bot.knowledge.dataset import load_dataset
from scripts.harness import ENV, MODEL, RASA, ROOT, project_running, stop_on_termination

CONVERSATIONS = ROOT / "tests" / "eval_conversations.yml"
LONG_MESSAGES = ROOT / "tests" / "eval_long_messages.yml"
MEQSUM_LABELS = ROOT / "tests" / "meqsum_labels.yml"
NLU_HOLDOUT = ROOT / "tests" / "nlu_holdout.yml"
DATASET = ROOT / "data" / "conditions"
MEDQUAD_QUESTIONS = 300
SEED = 6  # the number: any fixed value keeps the sample the same from run to run
WORKERS = 4  # conversations in flight at once; turns of one conversation stay in order
TIMEOUT_SECONDS = 60
SET_NAMES = ("conversations", "long_messages", "medquad", "meqsum_summaries", "meqsum_agreement", "meqsum_labelled")


@dataclass(frozen=True)
class Turn:
    text: str
    expected: dict[str, Any]


@dataclass(frozen=True)
class Conversation:
    category: str
    turns: tuple[Turn, ...]
    source: str = ""  # where a MedQuAD question comes from (file and question id)


@dataclass
class SetResult:
    name: str
    turns: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


# --- question sets -------------------------------------------------------------------------------


def load_conversations(path: Path) -> list[Conversation]:
    """The conversations of a file like tests/eval_conversations.yml."""
    conversations = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
        turns = []
        for turn in entry["turns"]:
            expected = {key: value for key, value in turn.items() if key != "text"}
            if "kind" not in expected:
                raise ValueError(f"{path}: turn {turn['text']!r} expects no kind")
            turns.append(Turn(str(turn["text"]), expected))
        conversations.append(Conversation(entry["category"], tuple(turns)))
    return conversations


def _tag(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""


def _questions(path: Path) -> list[tuple[str, str, str]]:
    """(question id, question text, qtype) of each answered question-answer pair of a file."""
    pairs = []
    for pair in ET.parse(path).getroot().iter():
        if _tag(pair) not in ("qapair", "pair"):
            continue
        question = next((c for c in pair if _tag(c) == "question"), None)
        answer = next((c for c in pair if _tag(c) == "answer"), None)
        if question is not None and answer is not None and "".join(answer.itertext()).strip():
            text = " ".join("".join(question.itertext()).split())
            qtype = " ".join((question.get("qtype") or "").split()).lower()
            pairs.append((question.get("qid") or "", text, qtype))
    return pairs


def medquad_questions(
    directory: Path, dataset: Path = DATASET, count: int = MEDQUAD_QUESTIONS, seed: int = SEED
) -> list[Conversation]:
    """A fixed-seed sample of MedQuAD's questions whose answer the importer keeps, one
    conversation each, expecting the importer's canonical name for the focus and the section."""
    from bot.build.medquad import QTYPE_SECTIONS

    pages, merged, _ = medquad_merges(directory, dataset)
    candidates: list[tuple[str, str, int, str]] = []  # (source, text, page, section)
    for index, (path, page) in enumerate(pages):
        for qid, text, qtype in _questions(path):
            section = QTYPE_SECTIONS.get(qtype)
            # Only answers the importer kept: e.g. GHR's treatment "answers" are resource lists.
            if section is not None and section in page.condition.sections:
                candidates.append((f"{path.relative_to(directory)}#{qid}", text, index, section))
    sample = random.Random(seed).sample(candidates, min(count, len(candidates)))
    # The name each page ends up under after merging: the importer's canonical name.
    name = [merged.conditions[i].name for i in merged.page_conditions]
    return [
        Conversation(section, (Turn(text, _expect_answer(name[index], section)),), source)
        for source, text, index, section in sample
    ]


@functools.lru_cache(maxsize=2)
def medquad_merges(directory: Path, dataset: Path = DATASET) -> tuple[list[tuple[Path, Any]], Any, Any]:
    """The corpus's pages with their files, merged with the dataset by concept as `make kb`
    does, and by the same name only (as before concepts were used)."""
    # Imported here: bot.build.medquad loads spaCy (seconds), which the conversations set does not need.
    from bot.build.medquad import DocumentError, medquad_files, merge_pages, parse_page

    pages = []
    for path, site in medquad_files(directory):
        try:
            pages.append((path, parse_page(path, site)))
        except DocumentError:
            continue  # the importer reports and skips it: no question about it can be answered
    authored = load_dataset(dataset)
    just_pages = [page for _, page in pages]
    return pages, merge_pages(authored, just_pages), merge_pages(authored, just_pages, concepts=False)


def medquad_coverage(directory: Path, dataset: Path = DATASET) -> dict[str, dict[str, int]]:
    """For each section key, how many conditions answer it and how many MedQuAD titles lead to
    a condition that does, merging by the same name only and by concept."""
    from bot.build.medquad import coverage_rows

    _, by_concept, by_name = medquad_merges(directory, dataset)
    return {
        key: {"conditions_by_name": a, "conditions_by_concept": b, "titles_by_name": c, "titles_by_concept": d}
        for key, a, b, c, d in coverage_rows(by_name, by_concept)
    }


def _expect_answer(condition: str, section: str) -> dict[str, Any]:
    return {"kind": "answer", "condition": condition, "section": section}


def load_meqsum(directory: Path) -> list[dict[str, str]]:
    """The MeQSum questions of `directory`/meqsum.jsonl: `id`, `message` and `summary` each."""
    path = directory / "meqsum.jsonl"
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            item = json.loads(line)
            if not all(isinstance(item.get(key), str) for key in ("id", "message", "summary")):
                raise ValueError(f"{path}: line {number} lacks a string id, message or summary")
            items.append(item)
    return items


def meqsum_summaries(items: list[dict[str, str]]) -> list[Conversation]:
    """Each summary alone, expecting an answer (of any condition and section)."""
    return [Conversation("summary", (Turn(i["summary"], {"kind": "answer"}),), i["id"]) for i in items]


# A reply that names the asked condition and section: an answer, or that the data lacks it.
UNDERSTOOD_KINDS = ("answer", "missing_section")
# The fields of a reply that say what it answered: two replies agree when these are equal.
AGREEMENT_FIELDS = ("kind", "condition", "conditions", "section")


def meqsum_agreement(items: list[dict[str, str]], summaries: SetResult) -> list[Conversation]:
    """Each whole message, expecting the reply its summary got."""
    got = {turn["source"]: turn["got"] for turn in summaries.turns}
    conversations = []
    for item in items:
        reference = got[item["id"]]
        expected = {key: reference.get(key) for key in AGREEMENT_FIELDS}
        conversations.append(Conversation(str(reference.get("kind")), (Turn(item["message"], expected),), item["id"]))
    return conversations


def meqsum_labelled(items: list[dict[str, str]], labels_path: Path = MEQSUM_LABELS) -> list[Conversation]:
    """The hand-labelled messages, expecting the labelled condition and section (or sentences
    ranked from all sections where no section fits the question). A reply that names them is
    right whether it answers or says the knowledge base lacks that text (a third of the labelled
    conditions are MedQuAD names without text); `answered` in the report counts the answers."""
    by_id = {item["id"]: item for item in items}
    conversations = []
    for label in yaml.safe_load(labels_path.read_text(encoding="utf-8"))["labels"]:
        if label["id"] not in by_id:
            raise ValueError(f"{labels_path}: id {label['id']!r} is not in the MeQSum file")
        expected = {"kind": list(UNDERSTOOD_KINDS), **{k: v for k, v in label.items() if k != "id"}}
        category = expected.get("section") or "excerpt"
        conversations.append(Conversation(category, (Turn(by_id[label["id"]]["message"], expected),), label["id"]))
    return conversations


# --- talking to the bot --------------------------------------------------------------------------


def reply_payload(replies: list[dict[str, Any]]) -> dict[str, Any]:
    """The one payload of a reply; anything else is recorded as what went wrong."""
    found = payloads(replies)
    if len(found) != 1:
        return {"error": f"{len(found)} payloads in the reply", "payloads": found}
    return {key: value for key, value in found[0].items() if key != "sources"}


def matches(expected: dict[str, Any], got: dict[str, Any]) -> bool:
    """Every expected field equals the reply's; an expected `kind` may be a list of kinds, any of
    which is right (`[answer, missing_section]` where the data may lack the text)."""
    return all(
        got.get(key) in value if key == "kind" and isinstance(value, list) else got.get(key) == value
        for key, value in expected.items()
    )


def run_conversation(rasa_url: str, set_name: str, number: int, conversation: Conversation) -> list[dict]:
    sender = f"eval-{set_name}-{number}-{uuid.uuid4().hex[:8]}"  # a fresh conversation each time
    results = []
    for position, turn in enumerate(conversation.turns):
        try:
            got = reply_payload(post_message(rasa_url, sender, turn.text, TIMEOUT_SECONDS))
        except (OSError, ValueError) as error:  # refused, timed out, HTTP error, not JSON: a failed turn, not a crash
            got = {"error": repr(error)}
        results.append(
            {
                "conversation": number,
                "turn": position,
                "sender": sender,
                "category": conversation.category,
                **({"source": conversation.source} if conversation.source else {}),
                "text": turn.text,
                "expected": turn.expected,
                "got": got,
                "ok": matches(turn.expected, got),
            }
        )
    return results


def run_set(rasa_url: str, name: str, conversations: list[Conversation]) -> SetResult:
    started = time.monotonic()
    with ThreadPoolExecutor(WORKERS) as pool:
        done = pool.map(lambda n: run_conversation(rasa_url, name, n, conversations[n]), range(len(conversations)))
        turns = [turn for conversation_turns in done for turn in conversation_turns]
    return SetResult(name, turns, time.monotonic() - started)


def build_kb(build_dir: Path, medquad: Path | None = None) -> Path:
    """A knowledge base of the dataset (with MedQuAD beside it when given) in `build_dir`, apart
    from the one `make train` builds: each set is scored on the data its expectations assume."""
    build_dir.mkdir(parents=True, exist_ok=True)
    kb, log = build_dir / "knowledge_base.json", build_dir / "build.log"
    nlu = build_dir / "nlu_conditions.yml"  # written by every build; not the training data's
    command = [sys.executable, "-m", "bot", "build", "--out", str(kb), "--nlu-out", str(nlu)]
    if medquad is not None:
        command += ["--medquad", str(medquad)]
    with log.open("w") as output:  # the import's progress and skipped files: kept, not printed
        if subprocess.run(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT).returncode != 0:
            raise RuntimeError(f"building {kb} failed:\n{log.read_text()[-3000:]}")
    return kb.resolve()


@contextlib.contextmanager
def set_servers(rasa_url: str | None, build_dir: Path, medquad: Path | None = None) -> Iterator[str]:
    """The given Rasa server, or an action server and a Rasa server started for the block on a
    knowledge base built for the set (the model's NLU reads its names from it too)."""
    if rasa_url:
        yield rasa_url.rstrip("/")
        return
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run 'make train' first")
    kb = build_kb(build_dir, medquad)
    workdir = build_dir / "servers"
    workdir.mkdir(exist_ok=True)
    print(f"eval: starting the servers on {kb} (logs in {workdir})", file=sys.stderr)
    with project_running(MODEL, workdir, env={**ENV, "HEALTHBOT_KB": str(kb)}) as project:
        yield project.rasa_url


# --- scoring and reports -------------------------------------------------------------------------


def accuracy(turns: list[dict[str, Any]]) -> dict[str, Any]:
    correct = sum(turn["ok"] for turn in turns)
    return {"turns": len(turns), "correct": correct, "accuracy": correct / len(turns) if turns else 0.0}


def grouped(turns: list[dict[str, Any]], key: Callable[[dict], str | None]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for turn in turns:
        name = key(turn)
        if name is not None:
            groups[name].append(turn)
    return {name: accuracy(group) for name, group in sorted(groups.items())}


def _kind_name(kind: Any) -> str | None:
    return " or ".join(kind) if isinstance(kind, list) else kind


def summary(result: SetResult) -> dict[str, Any]:
    return {
        **accuracy(result.turns),
        "conversations": len({turn["conversation"] for turn in result.turns}),
        "seconds": round(result.seconds, 1),
        "by_category": grouped(result.turns, lambda t: t["category"]),
        "by_kind": grouped(result.turns, lambda t: _kind_name(t["expected"].get("kind"))),
        "by_section": grouped(result.turns, lambda t: t["expected"].get("section")),
        "replies": dict(Counter(str(t["got"].get("kind", "error")) for t in result.turns).most_common()),
        "answered": sum(t["ok"] and t["got"].get("kind") == "answer" for t in result.turns),
    }


def run_nlu_report(out: Path) -> subprocess.Popen:
    """Rasa's own NLU test on the held-out messages, started now and waited for at the end."""
    out.mkdir(parents=True, exist_ok=True)
    command = [RASA, "test", "nlu", "--model", str(MODEL), "--nlu", str(NLU_HOLDOUT), "--out", str(out)]
    with (out / "rasa_test_nlu.log").open("w") as log:  # the process keeps its own copy of the file
        return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def nlu_summary(directory: Path) -> dict[str, Any]:
    report = json.loads((directory / "intent_report.json").read_text(encoding="utf-8"))
    figures: dict[str, Any] = {
        "directory": directory.name,
        "intent_accuracy": report["accuracy"],
        "intent_f1": report["weighted avg"]["f1-score"],
        "messages": report["weighted avg"]["support"],
        "images": sorted(p.name for p in directory.glob("*.png")),
    }
    for path in sorted(directory.glob("*Extractor_report.json")):
        condition = json.loads(path.read_text(encoding="utf-8")).get("condition")
        if condition:
            figures[f"{path.name.split('_report')[0]}_condition_f1"] = condition["f1-score"]
    return figures


def _brief(payload: dict[str, Any]) -> str:
    """A payload in a few words: kind, condition, section and anything else expected."""
    if "error" in payload:
        return f"error: {payload['error']}"
    shown = [str(payload.get("kind"))]
    shown += [f"{key}={payload[key]}" for key in ("condition", "section", "category", "query") if key in payload]
    shown += [f"{key}={payload[key]}" for key in ("candidates", "excerpt", "more") if key in payload]
    return ", ".join(shown)


def _table(title: str, rows: dict[str, dict[str, Any]]) -> list[str]:
    lines = [f"| {title} | turns | correct | accuracy |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {name} | {r['turns']} | {r['correct']} | {r['accuracy']:.1%} |" for name, r in rows.items()]
    return lines + [""]


def markdown(report: dict[str, Any]) -> str:
    summaries = report["summary"]["sets"]
    overall = report["summary"]["overall"]
    lines = [
        "# Evaluation: the bot end to end through REST",
        "",
        f"Run {report['summary']['date']}, by `make eval` (`python -m scripts.eval`): every turn is sent to "
        "the REST webhook and scored by its reply payload (`kind`, and `condition`, `section` and "
        "the other expected fields). Details of every turn in `eval.json`.",
        "",
        f"**Overall: {overall['correct']} of {overall['turns']} turns right, {overall['accuracy']:.1%}.**",
        "",
        *_table("set", summaries),
    ]
    for name, figures in summaries.items():
        lines += [
            f"## Set `{name}`",
            "",
            f"{figures['conversations']} conversations, {figures['turns']} turns, "
            f"{figures['accuracy']:.1%} right ({figures['answered']} of them answers), in {figures['seconds']} s.",
            "",
        ]
        lines += _table("category", figures["by_category"])
        lines += _table("expected kind", figures["by_kind"])
        lines += _table("expected section", figures["by_section"])
        lines += ["Replies by kind: " + ", ".join(f"{k} {n}" for k, n in figures["replies"].items()) + ".", ""]
        misses = [t for t in report["turns"] if t["set"] == name and not t["ok"]]
        lines += [f"### Misses of `{name}` ({len(misses)})", ""]
        if not misses:
            lines.append("None.")
        else:
            lines += ["| conversation.turn | text | expected | got |", "| --- | --- | --- | --- |"]
            for turn in misses:
                where = f"{turn['conversation']}.{turn['turn']} {turn['category']}"
                # MeQSum's messages are named by id: their text stays in the corpus's directory.
                text = turn["source"] if name.startswith("meqsum") else turn["text"].replace("|", "\\|")
                row = f"| {where} | {text} | {_brief(turn['expected'])} | {_brief(turn['got'])} |"
                lines.append(row.replace("\n", " "))
        lines.append("")
    coverage = report["summary"].get("coverage")
    if coverage:
        lines += [
            "## Section coverage of the MedQuAD knowledge base",
            "",
            "For each section key: the conditions that answer it, and the MedQuAD titles that lead to a "
            "condition that does, merging pages by the same name only and by concept "
            "(bot/build/medquad.py; every merged group in build/merge-report.md after `make kb MEDQUAD=…`).",
            "",
            "| section | conditions, by name | by concept | titles answered, by name | by concept |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {key} | {c['conditions_by_name']} | {c['conditions_by_concept']} | "
            f"{c['titles_by_name']} | {c['titles_by_concept']} |"
            for key, c in coverage.items()
        ]
        lines.append("")
    nlu = report["summary"].get("nlu")
    if nlu:
        lines += [
            "## Rasa's NLU test on the held-out messages",
            "",
            f"`rasa test nlu --nlu tests/nlu_holdout.yml` ({nlu['messages']} messages): intent accuracy "
            f"{nlu['intent_accuracy']:.1%}, weighted F1 {nlu['intent_f1']:.1%}"
            + "".join(f", {k.replace('_', ' ')} {v:.1%}" for k, v in nlu.items() if k.endswith("condition_f1"))
            + f". Reports in `{nlu['directory']}/`.",
            "",
        ]
        lines += [f"![{image}]({nlu['directory']}/{image})" for image in nlu["images"]] + [""]
    return "\n".join(lines)


def run_sets(args: argparse.Namespace) -> list[SetResult]:
    """Each set on its own servers, one pair at a time (two Rasa servers do not fit 2 cores well)."""
    wanted = set(args.only or SET_NAMES)
    results = []
    if wanted & {"conversations", "long_messages"}:
        with set_servers(args.rasa_url, args.build_dir / "dataset") as url:
            if "conversations" in wanted:
                results.append(run_set(url, "conversations", load_conversations(args.conversations)[: args.limit]))
            if "long_messages" in wanted:
                results.append(run_set(url, "long_messages", load_conversations(args.long_messages)[: args.limit]))
    if args.medquad and wanted - {"conversations", "long_messages"}:
        with set_servers(args.rasa_url, args.build_dir / "medquad", args.medquad) as url:
            if "medquad" in wanted:
                questions = medquad_questions(args.medquad, count=args.medquad_count, seed=args.seed)
                results.append(run_set(url, "medquad", questions[: args.limit]))
            if args.meqsum and wanted & set(SET_NAMES[3:]):
                items = load_meqsum(args.meqsum)[: args.limit]
                summaries = run_set(url, "meqsum_summaries", meqsum_summaries(items))
                results.append(summaries)
                if "meqsum_agreement" in wanted:
                    results.append(run_set(url, "meqsum_agreement", meqsum_agreement(items, summaries)))
                if "meqsum_labelled" in wanted:
                    results.append(run_set(url, "meqsum_labelled", meqsum_labelled(items)))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-url", help="use this running Rasa server (and its action server) for every set")
    parser.add_argument("--medquad", type=Path, metavar="DIR", help="also score questions of the MedQuAD corpus at DIR")
    parser.add_argument("--medquad-count", type=int, default=MEDQUAD_QUESTIONS, help="MedQuAD questions to sample")
    parser.add_argument("--seed", type=int, default=SEED, help="of the MedQuAD sample")
    parser.add_argument(
        "--meqsum", type=Path, metavar="DIR", help="with --medquad: also score MeQSum's questions at DIR"
    )
    parser.add_argument("--long-messages", type=Path, default=LONG_MESSAGES)
    parser.add_argument("--conversations", type=Path, default=CONVERSATIONS)
    parser.add_argument("--only", action="append", choices=SET_NAMES, help="run only this set (repeatable)")
    parser.add_argument("--limit", type=int, help="only the first N conversations of each set")
    parser.add_argument("--out", type=Path, default=ROOT / "results")
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build" / "eval")
    parser.add_argument("--no-nlu-report", action="store_true", help="skip `rasa test nlu`")
    args = parser.parse_args()
    if args.meqsum and not args.medquad:
        parser.error("--meqsum needs --medquad: its questions are answered from MedQuAD")
    # A terminated run still stops the servers it started (their context managers run on exit).
    stop_on_termination()

    args.out.mkdir(parents=True, exist_ok=True)
    nlu_out = args.out / "eval_nlu"
    nlu_process = None if args.no_nlu_report else run_nlu_report(nlu_out)
    try:
        results = run_sets(args)
    except BaseException:
        if nlu_process is not None:
            nlu_process.terminate()  # nothing will read its report
        raise

    every_turn = [{"set": r.name, **turn} for r in results for turn in r.turns]
    report: dict[str, Any] = {
        "summary": {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "overall": accuracy(every_turn),
            "sets": {r.name: summary(r) for r in results},
        },
        "turns": every_turn,
    }
    if args.medquad:
        report["summary"]["coverage"] = medquad_coverage(args.medquad)
    if nlu_process is not None:
        if nlu_process.wait() != 0:
            print(f"eval: rasa test nlu failed: see {nlu_out / 'rasa_test_nlu.log'}", file=sys.stderr)
            return 1
        report["summary"]["nlu"] = nlu_summary(nlu_out)
    (args.out / "eval.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "eval.md").write_text(markdown(report), encoding="utf-8")

    print(f"Evaluation written to {args.out / 'eval.md'} and {args.out / 'eval.json'}")
    if "nlu" in report["summary"]:
        nlu = report["summary"]["nlu"]
        print(f"eval nlu (rasa test nlu, held-out messages): intent accuracy {nlu['intent_accuracy']:.1%}")
    for name, figures in report["summary"]["sets"].items():
        print(f"eval {name}: {figures['turns']} turns, accuracy {figures['accuracy']:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

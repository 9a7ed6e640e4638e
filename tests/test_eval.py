"""`make eval` (scripts.eval): its held-out conversations are apart from the training data and
agree with the dataset, the MedQuAD question set expects what the importer builds, and a tiny
run through the real servers writes well-formed results that count a wrong expectation as a miss."""

from __future__ import annotations

import glob
import json
import re
import subprocess
import sys
from typing import Any

import pytest
import yaml

from bot.answers.excerpts import ranked
from bot.vocabulary import SECTION_KEYS
from scripts import eval as eval_script
from tests.helpers import ROOT

ALS = "Amyotrophic lateral sclerosis"
KINDS = {"answer", "missing_section", "unknown_condition", "disambiguation", "emergency", "out_of_scope",
         "fallback", "greeting", "goodbye", "help", "chitchat", "error"}  # fmt: skip


def _plain(text: str) -> str:
    """A message without Rasa's entity markup, case, punctuation and extra spaces."""
    text = re.sub(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})", r"\1", text)
    return " ".join(re.sub(r"[^\w' ]", " ", text.lower()).split())


def _training_texts() -> set[str]:
    texts = set()
    for path in [
        "data/nlu.yml",
        "data/nlu_everyday.yml",
        *glob.glob(str(ROOT / "data/generated/*.yml")),
        "tests/nlu_holdout.yml",
    ]:
        for block in yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))["nlu"]:
            for line in (block.get("examples") or "").splitlines():
                if line.strip().startswith("- "):
                    texts.add(_plain(line.strip()[2:]))
    return texts


@pytest.fixture(scope="module")
def conversations() -> list[eval_script.Conversation]:
    return eval_script.load_conversations(eval_script.CONVERSATIONS)


def test_no_held_out_text_is_training_data(conversations):
    training = _training_texts()
    assert len(training) > 1000  # the files were read
    copied = [t.text for c in conversations for t in c.turns if _plain(t.text) in training]
    assert copied == []


def test_the_held_out_conversations_are_well_formed(conversations, kb):
    turns = [turn for c in conversations for turn in c.turns]
    assert 250 <= len(turns) <= 450
    names = {c.name for c in kb.conditions.values()}
    for turn in turns:
        assert turn.expected["kind"] in KINDS, turn
        assert "condition" not in turn.expected or turn.expected["condition"] in names, turn
        assert "section" not in turn.expected or turn.expected["section"] in SECTION_KEYS, turn
    categories = {c.category for c in conversations}
    assert {"sections", "follow_up", "list_choice", "more", "misspelling", "emergency", "out_of_scope",
            "small_talk", "fallback"} <= categories  # fmt: skip
    assert any(len(c.turns) > 1 for c in conversations)


def test_every_section_of_every_condition_is_asked_with_the_kind_the_data_calls_for(conversations, kb):
    """The expected kind follows the dataset (an answer, an excerpt or missing_section): a
    changed condition file must be reflected here, so that the score stays true."""
    asked = {}
    for conversation in conversations:
        if conversation.category == "sections":
            [turn] = conversation.turns
            asked[(turn.expected["condition"], turn.expected["section"])] = (turn.text, turn.expected)
    for condition in kb.conditions.values():
        for key in SECTION_KEYS:
            text, expected = asked.pop((condition.name, key))
            if condition.section(key) is not None:
                assert (expected["kind"], expected.get("excerpt")) == ("answer", None), expected
            elif ranked(condition, text, key) is not None:
                assert (expected["kind"], expected.get("excerpt")) == ("answer", True), expected
            else:
                assert expected["kind"] == "missing_section", expected
    assert asked == {}


def test_the_medquad_questions_expect_the_importers_names_and_sections(medquad_sample):
    questions = eval_script.medquad_questions(medquad_sample, count=1000, seed=1)
    turns = {(q.source.split("#")[0], q.turns[0].text): q.turns[0].expected for q in questions}
    # Merged into the dataset's own condition: its canonical name.
    research = "what research (or clinical trials) is being done for Stroke ?"
    assert turns[("7_SeniorHealth_QA/0000001.xml", research)] == {
        "kind": "answer", "condition": "Stroke", "section": "research"}  # fmt: skip
    # GHR's "fixture syndrome" merges into GARD's earlier "Fixture syndrome".
    assert turns[("3_GHR_QA/0000001.xml", "How many people are affected by fixture syndrome ?")] == {
        "kind": "answer", "condition": "Fixture syndrome", "section": "frequency"}  # fmt: skip
    assert turns[("6_NINDS_QA/0000001.xml", "what is the prognosis for Fixture Palsy ?")]["section"] == "outlook"
    assert turns[("5_NIDDK_QA/0000001.xml", "What to do for Fixture kidney disease ?")]["section"] == "home_care"
    # Answers the importer does not keep ask nothing: GHR's resource lists, removed answers,
    # and malformed, truncated or focus-less files.
    assert not [t for t in turns if t[0].startswith("3_GHR_QA") and "treatments" in t[1]]
    folders = {source.split("/")[0] for source, _ in turns}
    assert folders == {"2_GARD_QA", "3_GHR_QA", "4_MPlus_Health_Topics_QA", "5_NIDDK_QA", "6_NINDS_QA",
                       "7_SeniorHealth_QA", "9_CDC_QA"}  # fmt: skip
    assert {s for s, _ in turns if s.startswith("9_CDC_QA")} == {"9_CDC_QA/0000001.xml"}


def test_the_medquad_sample_is_fixed_by_its_seed(medquad_sample):
    def sample(seed: int) -> list[str]:
        return [q.source for q in eval_script.medquad_questions(medquad_sample, count=8, seed=seed)]

    assert len(sample(3)) == 8 and len(set(sample(3))) == 8
    assert sample(3) == sample(3)
    assert sample(3) != sample(4)


def _run(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "scripts.eval", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.mark.servers
def test_a_tiny_run_scores_each_turn_and_counts_a_wrong_expectation_as_a_miss(servers, tmp_path):
    good = {"text": "what causes muscle wasting?", "kind": "answer", "condition": "Muscle atrophy", "section": "causes"}
    script: dict[str, Any] = {"conversations": [
        {"category": "right", "turns": [good]},
        {"category": "wrong", "turns": [{**good, "condition": "Polio"}]},  # deliberately wrong
        {"category": "right", "turns": [
            {"text": "how is ALS treated?", "kind": "answer", "condition": ALS, "section": "treatment"},
            {"text": "what causes it?", "kind": "answer", "condition": ALS, "section": "causes"}]},
        {"category": "beyond the limit", "turns": [{"text": "hello", "kind": "greeting"}]},
    ]}  # fmt: skip
    conversations = tmp_path / "conversations.yml"
    conversations.write_text(yaml.safe_dump(script), encoding="utf-8")
    out = tmp_path / "out"
    result = _run("--rasa-url", servers.rasa_url, "--conversations", str(conversations), "--limit", "3",
                  "--out", str(out), "--no-nlu-report", "--only", "conversations")  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "eval conversations: 4 turns, accuracy 75.0%"

    report = json.loads((out / "eval.json").read_text(encoding="utf-8"))
    figures = report["summary"]["sets"]["conversations"]
    assert (figures["conversations"], figures["turns"], figures["correct"]) == (3, 4, 3)
    assert report["summary"]["overall"] == {"turns": 4, "correct": 3, "accuracy": 0.75}
    assert figures["by_category"] == {"right": {"turns": 3, "correct": 3, "accuracy": 1.0},
                                      "wrong": {"turns": 1, "correct": 0, "accuracy": 0.0}}  # fmt: skip
    assert figures["by_section"]["causes"] == {"turns": 3, "correct": 2, "accuracy": 2 / 3}
    assert figures["by_kind"] == {"answer": {"turns": 4, "correct": 3, "accuracy": 0.75}}
    turns = report["turns"]
    assert [(t["conversation"], t["turn"], t["ok"]) for t in turns] == [
        (0, 0, True), (1, 0, False), (2, 0, True), (2, 1, True)]  # fmt: skip
    assert all({"set", "text", "expected", "got", "ok", "sender"} <= set(t) for t in turns)
    [miss] = [t for t in turns if not t["ok"]]
    assert miss["expected"]["condition"] == "Polio"
    assert [miss["got"][key] for key in ("kind", "condition", "section")] == ["answer", "Muscle atrophy", "causes"]
    assert len({t["sender"] for t in turns}) == 3  # a fresh sender per conversation, kept within one

    markdown = (out / "eval.md").read_text(encoding="utf-8")
    assert "**Overall: 3 of 4 turns right, 75.0%.**" in markdown
    assert "### Misses of `conversations` (1)" in markdown
    assert "| 1.0 wrong | what causes muscle wasting? | answer, condition=Polio, section=causes | " in markdown
    assert "| causes | 3 | 2 | 66.7% |" in markdown


@pytest.mark.servers
def test_a_tiny_run_of_the_held_out_conversations_gets_a_payload_for_every_turn(servers, tmp_path, conversations):
    _run(
        "--rasa-url",
        servers.rasa_url,
        "--limit",
        "4",
        "--out",
        str(tmp_path),
        "--no-nlu-report",
        "--only",
        "conversations",
    )
    report = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    assert len(report["turns"]) == sum(len(c.turns) for c in conversations[:4])
    assert [t["text"] for t in report["turns"]] == [t.text for c in conversations[:4] for t in c.turns]
    assert all("kind" in t["got"] for t in report["turns"]), report["turns"]


@pytest.mark.servers
def test_a_tiny_run_of_the_real_question_sets_names_meqsum_messages_by_id_only(servers, tmp_path, medquad_sample):
    corpus = tmp_path / "meqsum"
    corpus.mkdir()
    items = [{"id": "m1", "message": "SUBJECT: ALS\nMESSAGE: Hello. My uncle has it. How is ALS treated? Thanks.",
              "summary": "How is ALS treated?"}]  # fmt: skip
    (corpus / "meqsum.jsonl").write_text(json.dumps(items[0]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = _run("--rasa-url", servers.rasa_url, "--medquad", str(medquad_sample), "--meqsum", str(corpus),
                  "--only", "long_messages", "--only", "meqsum_summaries", "--only", "meqsum_agreement",
                  "--limit", "2", "--out", str(out), "--no-nlu-report")  # fmt: skip
    last = result.stdout.strip().splitlines()[-3:]
    assert last[0].startswith("eval long_messages: 2 turns, accuracy ")
    assert last[1:] == [
        "eval meqsum_summaries: 1 turns, accuracy 100.0%",
        "eval meqsum_agreement: 1 turns, accuracy 100.0%",
    ]
    report = json.loads((out / "eval.json").read_text(encoding="utf-8"))
    [agreement] = [t for t in report["turns"] if t["set"] == "meqsum_agreement"]
    assert agreement["expected"] == {"kind": "answer", "condition": "Amyotrophic lateral sclerosis", "conditions": None,
                                     "section": "treatment"}  # fmt: skip
    markdown = (out / "eval.md").read_text(encoding="utf-8")
    assert "## Set `meqsum_agreement`" in markdown and "My uncle" not in markdown
    assert "## Section coverage of the MedQuAD knowledge base" in markdown
    assert report["summary"]["coverage"] == eval_script.medquad_coverage(medquad_sample)


def test_the_coverage_compares_merging_by_name_and_by_concept(medquad_sample):
    coverage = eval_script.medquad_coverage(medquad_sample)
    assert list(coverage) == list(SECTION_KEYS)
    assert all(c["titles_by_concept"] >= c["titles_by_name"] for c in coverage.values())
    # The sample's stroke research page merges into the authored Stroke, by name either way.
    assert coverage["research"]["conditions_by_name"] == coverage["research"]["conditions_by_concept"] >= 1


# --- real questions: the long messages written for the project, and MeQSum ------------------------

MEQSUM = ROOT.parent / "shared" / "datasets" / "meqsum"
LONG_STYLES = {"subject", "story", "several", "spelling", "compare", "nofit", "findinfo", "personal", "emergency",
               "past", "plain"}  # fmt: skip


@pytest.fixture(scope="module")
def long_messages() -> list[eval_script.Conversation]:
    return eval_script.load_conversations(eval_script.LONG_MESSAGES)


def test_the_long_messages_are_apart_from_the_training_data_and_the_other_held_out_set(long_messages, conversations):
    training = _training_texts() | {_plain(t.text) for c in conversations for t in c.turns}
    texts = [c.turns[0].text for c in long_messages]
    assert len(texts) >= 200 and len(set(texts)) == len(texts)
    assert [t for t in texts if _plain(t) in training] == []
    # Not a training sentence inside a story either.
    long_training = [t for t in training if len(t) > 40]
    assert [t for t in texts if any(sentence in _plain(t) for sentence in long_training)] == []


def test_the_long_messages_are_long_and_labelled_with_the_contracts_names(long_messages, kb):
    from bot.language.reading import is_long

    names = {c.name for c in kb.conditions.values()}
    assert {c.category for c in long_messages} == LONG_STYLES
    assert sum(is_long(c.turns[0].text) for c in long_messages) >= 0.9 * len(long_messages)
    for conversation in long_messages:
        [turn] = conversation.turns
        kind = turn.expected["kind"]
        assert kind == ["answer", "missing_section"] or kind in KINDS, turn
        assert set(turn.expected.get("conditions", [])) <= names and turn.expected.get("condition", "") in names | {""}
        assert "section" not in turn.expected or turn.expected["section"] in SECTION_KEYS, turn
        if kind == ["answer", "missing_section"]:  # only where the data lacks the asked section
            assert kb.by_name(turn.expected["condition"]).section(turn.expected["section"]) is None, turn


def test_the_meqsum_labels_hold_ids_and_labels_only():
    text = eval_script.MEQSUM_LABELS.read_text(encoding="utf-8")
    labels = yaml.safe_load(text)["labels"]
    assert len(labels) >= 150
    assert len({label["id"] for label in labels}) == len(labels)
    for label in labels:
        assert set(label) <= {"id", "condition", "section", "excerpt"} and label["condition"], label
        assert ("section" in label) != bool(label.get("excerpt")), label
        assert label.get("section", "overview") in SECTION_KEYS, label
    if MEQSUM.is_dir():  # the corpus beside the repository: no text of it is in the file
        items = {item["id"]: item for item in eval_script.load_meqsum(MEQSUM)}
        assert {label["id"] for label in labels} <= set(items)
        lines = [line.split("#", 1)[-1].lower() for line in text.splitlines() if "#" in line]
        for item in items.values():
            words = re.findall(r"[a-z']+", (item["message"] + " " + item["summary"]).lower())
            runs = {" ".join(words[i : i + 6]) for i in range(len(words) - 5)}
            assert not [line for line in lines if any(run in line for run in runs)], item["id"]


def test_meqsum_messages_expect_their_summaries_reply_and_labels_accept_a_missing_section(tmp_path):
    corpus = tmp_path / "meqsum"
    corpus.mkdir()
    items = [
        {"id": "a", "message": "SUBJECT: polio\nMESSAGE: my uncle had it, how is it treated?", "summary": "How is polio treated?"},
        {"id": "b", "message": "who sells my pills cheapest", "summary": "Where can I buy my pills?"},
    ]  # fmt: skip
    (corpus / "meqsum.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    loaded = eval_script.load_meqsum(corpus)
    assert [c.turns[0].text for c in eval_script.meqsum_summaries(loaded)] == [i["summary"] for i in items]
    summaries = eval_script.SetResult("meqsum_summaries", [
        {"source": "a", "got": {"kind": "answer", "condition": "Polio", "section": "treatment", "excerpt": True}},
        {"source": "b", "got": {"kind": "out_of_scope"}}])  # fmt: skip
    agreement = eval_script.meqsum_agreement(loaded, summaries)
    assert [c.turns[0].expected for c in agreement] == [
        {"kind": "answer", "condition": "Polio", "conditions": None, "section": "treatment"},
        {"kind": "out_of_scope", "condition": None, "conditions": None, "section": None}]  # fmt: skip
    assert eval_script.matches(agreement[0].turns[0].expected, summaries.turns[0]["got"])
    assert not eval_script.matches(agreement[1].turns[0].expected, {"kind": "answer", "condition": "Polio"})

    labels = tmp_path / "labels.yml"
    labels.write_text(yaml.safe_dump({"labels": [{"id": "a", "condition": "Polio", "section": "treatment"}]}))
    [labelled] = eval_script.meqsum_labelled(loaded, labels)
    expected = labelled.turns[0].expected
    assert eval_script.matches(expected, {"kind": "missing_section", "condition": "Polio", "section": "treatment"})
    assert not eval_script.matches(expected, {"kind": "disambiguation", "candidates": ["Polio"]})
    labels.write_text(yaml.safe_dump({"labels": [{"id": "zzz", "condition": "Polio", "section": "treatment"}]}))
    with pytest.raises(ValueError, match="zzz"):
        eval_script.meqsum_labelled(loaded, labels)
    (corpus / "meqsum.jsonl").write_text('{"id": "c", "message": 3}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 1"):
        eval_script.load_meqsum(corpus)

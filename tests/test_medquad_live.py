"""The bot with the whole MedQuAD corpus imported: real servers on a knowledge base built from
../shared/datasets/medquad, with the project's model, which never saw these names."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.knowledge.everyday_names import load_everyday_names
from bot.knowledge.knowledge_base import KnowledgeBase
from tests.helpers import assert_test_stories_pass, payloads, rest
from tests.servers import Servers, start_servers

pytestmark = pytest.mark.servers
ROOT = Path(__file__).resolve().parents[1]
MEDQUAD = ROOT.parent / "shared" / "datasets" / "medquad"


@pytest.fixture(scope="module")
def medquad_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not MEDQUAD.is_dir():
        pytest.skip(f"the shared MedQuAD corpus is not at {MEDQUAD}")
    work = tmp_path_factory.mktemp("medquad-kb")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "build",
            "--medquad",
            str(MEDQUAD),
            "--out",
            str(work / "knowledge_base.json"),
            "--nlu-out",
            str(work / "nlu.yml"),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return work / "knowledge_base.json"


@pytest.fixture(scope="module")
def medquad_servers(medquad_kb: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with start_servers(
        ROOT, tmp_path_factory.mktemp("medquad-servers"), env={"HEALTHBOT_KB": str(medquad_kb)}
    ) as running:
        yield running


def ask(servers: Servers, sender: str, message: str) -> dict:
    (payload,) = payloads(rest(servers, sender, message))
    return payload


def test_medquad_stories_pass(medquad_servers: Servers, medquad_kb: Path, tmp_path: Path) -> None:
    """`rasa test` on tests/medquad_stories.yml; the NLU inside `rasa test` reads the same
    knowledge base as the action server."""
    env = {**os.environ, "HEALTHBOT_KB": str(medquad_kb)}
    assert_test_stories_pass("tests/medquad_stories.yml", medquad_servers.endpoints, tmp_path, env)


def test_a_medquad_condition_is_answered_with_its_source_and_context(medquad_servers: Servers) -> None:
    sender = f"medquad-{uuid.uuid4().hex}"
    first = ask(medquad_servers, sender, "what is Tietze syndrome?")
    assert (first["kind"], first["condition"], first["section"]) == ("answer", "Tietze syndrome", "overview")
    assert any("rarediseases.info.nih.gov" in source["url"] for source in first["sources"])
    assert any("MedQuAD" in source["title"] for source in first["sources"])
    follow_up = ask(medquad_servers, sender, "what causes it?")
    assert (follow_up["kind"], follow_up["condition"], follow_up["section"]) == ("answer", "Tietze syndrome", "causes")


def test_a_misspelt_medquad_name_and_a_synonym_are_linked(medquad_servers: Servers) -> None:
    misspelt = ask(medquad_servers, f"medquad-{uuid.uuid4().hex}", "how is inencephaly treated")
    assert (misspelt["kind"], misspelt["condition"], misspelt["section"]) == ("answer", "Iniencephaly", "treatment")
    synonym = ask(medquad_servers, f"medquad-{uuid.uuid4().hex}", "what is catalase deficiency")
    assert (synonym["kind"], synonym["condition"]) == ("answer", "Acatalasemia")


def test_a_name_only_condition_points_to_its_source_page(medquad_servers: Servers) -> None:
    reply = ask(
        medquad_servers, f"medquad-{uuid.uuid4().hex}", "what is Emery-Dreifuss muscular dystrophy, dominant type?"
    )
    assert reply["kind"] == "missing_section"
    assert reply["condition"] == "Emery-Dreifuss muscular dystrophy, dominant type"
    assert reply["sources"][0]["url"].startswith("https://rarediseases.info.nih.gov/gard/2101/")


def test_a_missing_section_is_answered_from_the_overview_where_it_speaks_to_it(medquad_servers: Servers) -> None:
    """Sickle cell anemia has only an overview in MedQuAD; its symptoms come as an excerpt."""
    reply = ask(medquad_servers, f"medquad-{uuid.uuid4().hex}", "what are the symptoms of sickle cell anemia")
    assert (reply["kind"], reply["condition"], reply["section"]) == ("answer", "Sickle Cell Anemia", "symptoms")
    assert reply["excerpt"] is True and reply["from_section"] == "overview"


@pytest.mark.parametrize(
    "message", ["what is it?", "how many mg of ibuprofen is too much for a child", "are there any meds for this"]
)
def test_everyday_words_are_not_taken_for_medquad_names(medquad_servers: Servers, message: str) -> None:
    """MedQuAD has "IS", "MG", "MED" and "CHILD syndrome" among its names."""
    sender = f"medquad-{uuid.uuid4().hex}"
    reply = ask(medquad_servers, sender, message)
    assert reply.get("condition") not in {
        "West syndrome",
        "myasthenia gravis",
        "Multiple epiphyseal dysplasia",
        "CHILD syndrome",
    }, reply


def test_every_everyday_name_finds_its_medquad_condition(medquad_kb: Path) -> None:
    """data/everyday_names.yml lists its names under names MedQuAD has: a typo would drop them."""
    kb = KnowledgeBase.load(medquad_kb)
    table = load_everyday_names(ROOT / "data" / "everyday_names.yml")
    assert sum(len(names) for names in kb.everyday_names.values()) == sum(len(names) for names in table.values())
    for condition, names in table.items():
        assert [kb.conditions[i].name for i in kb.matcher.lookup(names[0])] == [kb.by_name(condition).name]


@pytest.mark.parametrize(
    ("message", "condition", "section"),
    [
        ("I have been deaf in my left ear since I was born. Can anything be done for it?", "Hearing Loss", "treatment"),
        ("what are the treatments for IBS?", "Irritable Bowel Syndrome", "treatment"),
        ("what is OCD?", "Obsessive-Compulsive Disorder", "overview"),
        (
            "My son has had blood in the urine twice this month. What can cause this?",
            "Hematuria (Blood in the Urine)",
            "causes",
        ),
    ],
)
def test_everyday_names_are_answered_as_their_condition(
    medquad_servers: Servers, message: str, condition: str, section: str
) -> None:
    reply = ask(medquad_servers, f"medquad-{uuid.uuid4().hex}", message)
    assert (reply["kind"], reply["condition"], reply["section"]) == ("answer", condition, section)

"""Merging MedQuAD's pages by concept (bot/build/medquad.py): pairs that must and must not become
one condition, on the real corpus, whose concept counts decide what is evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.build.cli import main as cli_main
from bot.build.medquad import (
    MAX_CONCEPT_PAGES,
    Merge,
    Page,
    broader_names,
    import_medquad,
    merge_pages,
    parse_page,
    same_condition,
)
from bot.knowledge.dataset import Condition, load_dataset
from bot.knowledge.knowledge_base import KnowledgeBase
from tests.test_medquad import DATASET, MEDQUAD

# Each pair: two pages (folder/file) of the corpus, and why.
MUST_MERGE = [
    ("4_MPlus_Health_Topics_QA/0000369.xml", "10_MPlus_ADAM_QA/0001605.xml", "the two Flu pages"),
    ("4_MPlus_Health_Topics_QA/0000402.xml", "10_MPlus_ADAM_QA/0001687.xml", "GERD is a synonym of the other"),
    ("2_GARD_QA/0002439.xml", "4_MPlus_Health_Topics_QA/0000382.xml", "Friedreich ataxia, possessive or not"),
    ("6_NINDS_QA/0000133.xml", "3_GHR_QA/0000388.xml", "Friedreich's Ataxia of NINDS and of GHR"),
    ("1_CancerGov_QA/0000007_2.xml", "10_MPlus_ADAM_QA/0000811.xml", "Bile Duct Cancer (Cholangiocarcinoma)"),
    ("2_GARD_QA/0003382.xml", "10_MPlus_ADAM_QA/0000446.xml", "Kernicterus, also bilirubin encephalopathy"),
    ("2_GARD_QA/0000046.xml", "10_MPlus_ADAM_QA/0000050.xml", "Achondroplasia, a name-only page"),
    ("6_NINDS_QA/0000142.xml", "10_MPlus_ADAM_QA/0002779.xml", "Neurodegeneration with brain iron accumulation (NBIA)"),
    (
        "4_MPlus_Health_Topics_QA/0000146.xml",
        "10_MPlus_ADAM_QA/0000670.xml",
        "Canker Sores, and a name-only Canker sore",
    ),
    ("4_MPlus_Health_Topics_QA/0000022.xml", "10_MPlus_ADAM_QA/0000159.xml", "Allergy, and a name-only Allergies"),
    ("4_MPlus_Health_Topics_QA/0000264.xml", "10_MPlus_ADAM_QA/0001148.xml", "Depression, and Depression - overview"),
]
MUST_NOT_MERGE = [
    ("4_MPlus_Health_Topics_QA/0000656.xml", "2_GARD_QA/0003224.xml", "a syndrome that lists obesity"),
    ("4_MPlus_Health_Topics_QA/0000656.xml", "2_GARD_QA/0002964.xml", "Hydrocephalus obesity hypogonadism"),
    ("4_MPlus_Health_Topics_QA/0000656.xml", "8_NHLBI_QA_XML/0000095.xml", "Overweight and Obesity lends only"),
    ("10_MPlus_ADAM_QA/0001177.xml", "10_MPlus_ADAM_QA/0001179.xml", "Diabetes - foot ulcers"),
    ("7_SeniorHealth_QA/0000015.xml", "10_MPlus_ADAM_QA/0004064.xml", "Type 1 diabetes, a synonym of Diabetes"),
    ("10_MPlus_ADAM_QA/0000003.xml", "10_MPlus_ADAM_QA/0004044.xml", "two tests with the generic CUI C0456984"),
    ("3_GHR_QA/0000173.xml", "2_GARD_QA/0001090.xml", "Charcot-Marie-Tooth disease and its type 1A"),
    ("2_GARD_QA/0005077.xml", "2_GARD_QA/0000309.xml", "Progressive bulbar palsy names ALS as a synonym"),
    ("2_GARD_QA/0005558.xml", "3_GHR_QA/0001061.xml", "SCID and X-linked SCID"),
    ("4_MPlus_Health_Topics_QA/0000828.xml", "10_MPlus_ADAM_QA/0003643.xml", "Smoking and COPD"),
    ("2_GARD_QA/0000046.xml", "2_GARD_QA/0000047.xml", "Achondroplasia and severe combined immunodeficiency"),
    ("10_MPlus_ADAM_QA/0003126.xml", "10_MPlus_ADAM_QA/0003775.xml", "PCP: pneumonia, or phencyclidine"),
    ("6_NINDS_QA/0000142.xml", "2_GARD_QA/0004706.xml", "NBIA, a synonym of each of its types: PKAN"),
    ("6_NINDS_QA/0000142.xml", "2_GARD_QA/0001388.xml", "NBIA and COASY protein-associated neurodegeneration"),
]

pytestmark = pytest.mark.skipif(not MEDQUAD.is_dir(), reason=f"the shared MedQuAD corpus is not at {MEDQUAD}")


@pytest.fixture(scope="module")
def merged() -> tuple[list[Page], Merge, Merge]:
    pages = import_medquad(MEDQUAD).pages
    authored = load_dataset(DATASET)
    return pages, merge_pages(authored, pages), merge_pages(authored, pages, concepts=False)


def condition_of(merge: Merge, pages: list[Page], relative: str) -> Condition:
    """The condition a page ended in."""
    url = parse_page(MEDQUAD / relative).condition.sources[0].url
    [index] = [i for i, page in enumerate(pages) if page.condition.sources[0].url == url]
    return merge.conditions[merge.page_conditions[index]]


@pytest.mark.parametrize(("a", "b", "why"), MUST_MERGE, ids=[why for *_, why in MUST_MERGE])
def test_pages_of_one_condition_merge(merged: tuple[list[Page], Merge, Merge], a: str, b: str, why: str) -> None:
    pages, by_concept, _ = merged
    assert condition_of(by_concept, pages, a) is condition_of(by_concept, pages, b)


@pytest.mark.parametrize(("a", "b", "why"), MUST_NOT_MERGE, ids=[why for *_, why in MUST_NOT_MERGE])
def test_pages_of_different_conditions_stay_apart(
    merged: tuple[list[Page], Merge, Merge], a: str, b: str, why: str
) -> None:
    pages, by_concept, _ = merged
    assert condition_of(by_concept, pages, a) is not condition_of(by_concept, pages, b)


def test_overweight_and_obesity_lends_obesity_what_it_lacks(merged: tuple[list[Page], Merge, Merge]) -> None:
    pages, by_concept, by_name = merged
    obesity = condition_of(by_concept, pages, "4_MPlus_Health_Topics_QA/0000656.xml")
    nhlbi = parse_page(MEDQUAD / "8_NHLBI_QA_XML/0000095.xml").condition
    assert obesity.name == "Obesity"
    assert "causes" not in condition_of(by_name, pages, "4_MPlus_Health_Topics_QA/0000656.xml").sections
    # "What causes obesity?" is answered from the NHLBI page, which the section cites.
    assert obesity.sections["causes"] == nhlbi.sections["causes"]
    assert obesity.sections["causes"].sources == nhlbi.sources
    # Its own overview wins over the lent one.
    assert obesity.sections["overview"].sources[0].url.endswith("medlineplus/obesity.html")
    # The two-part page stays a condition of its own.
    assert condition_of(by_concept, pages, "8_NHLBI_QA_XML/0000095.xml").name == "Overweight and Obesity"
    lent = {(lending.page.name, lending.condition) for lending in by_concept.lent}
    assert ("Overweight and Obesity", "Obesity") in lent
    assert not any(page == "Achondroplasia and severe combined immunodeficiency" for page, _ in lent)


def test_a_name_only_page_that_splits_a_topic_joins_the_page_with_text(merged: tuple[list[Page], Merge, Merge]) -> None:
    pages, by_concept, by_name = merged
    canker = condition_of(by_concept, pages, "10_MPlus_ADAM_QA/0000670.xml")
    # The page with text keeps its name; the name-only page brings its names and its link.
    assert canker.name == "Canker Sores" and canker.sections
    assert {"Canker sore", "Aphthous ulcer"} <= set(canker.alternative_names)
    assert any(source.url.endswith("000998.htm") for source in canker.sources)
    assert condition_of(by_concept, pages, "10_MPlus_ADAM_QA/0001148.xml").name == "Depression"
    # Merging by name alone, as the importer did before concepts, leaves them apart.
    assert condition_of(by_name, pages, "10_MPlus_ADAM_QA/0000670.xml").sections == {}
    evidence = [why for group in by_concept.groups if group.name == "Canker Sores" for why in group.evidence]
    assert evidence == ["the name-only page “Canker sore” and the page “Canker Sores”"]


def test_a_merged_condition_cites_each_sections_page(merged: tuple[list[Page], Merge, Merge]) -> None:
    pages, by_concept, _ = merged
    friedreich = condition_of(by_concept, pages, "2_GARD_QA/0002439.xml")
    urls = [source.url for source in friedreich.sources]
    assert len(urls) == len(set(urls)) >= 4
    for section in friedreich.sections.values():
        assert len(section.sources) == 1 and section.sources[0].url in urls
    # Name-only pages bring their names and links, and no condition of their own.
    kernicterus = condition_of(by_concept, pages, "2_GARD_QA/0003382.xml")
    assert "Bilirubin encephalopathy" in kernicterus.alternative_names
    assert any("ency/article" in source.url for source in kernicterus.sources)


def test_merging_only_adds_and_authored_conditions_stay_whole(merged: tuple[list[Page], Merge, Merge]) -> None:
    pages, by_concept, by_name = merged
    assert by_concept.concepts < by_name.concepts
    before, after = by_name.page_coverage(), by_concept.page_coverage()
    assert all(after[key] >= before[key] for key in before)
    assert sum(after.values()) > sum(before.values()) and by_concept.sections_gained(by_name) > 100
    authored = load_dataset(DATASET)
    for mine, condition in zip(authored, by_concept.conditions, strict=False):
        assert condition.id == mine.id and condition.name == mine.name
        assert all(condition.sections[key] == section for key, section in mine.sections.items())
    # Every evidence of a concept join names a concept on few enough pages.
    for group in by_concept.groups:
        for why in group.evidence:
            if why.startswith("concept"):
                assert int(why.split("(on ")[1].split()[0]) <= MAX_CONCEPT_PAGES


def test_the_name_rule_alone() -> None:
    def page(name: str, *synonyms: str) -> Condition:
        return Condition(name.lower().replace(" ", "_"), name, synonyms, {}, (), (), None)

    assert same_condition(page("GERD"), page("Gastroesophageal reflux disease", "GERD")) == "gerd"
    assert same_condition(page("Werner's syndrome"), page("Werner syndrome")) == "werner syndrome"
    assert same_condition(page("Bile Duct Cancer (Cholangiocarcinoma)"), page("Cholangiocarcinoma"))
    # A more specific kind, whatever its synonyms say.
    assert (
        same_condition(
            page("Charcot-Marie-Tooth disease type 1A", "Charcot-Marie-Tooth disease"),
            page("Charcot-Marie-Tooth disease"),
        )
        is None
    )
    # Synonyms alone do not make one condition: one of them must be the other's title.
    assert same_condition(page("Long QT syndrome 1", "LQT1"), page("Romano-Ward syndrome", "LQT1")) is None
    # A synonym that pages of several titles give is a broader term.
    types = [page("Pantothenate kinase-associated neurodegeneration", "NBIA type 1", "Brain iron accumulation"),
             page("PLA2G6-associated neurodegeneration", "Brain iron accumulation")]  # fmt: skip
    broader = broader_names(types)
    assert broader == {"brain iron accumulation"}
    assert same_condition(page("Brain iron accumulation"), types[0], broader) is None
    assert same_condition(page("NBIA type 1"), types[0], broader) == "nbia 1"  # "type" before a number is left out
    # "type" before a number: one reference writes it, another does not
    assert same_condition(page("Spastic paraplegia type 11"), page("Spastic paraplegia 11")) == "spastic paraplegia 11"
    assert same_condition(page("Usher syndrome type II"), page("Usher syndrome II")) == "usher syndrome ii"
    # An abbreviation in parentheses is no title.
    assert same_condition(page("Substance use - phencyclidine (PCP)"), page("Pneumocystis pneumonia", "PCP")) is None


def test_build_writes_the_merge_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "merge-report.md"
    kb_path = tmp_path / "kb.json"
    code = cli_main(
        [
            "build",
            "--medquad",
            str(MEDQUAD),
            "--out",
            str(kb_path),
            "--nlu-out",
            str(tmp_path / "nlu.yml"),
            "--merge-report",
            str(report),
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "pages merged into" in out and "sections gained" in out and str(report) in out
    text = report.read_text(encoding="utf-8")
    assert "| causes |" in text
    obesity = text.split("\n### Obesity\n", 1)[1].split("\n### ", 1)[0]
    assert "obesity.html): overview" in obesity and "the same name “Obesity”" in obesity
    assert "- Overweight and Obesity -> Obesity: causes" in text
    kernicterus = text.split("\n### Kernicterus\n", 1)[1].split("\n### ", 1)[0]
    assert "evidence: concept C0022610 (on 2 pages) and the name “bilirubin encephalopathy”" in kernicterus
    obesity_kb = KnowledgeBase.load(kb_path).by_name("Obesity")
    assert obesity_kb is not None and obesity_kb.sections["causes"].sources[0].url.endswith("topics/obe")

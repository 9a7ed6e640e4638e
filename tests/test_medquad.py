"""Tests of the MedQuAD importer (bot.build.medquad) and of `python -m bot build --medquad DIR`.

Most tests use the small made-up corpus of tests/medquad_sample.py (the `medquad_sample`
fixture); those marked by `real_corpus` read
the shared MedQuAD checkout next to the repository and are skipped when it is absent.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.build.cli import main
from bot.build.medquad import (
    ImportProblem,
    MedquadError,
    MedquadImport,
    import_medquad,
    keep_synonym,
    merge,
    parse_document,
    section_counts,
)
from bot.knowledge.dataset import Condition, check_consistency, load_dataset
from bot.knowledge.knowledge_base import KnowledgeBase
from bot.language.normalization import normalize_name

REPO_ROOT = Path(__file__).resolve().parents[1]
DATASET = REPO_ROOT / "data" / "conditions"
MEDQUAD = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "medquad"

real_corpus = pytest.mark.skipif(not MEDQUAD.is_dir(), reason=f"the shared MedQuAD corpus is not at {MEDQUAD}")


def by_name(conditions: list[Condition], name: str) -> list[Condition]:
    return [c for c in conditions if normalize_name(c.name) == normalize_name(name)]


def site(condition: Condition) -> str:
    """The site of an imported condition's (first) source: "GHR" in "X — GHR (via MedQuAD)"."""
    return condition.sources[0].title.rsplit(" — ", 1)[1].removesuffix(" (via MedQuAD)")


# --- the fixture corpus --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_import(medquad_sample: Path) -> MedquadImport:
    return import_medquad(medquad_sample)


def test_bad_files_are_reported_with_their_paths_and_skipped(
    fixture_import: MedquadImport, medquad_sample: Path
) -> None:
    problems = {p.path.relative_to(medquad_sample).as_posix(): p.problem for p in fixture_import.problems}
    assert set(problems) == {"9_CDC_QA/0000002.xml", "9_CDC_QA/0000003.xml", "9_CDC_QA/0000004.xml"}
    assert "no Focus" in problems["9_CDC_QA/0000002.xml"]
    assert (
        "not well-formed XML" in problems["9_CDC_QA/0000003.xml"]
        and "mismatched tag" in problems["9_CDC_QA/0000003.xml"]
    )
    assert (
        "not well-formed XML" in problems["9_CDC_QA/0000004.xml"]
        and "no element found" in problems["9_CDC_QA/0000004.xml"]
    )
    assert all(isinstance(p, ImportProblem) and str(p).startswith(str(p.path)) for p in fixture_import.problems)
    assert fixture_import.files == 13
    assert len(fixture_import.conditions) == 10
    assert not {"Malformed fixture", "Truncated fixture"} & {c.name for c in fixture_import.conditions}


def test_a_document_becomes_a_condition(fixture_import: MedquadImport) -> None:
    [ghr] = [c for c in fixture_import.conditions if site(c) == "GHR"]
    assert ghr.id == "fixture_syndrome_2"  # the GARD document took "fixture_syndrome"
    assert ghr.name == "fixture syndrome"
    assert ghr.sources[0].title == "fixture syndrome — GHR (via MedQuAD)"
    assert ghr.sources[0].url == "https://ghr.nlm.nih.gov/condition/fixture-syndrome"
    assert list(ghr.sections) == ["overview", "inheritance", "frequency", "genetic_changes"]
    assert ghr.sections["genetic_changes"].text == "Mutations in the FIX1 gene cause fixture syndrome."
    # Two spaces after a sentence were a paragraph break the corpus flattened.
    assert ghr.sections["overview"].text.endswith("two sentences.\n\nA second paragraph follows two spaces.")
    assert ghr.related == () and ghr.reviewed is None


def test_synonyms_drop_common_words_short_names_and_duplicates(fixture_import: MedquadImport) -> None:
    [gard] = [c for c in fixture_import.conditions if site(c) == "GARD"]
    [ghr] = [c for c in fixture_import.conditions if site(c) == "GHR"]
    assert gard.alternative_names == ("Fixture syndrome type 1",)  # "IS" dropped
    # "Ab" (short), "Cold" (a common word), "fixture disease" and "Fixture Syndrome" (repeats)
    assert ghr.alternative_names == ("Fixture disease", "FXS1")


@pytest.mark.parametrize(
    "synonym, kept",
    [
        ("IS", False),
        ("ALL", False),
        ("SAD", False),
        ("ADD", False),
        ("Cold", False),
        ("Stress", False),
        ("Ab", False),
        ("Ca++", False),
        ("C", False),
        ("OA", True),
        ("AAS", True),
        ("HIV", True),
        ("AIDS", True),
        ("Cannabis", True),
        ("Heart attack", True),
        ("Aarskog syndrome", True),
    ],
)
def test_keep_synonym(synonym: str, kept: bool) -> None:
    assert keep_synonym(synonym) is kept


def test_gard_phenotype_table_becomes_items(fixture_import: MedquadImport) -> None:
    [gard] = [c for c in fixture_import.conditions if site(c) == "GARD"]
    symptoms = gard.sections["symptoms"]
    assert [item.text for item in symptoms.items] == [
        "Joint stiffness (90%)",
        "Low-set ears (7.5%)",
        "Short stature (5 of 10 people studied)",
        "Autosomal recessive inheritance",
        "Scoliosis",
    ]
    assert not symptoms.text.startswith("What are")  # the repeated question is gone
    assert "Human Phenotype Ontology (HPO) has collected" not in symptoms.text
    assert gard.sections["treatment"].text == "There is no cure. Rest helps."
    assert "causes" not in gard.sections  # its answer is empty


def test_bullets_become_items_only_when_they_end_the_answer(fixture_import: MedquadImport) -> None:
    [niddk] = by_name(fixture_import.conditions, "Fixture kidney disease")
    symptoms = niddk.sections["symptoms"]
    assert symptoms.text == "Fixture kidney disease may cause"
    assert [i.text for i in symptoms.items] == ["swelling", "tiredness", "foamy urine"]
    # Bullets followed by more text stay in the text, as the replies show items.
    diagnosis = niddk.sections["diagnosis"]
    assert diagnosis.items == ()
    assert diagnosis.text == (
        "Tests include\n\n• Urinalysis. A urine test.\n• Blood test. A blood test.\n\nA doctor explains the results."
    )
    [cdc] = by_name(fixture_import.conditions, "Parasites - Fixtureworm")
    assert cdc.sections["prevention"].text == ""
    assert [i.text for i in cdc.sections["prevention"].items] == ["Wash your hands", "Review your code"]
    assert cdc.sections["risk_factors"].text == "People who write tests.\n\nNobody else."


def test_flattened_list_and_summary_label(fixture_import: MedquadImport) -> None:
    [mplus] = [c for c in fixture_import.conditions if site(c) == "MedlinePlus Health Topics"]
    assert mplus.sections["overview"].text == (
        "Fixture fever is a made-up fever. It comes and goes.\n\nSymptoms include:\n\n"
        "• Fever\n• Headache\n• Rash\n\nMost people get better in a week."
    )


def test_several_answers_for_one_section_are_joined_while_short(fixture_import: MedquadImport) -> None:
    [niddk] = by_name(fixture_import.conditions, "Fixture kidney disease")
    assert niddk.sections["overview"].text == (
        "Fixture kidney disease is a made-up kidney disease.\n\nThe kidneys are two bean-shaped organs.\n\n"
        "A short second answer is joined to the first."
    )
    assert niddk.sections["home_care"].text == "Eating less salt may help."  # "considerations"
    assert set(niddk.sections) == {"overview", "symptoms", "diagnosis", "home_care"}  # no support groups


def test_the_other_ninds_layout_is_read(fixture_import: MedquadImport) -> None:
    [ninds] = [c for c in fixture_import.conditions if site(c) == "NINDS"]
    assert ninds.name == "Fixture Palsy"
    assert ninds.sources[0].url == "http://www.ninds.nih.gov/disorders/fixture_palsy/fixture_palsy.htm"
    assert list(ninds.sections) == ["overview", "treatment", "outlook", "research"]
    # Two spaces after every sentence is a typing habit, not paragraphs.
    assert "\n" not in ninds.sections["overview"].text
    assert ninds.sections["treatment"].text == "Rest and patience."


def test_answer_removed_documents_give_names_and_a_source_without_sections(fixture_import: MedquadImport) -> None:
    removed = [c for c in fixture_import.conditions if site(c).startswith(("MedlinePlus Medical", "MedlinePlus Drug"))]
    assert [c.name for c in removed] == ["Fixture fever", "Fixture rash", "Fixturol"]
    assert all(c.sections == {} and c.sources[0].url.startswith("https://") for c in removed)
    assert removed[1].alternative_names == ("Fixture fever", "FXS1", "Spotty fixture")


def test_progress_reports_files_done_and_total(medquad_sample: Path) -> None:
    calls: list[tuple[int, int]] = []
    import_medquad(medquad_sample, lambda done, total: calls.append((done, total)))
    assert calls == [(done, 13) for done in range(1, 14)]


def test_a_missing_or_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MedquadError, match="does not exist"):
        import_medquad(tmp_path / "nowhere")
    (tmp_path / "1_CancerGov_QA").mkdir()
    with pytest.raises(MedquadError, match="no MedQuAD XML files"):
        import_medquad(tmp_path)


def test_an_unreadable_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    folder = tmp_path / "3_GHR_QA"
    folder.mkdir()
    (folder / "0000001.xml").write_bytes(b"\xff\xfe not xml at all")
    (folder / "0000002.xml").write_text("", encoding="utf-8")
    result = import_medquad(tmp_path)
    assert result.conditions == [] and [p.path.name for p in result.problems] == ["0000001.xml", "0000002.xml"]


def test_documents_with_the_same_focus_merge_in_folder_order(fixture_import: MedquadImport) -> None:
    merged = merge([], fixture_import.conditions)
    [syndrome] = by_name(merged, "Fixture syndrome")
    assert syndrome.id == "fixture_syndrome" and syndrome.name == "Fixture syndrome"  # GARD, folder 2
    # GARD's overview wins over GHR's; GHR adds the sections GARD lacks.
    assert syndrome.sections["overview"].text.startswith("Fixture syndrome is a made-up condition")
    assert {"inheritance", "frequency", "genetic_changes", "symptoms", "treatment"} <= set(syndrome.sections)
    assert [s.url for s in syndrome.sources] == [
        "https://rarediseases.info.nih.gov/gard/1/fixture-syndrome",
        "https://ghr.nlm.nih.gov/condition/fixture-syndrome",
    ]
    assert syndrome.alternative_names == ("Fixture syndrome type 1", "Fixture disease", "FXS1")
    [fever] = by_name(merged, "Fixture fever")
    assert len(fever.sources) == 2 and fever.alternative_names == ("Test fever", "Encyclopedia fever")
    assert len(merged) == 8


def test_a_name_two_conditions_share_stays_with_the_first(fixture_import: MedquadImport) -> None:
    merged = merge([], fixture_import.conditions)
    [rash] = by_name(merged, "Fixture rash")
    # "Fixture fever" is another condition's name, "FXS1" already Fixture syndrome's.
    assert rash.alternative_names == ("Spotty fixture",)
    check_consistency((Path("medquad"), c) for c in merged)


def test_merging_keeps_the_dataset_text_and_adds_what_it_lacks(fixture_import: MedquadImport) -> None:
    authored = load_dataset(DATASET)
    [stroke] = by_name(authored, "Stroke")
    assert "research" not in stroke.sections
    merged = merge(authored, fixture_import.conditions)
    assert [c.id for c in merged[: len(authored)]] == [c.id for c in authored]
    [merged_stroke] = by_name(merged, "Stroke")
    assert merged_stroke.id == "stroke"
    assert merged_stroke.sections["overview"] == stroke.sections["overview"]
    assert all(merged_stroke.sections[key] == section for key, section in stroke.sections.items())
    assert merged_stroke.sections["research"].text == "Fixture research on stroke is under way."
    assert merged_stroke.sources[: len(stroke.sources)] == stroke.sources
    assert merged_stroke.sources[-1].url == "http://nihseniorhealth.gov/stroke/fixture.html"
    assert merged_stroke.alternative_names == (*stroke.alternative_names, "Fixture brain attack")
    check_consistency((Path("merged"), c) for c in merged)


def test_an_imported_id_that_clashes_with_a_dataset_id_is_renamed(fixture_import: MedquadImport) -> None:
    authored = [c for c in load_dataset(DATASET) if c.id == "muscle_atrophy"]
    clash = Condition("muscle_atrophy", "Something else", (), {}, (), fixture_import.conditions[0].sources, None)
    merged = merge(authored, [clash])
    assert [c.id for c in merged] == ["muscle_atrophy", "muscle_atrophy_2"]


# --- the command line ----------------------------------------------------------------------------


def _build(tmp_path: Path, *extra: str) -> tuple[int, Path, Path]:
    kb, nlu = tmp_path / "build" / "kb.json", tmp_path / "generated" / "nlu.yml"
    code = main(["build", "--dataset", str(DATASET), "--out", str(kb), "--nlu-out", str(nlu), *extra])
    return code, kb, nlu


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory without the hand-written data/nlu.yml."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp_path


def test_build_with_medquad_writes_a_knowledge_base_that_loads(
    workdir: Path, medquad_sample: Path, capsys: pytest.CaptureFixture
) -> None:
    code, kb_path, _ = _build(workdir, "--medquad", str(medquad_sample))
    assert code == 0
    kb = KnowledgeBase.load(kb_path)
    authored = load_dataset(DATASET)
    assert set(kb.conditions) >= {c.id for c in authored} | {"fixture_syndrome", "fixture_palsy", "fixturol"}
    assert kb.conditions["stroke"].sections["research"].text == "Fixture research on stroke is under way."
    assert kb.conditions["fixturol"].sections == {}
    assert kb.by_name("Fixture disease").id == "fixture_syndrome"
    captured = capsys.readouterr()
    assert "medquad: 100% (13/13 files)" in captured.err
    assert str(medquad_sample / "9_CDC_QA" / "0000003.xml") in captured.err
    assert str(medquad_sample / "9_CDC_QA" / "0000004.xml") in captured.err
    assert "13 files, 10 pages imported, 3 problems" in captured.out
    assert f"{len(kb)} conditions" in captured.out
    assert sorted(p.name for p in kb_path.parent.iterdir()) == ["kb.json", "merge-report.md"]  # no temporary file


def test_generated_nlu_comes_from_the_dataset_only(workdir: Path, medquad_sample: Path) -> None:
    _, _, nlu = _build(workdir)
    without = nlu.read_bytes()
    _, _, nlu = _build(workdir, "--medquad", str(medquad_sample))
    assert nlu.read_bytes() == without
    assert "Fixture" not in nlu.read_text(encoding="utf-8")


def test_build_with_a_missing_medquad_directory_writes_nothing(workdir: Path, capsys: pytest.CaptureFixture) -> None:
    code, kb_path, nlu_path = _build(workdir, "--medquad", str(workdir / "nowhere"))
    assert code == 1
    assert "nowhere" in capsys.readouterr().err
    assert not kb_path.exists() and not nlu_path.exists()


# --- the real corpus -----------------------------------------------------------------------------

FOLDER_SITES = {
    "10_MPlus_ADAM_QA": "MedlinePlus Medical Encyclopedia",
    "11_MPlusDrugs_QA": "MedlinePlus Drug Information",
    "12_MPlusHerbsSupplements_QA": "MedlinePlus Herbs and Supplements",
}


@pytest.fixture(scope="module")
def corpus() -> tuple[MedquadImport, float]:
    if not MEDQUAD.is_dir():
        pytest.skip(f"the shared MedQuAD corpus is not at {MEDQUAD}")
    start = time.perf_counter()
    result = import_medquad(MEDQUAD)
    return result, time.perf_counter() - start


@real_corpus
def test_the_whole_corpus_imports_within_a_minute(corpus: tuple[MedquadImport, float]) -> None:
    result, seconds = corpus
    assert seconds < 60
    assert result.files == 11274
    assert len(result.conditions) == 11271
    assert len({c.id for c in result.conditions}) == len(result.conditions)


@real_corpus
def test_corpus_problems_are_the_documents_without_a_focus(corpus: tuple[MedquadImport, float]) -> None:
    result, _ = corpus
    assert [(p.path.relative_to(MEDQUAD).as_posix(), p.problem) for p in result.problems] == [
        ("9_CDC_QA/0000199.xml", "document has no Focus"),
        ("9_CDC_QA/0000423.xml", "document has no Focus"),
        ("9_CDC_QA/0000424.xml", "document has no Focus"),
    ]


@real_corpus
def test_corpus_sections_and_sources(corpus: tuple[MedquadImport, float]) -> None:
    result, _ = corpus
    assert {k: v for k, v in section_counts(result.conditions).items() if v} == {
        "overview": 4155,
        "causes": 667,
        "symptoms": 2700,
        "diagnosis": 623,
        "treatment": 1215,
        "home_care": 136,
        "risk_factors": 266,
        "prevention": 182,
        "outlook": 361,
        "complications": 43,
        "inheritance": 1446,
        "frequency": 1120,
        "genetic_changes": 1087,
        "stages": 77,
        "research": 387,
    }
    assert sum(len(c.sources) for c in result.conditions) == 11271
    assert all(c.sources[0].title.endswith("(via MedQuAD)") for c in result.conditions)


@real_corpus
def test_answer_removed_folders_give_names_without_sections(corpus: tuple[MedquadImport, float]) -> None:
    result, _ = corpus
    for folder, name in FOLDER_SITES.items():
        conditions = [c for c in result.conditions if site(c) == name]
        assert len(conditions) == len(list((MEDQUAD / folder).glob("*.xml")))
        assert all(c.sections == {} and c.name and c.sources for c in conditions)
    assert sum(1 for c in result.conditions if site(c) in FOLDER_SITES.values()) == 4366 + 1312 + 99
    [adam] = [
        c
        for c in result.conditions
        if c.sources[0].url == "https://www.nlm.nih.gov/medlineplus/ency/patientinstructions/000823.htm"
    ]
    assert adam.name == "A guide to clinical trials for cancer" and adam.alternative_names == ("Intervention study",)


@real_corpus
def test_a_ghr_document_maps_as_expected() -> None:
    condition = parse_document(MEDQUAD / "3_GHR_QA" / "0000001.xml", "GHR")
    assert condition.id == "aarskog_scott_syndrome" and condition.name == "Aarskog-Scott syndrome"
    assert condition.alternative_names == (
        "Aarskog syndrome",
        "AAS",
        "Facio-digito-genital dysplasia",
        "Faciogenital dysplasia",
    )
    assert list(condition.sections) == [
        "overview",
        "inheritance",
        "frequency",
        "genetic_changes",
    ]  # treatment: a resource list
    overview = condition.sections["overview"].text
    assert overview.startswith("Aarskog-Scott syndrome is a genetic disorder that affects the development")
    assert overview.count("\n\n") == 3  # four paragraphs
    assert condition.sections["inheritance"].text.startswith(
        "Aarskog-Scott syndrome is inherited in an X-linked recessive pattern."
    )
    assert condition.sources == (
        type(condition.sources[0])(
            "Aarskog-Scott syndrome — GHR (via MedQuAD)", "https://ghr.nlm.nih.gov/condition/aarskog-scott-syndrome"
        ),
    )


@real_corpus
def test_the_four_ninds_files_in_the_other_layout_are_read(corpus: tuple[MedquadImport, float]) -> None:
    result, _ = corpus
    urls = {c.sources[0].url: c for c in result.conditions}
    holmes = urls["http://www.ninds.nih.gov/disorders/holmes_adie/holmes_adie.htm"]
    assert holmes.name == "Holmes-Adie"
    assert list(holmes.sections) == ["overview", "treatment", "outlook", "research"]
    assert holmes.sections["overview"].text.startswith("Holmes-Adie syndrome (HAS) is a neurological disorder")
    for name in ("0000007.xml", "0000018.xml", "0000182.xml", "0000244.xml"):
        condition = parse_document(MEDQUAD / "6_NINDS_QA" / name)
        assert condition.name and condition.sections and site(condition) == "NINDS"


@real_corpus
def test_merging_the_corpus_keeps_our_text(corpus: tuple[MedquadImport, float]) -> None:
    result, _ = corpus
    authored = load_dataset(DATASET)
    merged = merge(authored, result.conditions)
    check_consistency((Path("merged"), c) for c in merged)
    ours = {c.id: c for c in authored}
    for condition in merged[: len(authored)]:
        mine = ours[condition.id]
        assert condition.name == mine.name
        assert condition.alternative_names[: len(mine.alternative_names)] == mine.alternative_names
        assert all(condition.sections[key] == section for key, section in mine.sections.items())
        assert condition.sources[: len(mine.sources)] == mine.sources
    [stroke] = by_name(merged, "Stroke")
    assert stroke.sections["overview"] == ours["stroke"].sections["overview"]
    assert "research" not in ours["stroke"].sections and stroke.sections["research"].text
    assert "http://www.nhlbi.nih.gov/health/health-topics/topics/stroke" in {s.url for s in stroke.sources}
    # NINDS's page has the focus "ALS", one of our names for it.
    [ninds_als] = [c for c in result.conditions if c.name == "ALS" and site(c) == "NINDS"]
    assert ninds_als.sources[0] in by_name(merged, "Amyotrophic lateral sclerosis")[0].sources
    assert by_name(merged, "ALS") == []  # no condition is named ALS; it is an alternative name
    # Synonyms do not merge: GARD gives "Amyotrophic lateral sclerosis" as a synonym of this.
    assert len(by_name(merged, "Progressive bulbar palsy")) == 1
    # Documents about the same condition from several sites became one condition.
    assert len(by_name(merged, "Wilson disease")) == 1
    assert len(merged) < len(authored) + len(result.conditions)


@real_corpus
def test_build_with_the_real_corpus(workdir: Path, capsys: pytest.CaptureFixture) -> None:
    code, kb_path, _ = _build(workdir, "--medquad", str(MEDQUAD))
    assert code == 0
    kb = KnowledgeBase.load(kb_path)
    assert len(kb) > 9000
    assert kb.by_name("Aarskog-Scott syndrome") is not None
    [stroke] = by_name(load_dataset(DATASET), "Stroke")
    assert kb.conditions["stroke"].sections["overview"] == stroke.sections["overview"]
    assert "11274 files, 11271 pages imported, 3 problems" in capsys.readouterr().out

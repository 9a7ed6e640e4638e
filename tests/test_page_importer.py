"""Tests of bot.build.page_importer on the shared reference page, a second page and malformed input."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.build.cli import main
from bot.build.page_importer import PageFormatError, import_pages, parse_page, read_page, slugify
from bot.knowledge.dataset import load_dataset
from bot.vocabulary import SECTION_KEYS

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_PAGE = REPO_ROOT.parent / "shared" / "reference-pages" / "muscle-atrophy.txt"
TENDINITIS_PAGE = Path(__file__).resolve().parent / "fixtures" / "pages" / "tendinitis.txt"

CHROME = ("Drugs Information Online", "Comment «", "reference index")


def _parse_file(path: Path, **kwargs: Any) -> dict[str, Any]:
    return parse_page(read_page(path), str(path), **kwargs)


@pytest.fixture(scope="module")
def atrophy() -> dict[str, Any]:
    return _parse_file(SHARED_PAGE)


@pytest.fixture(scope="module")
def tendinitis() -> dict[str, Any]:
    return _parse_file(TENDINITIS_PAGE)


def _page(body: str, name: str = "Example disease") -> str:
    """A minimal page of the site's format around `body`."""
    return (
        "Drugs Information Online\nDrugs and diseases reference index\n\n"
        f"Diseases reference index «{name}»\n\n{body}\n\nComment «{name}»"
    )


def _all_strings(condition: dict[str, Any]) -> list[str]:
    strings = [condition["name"], *condition["alternative_names"]]
    for section in condition["sections"].values():
        strings.append(section.get("text", ""))
        strings.extend(section.get("items", []))
    return strings


# --- the shared reference page -----------------------------------------------------------------


def test_name_id_and_metadata(atrophy: dict[str, Any]) -> None:
    assert atrophy["name"] == "Muscle atrophy"
    assert atrophy["id"] == "muscle_atrophy"
    assert atrophy["related"] == []
    assert atrophy["sources"] == [{"title": "Muscle atrophy (imported page)", "url": SHARED_PAGE.resolve().as_uri()}]
    assert atrophy["sources"][0]["url"] == "file://" + str(SHARED_PAGE.resolve())
    assert atrophy["reviewed"] == datetime.date.today()
    assert list(atrophy) == ["id", "name", "alternative_names", "sections", "related", "sources", "reviewed"]


def test_section_keys_in_page_order(atrophy: dict[str, Any]) -> None:
    assert list(atrophy["sections"]) == [
        "overview",
        "types",
        "causes",
        "home_care",
        "when_to_see_doctor",
        "office_visit",
        "diagnosis",
        "treatment",
    ]
    assert set(atrophy["sections"]) <= set(SECTION_KEYS)


def test_overview(atrophy: dict[str, Any]) -> None:
    overview = atrophy["sections"]["overview"]
    assert overview == {"text": "Muscle atrophy is the wasting or loss of muscle tissue."}


def test_types(atrophy: dict[str, Any]) -> None:
    types = atrophy["sections"]["types"]
    assert types["text"].startswith("There are two types of muscle atrophy.")
    assert "neurogenic atrophy" in types["text"]
    assert types["text"].endswith("some loss of movement or strength.")
    assert types["items"] == [
        "Amyotrophic lateral sclerosis (ALS or Lou Gehrig's disease)",
        "Guillain-Barre syndrome",
        "Polio (poliomyelitis)",
    ]


def test_causes(atrophy: dict[str, Any]) -> None:
    causes = atrophy["sections"]["causes"]
    assert len(causes["items"]) == 16
    assert causes["items"][0] == "Alcohol associated myopathy"
    assert causes["items"][-1] == "Stroke"
    assert "aging" in causes["text"]
    assert causes["text"] == ("Some muscle atrophy occurs normally with aging. Other causes may include:")


def test_home_care(atrophy: dict[str, Any]) -> None:
    home_care = atrophy["sections"]["home_care"]
    assert home_care["text"].startswith("An exercise program")
    assert "braces or splints" in home_care["text"]
    assert "\n\n" in home_care["text"]  # two paragraphs, separated by a blank line
    assert "items" not in home_care


def test_when_to_see_doctor(atrophy: dict[str, Any]) -> None:
    text = atrophy["sections"]["when_to_see_doctor"]["text"]
    assert text.startswith("Call your doctor for an appointment")


def test_office_visit(atrophy: dict[str, Any]) -> None:
    office_visit = atrophy["sections"]["office_visit"]
    assert office_visit["items"] == [
        "When did the muscle atrophy begin?",
        "Is it getting worse?",
        "What other symptoms do you have?",
    ]
    assert office_visit["text"].startswith("The doctor will perform a physical examination")
    assert "measure muscle size" in office_visit["text"]
    assert "Tests that may be performed" not in office_visit["text"]
    assert "Treatment" not in office_visit["text"]


def test_diagnosis(atrophy: dict[str, Any]) -> None:
    diagnosis = atrophy["sections"]["diagnosis"]
    assert diagnosis["text"] == "Tests that may be performed include:"
    assert len(diagnosis["items"]) == 7
    assert diagnosis["items"][0] == "Blood tests"
    assert diagnosis["items"][-1] == "X-rays"
    assert "Electromyography (EMG)" in diagnosis["items"]


def test_treatment(atrophy: dict[str, Any]) -> None:
    treatment = atrophy["sections"]["treatment"]
    assert "ultrasound" in treatment["text"]
    assert treatment["text"].startswith("Treatment may include")
    assert "items" not in treatment


def test_alternative_names(atrophy: dict[str, Any]) -> None:
    assert atrophy["alternative_names"] == ["Muscle wasting", "Wasting", "Atrophy of the muscles"]


@pytest.mark.parametrize("chrome", CHROME)
@pytest.mark.parametrize("page", ["atrophy", "tendinitis"])
def test_no_chrome_anywhere(page: str, chrome: str, request: pytest.FixtureRequest) -> None:
    condition = request.getfixturevalue(page)
    for string in _all_strings(condition):
        assert chrome.lower() not in string.lower(), string


@pytest.mark.parametrize("page", ["atrophy", "tendinitis"])
def test_text_is_normalised(page: str, request: pytest.FixtureRequest) -> None:
    condition = request.getfixturevalue(page)
    for string in _all_strings(condition):
        assert string == string.strip()
        assert "•" not in string
        assert "  " not in string
        assert "\n\n\n" not in string
        assert "\n" not in string.replace("\n\n", "")  # only blank lines between paragraphs
    for section in condition["sections"].values():
        assert section.get("text") or section.get("items")
        assert all(isinstance(item, str) and item for item in section.get("items", []))


# --- a second page of the same site, with another mix of kept and lost headings ----------------


def test_second_page_sections(tendinitis: dict[str, Any]) -> None:
    assert tendinitis["name"] == "Tendinitis"
    assert tendinitis["id"] == "tendinitis"
    assert list(tendinitis["sections"]) == [
        "overview",
        "causes",
        "symptoms",
        "diagnosis",
        "treatment",
        "outlook",
        "prevention",
        "when_to_see_doctor",
    ]
    assert tendinitis["alternative_names"] == ["Tendonitis", "Tendon inflammation"]


def test_second_page_content(tendinitis: dict[str, Any]) -> None:
    sections = tendinitis["sections"]
    # A hard-wrapped paragraph and a wrapped bullet item are joined into one line.
    assert sections["overview"]["text"] == (
        "Tendinitis is inflammation, irritation, and swelling of a tendon, the fibrous cord "
        "that attaches a muscle to a bone."
    )
    assert sections["causes"]["items"][-1] == ("Rheumatoid arthritis and other diseases that cause inflammation")
    assert len(sections["causes"]["items"]) == 4
    assert sections["symptoms"]["items"] == [
        "Pain and tenderness along a tendon, usually near a joint",
        "Pain that gets worse with movement",
        "Mild swelling",
    ]
    assert sections["symptoms"]["text"].endswith("The pain is often worse at night.")
    assert sections["diagnosis"] == {
        "text": "Tests that may be performed include:",
        "items": ["Physical examination of the painful area", "Ultrasound", "MRI scan"],
    }
    assert sections["treatment"]["text"].count("\n\n") == 1
    assert sections["outlook"]["text"].startswith("Most people get better")
    assert sections["prevention"]["text"].startswith("To help prevent tendinitis")
    assert sections["when_to_see_doctor"]["text"].startswith("Call your doctor if the pain")


def test_line_endings_and_odd_whitespace_do_not_matter(tendinitis: dict[str, Any]) -> None:
    text = TENDINITIS_PAGE.read_text(encoding="utf-8")
    messy = text.replace("\n", "\r\n").replace("tendon, the", "tendon,\u00a0 the")
    messy = messy.replace("Sudden injury", "Sudden\tinjury   ")
    assert parse_page(messy, str(TENDINITIS_PAGE)) == tendinitis


@pytest.mark.parametrize(
    ("block", "key"),
    [
        ("Symptoms may include:\n\n  • Fever\n  • Rash", "symptoms"),
        ("Call your health care provider if the swelling spreads.", "when_to_see_doctor"),
        ("Possible complications include:\n\n  • Scarring", "complications"),
        ("Risk factors include:\n\n  • Smoking", "risk_factors"),
        ("There are several forms of the disease.", "types"),
        ("Considerations\n\nThere are three types of the disease.", "types"),
        ("The condition is usually caused by a virus.", "causes"),
        ("Treatment depends on the cause.", "treatment"),
        ("Self-care\n\nRest and drink plenty of fluids.", "home_care"),
        ("Exams and Tests\n\nThe doctor will examine the skin.", "diagnosis"),
        ("Most people recover fully; the outlook is good.", "outlook"),
    ],
)
def test_sections_recognised_by_cue_or_heading(block: str, key: str) -> None:
    condition = parse_page(_page(f"An example disease of the skin.\n\n\n{block}"), "x.txt")
    assert list(condition["sections"]) == ["overview", key]


def test_block_without_cue_continues_the_section_before() -> None:
    body = "Overview text.\n\n\nOther causes may include:\n\n  • Heat\n\n\nIt is rarely serious."
    sections = parse_page(_page(body), "x.txt")["sections"]
    assert sections["causes"]["text"] == "Other causes may include:\n\nIt is rarely serious."


def test_inline_alternative_names_and_duplicates() -> None:
    body = "Overview text.\n\nHome Care\n\nRest.\n\nAlternative names: Foo; Bar; foo; Example disease."
    condition = parse_page(_page(body), "x.txt")
    assert condition["alternative_names"] == ["Foo", "Bar"]
    assert list(condition["sections"]) == ["overview", "home_care"]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Muscle atrophy", "muscle_atrophy"),
        ("Guillain-Barré syndrome", "guillain_barre_syndrome"),
        ("Type 2 diabetes", "type_2_diabetes"),
        ("  ALS (Lou Gehrig's disease) ", "als_lou_gehrig_s_disease"),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_source_url_and_reviewed_override() -> None:
    url = "https://example.org/diseases/example.htm"
    day = datetime.date(2026, 1, 2)
    condition = parse_page(_page("Text.\n\nHome Care\n\nRest."), "x.txt", source_url=url, reviewed=day)
    assert condition["sources"] == [{"title": "Example disease (imported page)", "url": url}]
    assert condition["reviewed"] == day


# --- writing -----------------------------------------------------------------------------------


def test_import_pages_writes_yaml_that_loads_back_equal(tmp_path: Path) -> None:
    out_dir = tmp_path / "out" / "conditions"
    written = import_pages([SHARED_PAGE, TENDINITIS_PAGE], out_dir)
    assert written == [out_dir / "muscle_atrophy.yml", out_dir / "tendinitis.yml"]
    for path, page in zip(written, [SHARED_PAGE, TENDINITIS_PAGE], strict=False):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert loaded == _parse_file(page)
        assert isinstance(loaded["reviewed"], datetime.date)
    # Unicode is written as is, not escaped.
    assert "«" not in (out_dir / "tendinitis.yml").read_text(encoding="utf-8")
    assert "Lou Gehrig's" in (out_dir / "muscle_atrophy.yml").read_text(encoding="utf-8")


def test_import_pages_source_url(tmp_path: Path) -> None:
    url = "https://example.org/tendinitis.htm"
    [path] = import_pages([TENDINITIS_PAGE], tmp_path, source_url=url)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["sources"][0]["url"] == url


def test_written_files_pass_the_dataset_loader(tmp_path: Path) -> None:
    import_pages([SHARED_PAGE, TENDINITIS_PAGE], tmp_path)
    names = {condition.name for condition in load_dataset(tmp_path)}
    assert names == {"Muscle atrophy", "Tendinitis"}


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-page", str(TENDINITIS_PAGE), "--out", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "tendinitis.yml").is_file()
    bad = tmp_path / "bad.txt"
    bad.write_text("   \n", encoding="utf-8")
    assert main(["import-page", str(TENDINITIS_PAGE), str(bad), "--out", str(tmp_path / "o2")]) == 1
    assert str(bad) in capsys.readouterr().err
    assert not (tmp_path / "o2").exists()


# --- malformed input ---------------------------------------------------------------------------

MALFORMED: dict[str, bytes | None] = {
    "missing": None,
    "empty": b"",
    "whitespace": b"  \n\t\n\r\n ",
    "nul_bytes": b"Diseases reference index \xc2\xabX\xc2\xbb\n\x00\x01\x02 text",
    "not_utf8": b"\x89PNG\r\n\x1a\n\xff\xfe\xfa binary",
    "latin1": "Diseases reference index «Ménière» \n\nText.".encode("latin-1"),
    "no_title": _page("Overview.\n\nHome Care\n\nRest.").replace("«", "").encode("utf-8"),
    "empty_name": _page("Overview.\n\nHome Care\n\nRest.", name=" ").encode("utf-8"),
    "chrome_only": b"Drugs Information Online\nDrugs and diseases reference index\n\n"
    b"Diseases reference index \xc2\xabX\xc2\xbb\n\nComment \xc2\xabX\xc2\xbb",
    "no_section": _page("Just one paragraph of text.\n\nAnd another one.").encode("utf-8"),
    "no_ascii_name": _page("Overview.\n\nHome Care\n\nRest.", name="≈≈").encode("utf-8"),
}


def _write_case(tmp_path: Path, case: str) -> Path:
    path = tmp_path / f"{case}.txt"
    content = MALFORMED[case]
    if content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_page_raises_naming_the_file(tmp_path: Path, case: str) -> None:
    path = _write_case(tmp_path, case)
    with pytest.raises(PageFormatError) as excinfo:
        _parse_file(path)
    assert str(path) in str(excinfo.value)
    assert excinfo.value.source == str(path)
    assert excinfo.value.problem
    assert isinstance(excinfo.value, ValueError)


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("missing", "not found"),
        ("empty", "empty"),
        ("whitespace", "empty"),
        ("nul_bytes", "binary"),
        ("not_utf8", "UTF-8"),
        ("no_title", "title"),
        ("no_section", "no recognisable section"),
        ("chrome_only", "no content"),
    ],
)
def test_malformed_page_message_says_the_problem(tmp_path: Path, case: str, words: str) -> None:
    path = _write_case(tmp_path, case)
    with pytest.raises(PageFormatError, match=words):
        _parse_file(path)


def test_directory_is_not_a_page(tmp_path: Path) -> None:
    with pytest.raises(PageFormatError, match="directory"):
        read_page(tmp_path)


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_import_pages_writes_nothing_when_a_page_is_bad(tmp_path: Path, case: str) -> None:
    out_dir = tmp_path / "out"
    bad = _write_case(tmp_path, case)
    with pytest.raises(PageFormatError) as excinfo:
        import_pages([TENDINITIS_PAGE, bad], out_dir)
    assert str(bad) in str(excinfo.value)
    assert not out_dir.exists()


def test_import_pages_writes_nothing_into_existing_dir_when_a_page_is_bad(tmp_path: Path) -> None:
    bad = _write_case(tmp_path, "no_section")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(PageFormatError):
        import_pages([TENDINITIS_PAGE, bad], out_dir)
    assert list(out_dir.iterdir()) == []


def test_import_pages_refuses_two_pages_with_one_id(tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(TENDINITIS_PAGE.read_bytes())
    with pytest.raises(PageFormatError, match="tendinitis") as excinfo:
        import_pages([TENDINITIS_PAGE, copy], tmp_path / "out")
    assert str(copy) in str(excinfo.value)
    assert not (tmp_path / "out").exists()

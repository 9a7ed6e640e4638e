"""Tests of bot.language.matching and bot.language.normalization: finding condition names in a user's message."""

from __future__ import annotations

import pytest

from bot.language.matching import ConditionMatcher, NameMatch, other_number
from bot.language.normalization import fold, normalize_name, words_with_spans

NAMES = [
    ("Amyotrophic lateral sclerosis", "amyotrophic_lateral_sclerosis"),
    ("ALS", "amyotrophic_lateral_sclerosis"),
    ("Lou Gehrig's disease", "amyotrophic_lateral_sclerosis"),
    ("Guillain-Barré syndrome", "guillain_barre_syndrome"),
    ("GBS", "guillain_barre_syndrome"),
    ("Stroke", "stroke"),
    ("Polio", "polio"),
    ("Arthritis", "arthritis"),
    ("Rheumatoid arthritis", "rheumatoid_arthritis"),
    ("Spinal cord injury", "spinal_cord_injury"),
    ("Injury", "injury"),
]


@pytest.fixture(scope="module")
def matcher() -> ConditionMatcher:
    return ConditionMatcher(NAMES)


def _found(matcher: ConditionMatcher, text: str) -> list[tuple[str, str]]:
    return [(match.condition_id, match.text) for match in matcher.find(text)]


# --- spans ---------------------------------------------------------------------------------------


def test_span_points_at_the_users_spelling(matcher: ConditionMatcher) -> None:
    text = "What is Lou Gehrig's disease?"
    assert matcher.find(text) == [NameMatch(("amyotrophic_lateral_sclerosis",), 8, 28, "Lou Gehrig's disease")]
    assert text[8:28] == "Lou Gehrig's disease"


@pytest.mark.parametrize(
    "text, spelled",
    [
        ("tell me about guillain barre syndrome", "guillain barre syndrome"),
        ("tell me about Guillain-Barré syndrome", "Guillain-Barré syndrome"),
        ("tell me about GUILLAIN-BARRE SYNDROME please", "GUILLAIN-BARRE SYNDROME"),
        ("tell me about guillain--barré   syndrome!", "guillain--barré   syndrome"),
        ("what is lou gehrigs disease", "lou gehrigs disease"),
        ("what is Lou Gehrig’s disease?", "Lou Gehrig’s disease"),
        ("(ALS)", "ALS"),
    ],
)
def test_spelling_variants_match_with_their_own_span(matcher: ConditionMatcher, text: str, spelled: str) -> None:
    [match] = matcher.find(text)
    assert match.text == spelled
    assert text[match.start : match.end] == spelled


def test_decomposed_accent_is_ignored() -> None:
    # "Sjögren" typed with a combining diaeresis (NFD) instead of the precomposed "ö".
    matcher = ConditionMatcher([("Sjögren syndrome", "sjogren_syndrome")])
    assert _found(matcher, "what is Sjo\u0308gren syndrome") == [("sjogren_syndrome", "Sjo\u0308gren syndrome")]


# --- which names win -----------------------------------------------------------------------------


def test_longest_name_wins_over_a_shorter_one_inside_it(matcher: ConditionMatcher) -> None:
    assert _found(matcher, "Is rheumatoid arthritis hereditary?") == [("rheumatoid_arthritis", "rheumatoid arthritis")]
    assert _found(matcher, "recovery after a spinal cord injury") == [("spinal_cord_injury", "spinal cord injury")]


def test_shorter_name_alone_still_matches(matcher: ConditionMatcher) -> None:
    assert _found(matcher, "what causes arthritis") == [("arthritis", "arthritis")]


def test_several_conditions_in_one_message_in_order(matcher: ConditionMatcher) -> None:
    assert _found(matcher, "Is a stroke worse than ALS or polio?") == [
        ("stroke", "stroke"),
        ("amyotrophic_lateral_sclerosis", "ALS"),
        ("polio", "polio"),
    ]


def test_two_names_of_one_condition_are_two_matches(matcher: ConditionMatcher) -> None:
    assert _found(matcher, "is GBS the same as Guillain-Barré syndrome") == [
        ("guillain_barre_syndrome", "GBS"),
        ("guillain_barre_syndrome", "Guillain-Barré syndrome"),
    ]


# --- no match ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "How is the weather today?",
        "I stroked my cat",
        "she calls her pals",
        "poliomyelitis",
        "guillain",
        "I burned dinner",
    ],
)
def test_no_match(matcher: ConditionMatcher, text: str) -> None:
    assert matcher.find(text) == []


def test_matcher_without_names_finds_nothing() -> None:
    assert ConditionMatcher([]).find("stroke") == []


def test_names_without_letters_are_ignored() -> None:
    assert ConditionMatcher([("!!!", "bang")]).find("!!! what") == []


# --- lookup --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, condition_id",
    [
        ("stroke", ("stroke",)),
        ("GUILLAIN BARRE SYNDROME", ("guillain_barre_syndrome",)),
        ("Lou Gehrigs Disease", ("amyotrophic_lateral_sclerosis",)),
        ("a stroke", ()),
        ("spinal cord", ()),
        ("", ()),
    ],
)
def test_lookup_is_exact_after_normalisation(
    matcher: ConditionMatcher, name: str, condition_id: tuple[str, ...]
) -> None:
    assert matcher.lookup(name) == condition_id


# --- normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, key",
    [
        ("Guillain-Barré syndrome", "guillain barre syndrome"),
        ("guillain barre syndrome", "guillain barre syndrome"),
        ("Lou Gehrig's disease", "lou gehrigs disease"),
        ("Lou Gehrig’s disease", "lou gehrigs disease"),
        ("lou gehrigs disease", "lou gehrigs disease"),
        ("  Muscle \t atrophy\n", "muscle atrophy"),
        ("Wear-and-tear arthritis", "wear and tear arthritis"),
        (
            "Acute inflammatory demyelinating polyneuropathy (AIDP)",
            "acute inflammatory demyelinating polyneuropathy aidp",
        ),
        ("Type 2 diabetes", "type 2 diabetes"),
        ("Sjögren syndrome", "sjogren syndrome"),
        ("Sjo\u0308gren syndrome", "sjogren syndrome"),
        ("ALS", "als"),
        ("", ""),
        ("?!", ""),
    ],
)
def test_normalize_name(name: str, key: str) -> None:
    assert normalize_name(name) == key


@pytest.mark.parametrize(
    "text, words",
    [
        ("Lou Gehrig's disease", [("lou", 0, 3), ("gehrigs", 4, 12), ("disease", 13, 20)]),
        ("Guillain-Barré", [("guillain", 0, 8), ("barre", 9, 14)]),
        ("what's ALS?", [("whats", 0, 6), ("als", 7, 10)]),
        ("'quoted'", [("quoted", 1, 7)]),
        ("x--y", [("x", 0, 1), ("y", 3, 4)]),
        ("", []),
        # a number after a word that numbers kinds is written in digits, whatever its span
        ("Type II", [("type", 0, 4), ("2", 5, 7)]),
        ("factor five", [("factor", 0, 6), ("5", 7, 11)]),
        # elsewhere "I" is a pronoun and "X" a letter
        ("can I get fragile X", [("can", 0, 3), ("i", 4, 5), ("get", 6, 9), ("fragile", 10, 17), ("x", 18, 19)]),
    ],
)
def test_words_with_spans(text: str, words: list[tuple[str, int, int]]) -> None:
    assert words_with_spans(text) == words


def test_a_type_is_one_number_however_written_and_no_misspelling_changes_it() -> None:
    matcher = ConditionMatcher(
        [("Type 1 diabetes", "t1d"), ("Type 2 diabetes", "t2d"), ("Trisomy 18", "t18"), ("Vitamin C deficiency", "c")]
    )
    assert [m.condition_id for m in matcher.find("type II diabetes")] == ["t2d"]
    assert [m.condition_id for m in matcher.find("type one diabetes")] == ["t1d"]
    assert [m.condition_id for m in matcher.find("type 2 diabetis")] == ["t2d"]  # a slip in a word still counts
    assert matcher.find("type 3 diabetes") == []  # ...but not in the number
    assert matcher.find("trisomy 8") == []
    assert matcher.find("vitamin b12 deficiency") == []  # nor one the name lacks


def test_an_everyday_word_of_a_syndrome_named_after_someone_is_no_name_alone() -> None:
    matcher = ConditionMatcher(
        [("Young syndrome", "young"), ("Alport syndrome", "alport"), ("Kidney disease", "kidney"), ("CRI", "cri")]
    )
    assert matcher.find("my young son was told") == []
    assert [m.condition_id for m in matcher.find("does young syndrome run in families")] == ["young"]
    assert [m.condition_id for m in matcher.find("my son has alport")] == ["alport"]  # a name of its own stays
    assert [m.condition_id for m in matcher.find("what helps kidney problems")] == ["kidney"]  # so does a body part
    assert matcher.find("the baby cries at night") == []  # no plural of an abbreviation


def test_fold_keeps_every_character_position() -> None:
    text = "Guillain-Barré Sjögren ÇA’s"
    assert len(fold(text)) == len(text)
    assert fold(text) == "guillain-barre sjogren ca’s"


def test_a_name_that_is_a_common_word_must_be_written_like_the_name() -> None:
    # MedQuAD lists "IS" (infantile spasms) as a name of West syndrome.
    matcher = ConditionMatcher([("IS", "west_syndrome"), ("West syndrome", "west_syndrome")])
    assert matcher.find("what is it") == []
    assert [m.text for m in matcher.find("what is IS?")] == ["IS"]


@pytest.mark.parametrize(
    "text", ["hello there", "what tests will they do", "what are the risk factors", "I burnt my toast"]
)
def test_common_english_words_are_not_taken_for_misspelt_names(text: str) -> None:
    # Names from MedQuAD that ordinary words are one letter away from.
    matcher = ConditionMatcher(
        [("HELLP syndrome", "hellp"), ("Testes", "testes"), ("Factor I", "f1"), ("Burns", "burns")]
    )
    assert matcher.find(text) == []


def test_a_name_the_model_tagged_is_no_misspelling_when_it_is_an_everyday_word() -> None:
    # The intent model tags "small bowel"'s "bowel"; it is one letter from MedQuAD's Bowen syndrome.
    matcher = ConditionMatcher([("Bowen syndrome", "bowen"), ("Bowen", "bowen"), ("Burn", "burns")])
    assert matcher.lookup_misspelt("bowel") == ()
    assert matcher.lookup_misspelt("bowne") == ("bowen",)
    assert matcher.lookup_misspelt("burns") == ("burns",)  # the plural of a name still counts


def test_a_page_without_text_named_by_an_everyday_word_is_only_its_name_as_written() -> None:
    # MedQuAD's glossary has pages "Resources" and "Acute" with no text; "Pain" has text.
    matcher = ConditionMatcher(
        [("Resources", "resources"), ("Acute", "acute"), ("Pain", "pain"), ("SCA3", "sca3")],
        narrowable=frozenset({"pain", "sca3"}),
    )
    found = matcher.find("Can you help me with resources for SCA3 and acute pain?")
    assert [m.condition_id for m in found] == ["sca3", "pain"]
    assert [m.condition_id for m in matcher.find("Resources for SCA3")] == ["resources", "sca3"]
    assert matcher.lowercase_abbreviations("any resources") == []


@pytest.mark.parametrize("text", ["I have adema in my ankles", "what causes oedema", "edema in my legs"])
def test_a_first_vowel_written_for_another_is_the_one_slip(text: str) -> None:
    matcher = ConditionMatcher([("Edema", "edema"), ("Adenoma", "adenoma"), ("Esophagitis", "esophagitis")])
    assert [m.condition_id for m in matcher.find(text)] == ["edema"]
    # only the vowel: the rest must be as written
    assert matcher.find("I have odemma") == [] and matcher.lookup_misspelt("esophagitis") == ("esophagitis",)
    assert matcher.lookup_misspelt("oesophagitis") == ("esophagitis",)


def test_a_name_after_non_is_what_it_is_not() -> None:
    matcher = ConditionMatcher(
        [
            ("Invasive", "invasive"),
            ("Toxic goiter", "toxic_goiter"),
            ("Goiter", "goiter"),
            ("Non-Hodgkin lymphoma", "nhl"),
        ]
    )
    assert [m.condition_id for m in matcher.find("any non-invasive options for a non toxic goiter?")] == ["goiter"]
    assert [m.condition_id for m in matcher.find("is non-Hodgkin lymphoma invasive?")] == ["nhl", "invasive"]


POISONINGS = [
    ("Mercury", "mercury"),
    ("Mercury poisoning", "mercury_poisoning"),
    ("Carbon monoxide poisoning", "co_poisoning"),
    ("Diphenhydramine overdose", "dph_overdose"),
    ("Benadryl overdose", "dph_overdose"),
    ("Lithium", "lithium"),
    ("Lithium overdose", "lithium_overdose"),
    ("Lead poisoning", "lead_poisoning"),
    ("Food poisoning", "food_poisoning"),
]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I was poisoned years ago. It was mercury.", [("mercury", "mercury_poisoning")]),
        ("I overdosed on Benadryl, any lasting damage?", [("Benadryl", "dph_overdose")]),
        ("What is the prognosis for benadryl toxicity?", [("benadryl", "dph_overdose")]),
        (
            "Carbon Monoxide\nOnce you are exposed to carbon monoxide...",
            [("Carbon Monoxide", "co_poisoning"), ("carbon monoxide", "co_poisoning")],
        ),
        ("is mercury poisoning curable?", [("mercury poisoning", "mercury_poisoning")]),
        # no word of poisoning: the substance is itself, or nothing
        ("Is mercury in fillings safe?", [("mercury", "mercury")]),
        ("can Benadryl help me sleep?", []),
        ("could phenobarbital be toxic to me as I age? Lithium is", [("Lithium", "lithium")]),
        # a substance of everyday words stays a word; the page with text stays where only it has text
        ("this could lead to food poisoning", [("food poisoning", "food_poisoning")]),
        ("an overdose of Lithium", [("Lithium", "lithium")]),
    ],
)
def test_a_substance_in_a_message_about_poisoning_is_its_poisoning(text: str, found: list[tuple[str, str]]) -> None:
    matcher = ConditionMatcher(POISONINGS, narrowable=frozenset({"mercury", "mercury_poisoning", "lithium"}))
    assert [(m.text, m.condition_id) for m in matcher.find(text)] == found


def test_a_plural_of_a_name_still_counts(matcher: ConditionMatcher) -> None:
    assert [m.condition_id for m in matcher.find("how common are strokes")] == ["stroke"]


# --- names of imported conditions that are everyday words ----------------------------------------

IMPORTED = [
    ("myasthenia gravis", "myasthenia_gravis"),
    ("MG", "myasthenia_gravis"),
    ("Multiple epiphyseal dysplasia", "multiple_epiphyseal_dysplasia"),
    ("MED", "multiple_epiphyseal_dysplasia"),
    ("CHILD syndrome", "child_syndrome"),
    ("Lung Cancer", "lung_cancer"),
    ("HIV", "hiv"),
    ("ALS", "amyotrophic_lateral_sclerosis"),
]


@pytest.fixture(scope="module")
def imported() -> ConditionMatcher:
    # Only ALS is reviewed (authored by hand); the rest come from an import.
    return ConditionMatcher(IMPORTED, reviewed=frozenset({"amyotrophic_lateral_sclerosis"}))


@pytest.mark.parametrize(
    "text",
    ["how many mg should i take", "are there any meds for this", "is it bad for a child", "is this lump cancer"],
)
def test_everyday_words_are_not_taken_for_imported_abbreviations(imported: ConditionMatcher, text: str) -> None:
    assert imported.find(text) == []


@pytest.mark.parametrize(
    "text, condition_id",
    [
        ("what is MG", "myasthenia_gravis"),
        ("tell me about CHILD syndrome", "child_syndrome"),
        ("is CHILD inherited", "child_syndrome"),
        ("what is MED", "multiple_epiphyseal_dysplasia"),
        ("what is als", "amyotrophic_lateral_sclerosis"),  # reviewed: lower case is meant
        ("how is lung cancr treated", "lung_cancer"),
    ],
)
def test_imported_abbreviations_count_in_their_capitals(
    imported: ConditionMatcher, text: str, condition_id: str
) -> None:
    assert [match.condition_id for match in imported.find(text)] == [condition_id]


def test_a_misspelling_of_three_everyday_words_still_counts(matcher: ConditionMatcher) -> None:
    assert _found(matcher, "living with a spinal chord injury") == [("spinal_cord_injury", "spinal chord injury")]


def test_abbreviations_typed_in_lower_case_are_only_guesses(imported: ConditionMatcher) -> None:
    assert imported.find("how is hiv treated") == []
    assert [(m.condition_id, m.text) for m in imported.lowercase_abbreviations("how is hiv treated")] == [
        ("hiv", "hiv")
    ]
    assert imported.lowercase_abbreviations("how is HIV treated") == []  # found by `find` instead
    assert (
        imported.lowercase_abbreviations("is it bad for a child") == []
    )  # "child" is CHILD syndrome's word, no abbreviation


def test_a_full_name_is_not_also_the_short_form_of_another() -> None:
    matcher = ConditionMatcher([("Dry Eye", "dry_eye"), ("Dry eye syndrome", "dry_eye_syndrome")])
    assert [m.condition_ids for m in matcher.find("what causes dry eye")] == [("dry_eye",)]
    assert [m.condition_ids for m in matcher.find("what causes dry eye syndrome")] == [("dry_eye_syndrome",)]


def test_a_syndrome_is_found_as_a_disease_and_so_on_where_no_other_name_is_that() -> None:
    matcher = ConditionMatcher(
        [
            ("Alport syndrome", "alport"),
            ("Alpers disease", "alpers"),
            ("Cushing syndrome", "cs"),
            ("Cushing disease", "cd"),
        ]
    )
    found = [(m.text, m.condition_ids) for m in matcher.find("hearing loss from Alport's disease")]
    assert found == [("Alport's disease", ("alport",))]
    # misspelt, "alports disease" is nearer Alport syndrome's "alport disease" than Alpers disease
    assert [m.condition_ids for m in matcher.find("alports disease and the kidneys")] == [("alport",)]
    assert [m.condition_ids for m in matcher.find("alport disorder")] == [("alport",)]
    # a name of its own stays its own
    assert [m.condition_ids for m in matcher.find("what is cushing disease")] == [("cd",)]


@pytest.mark.parametrize(
    "names, text, found",
    [
        ([("Kidney stones", "stones")], "what helps a kidney stone pass", [("kidney stone", "stones")]),
        ([("Cold sore", "sore")], "my daughter keeps getting COLD SORES", [("COLD SORES", "sore")]),
        ([("Eye floaters", "floaters")], "is an eye floater dangerous", [("eye floater", "floaters")]),
        ([("Food allergy", "allergy")], "food allergies in toddlers", [("food allergies", "allergy")]),
        ([("Heart attack", "attack")], "signs of heart attacks", [("heart attacks", "attack")]),
        # a generic last word too: "speech disorders", "a throat infection"
        ([("Speech disorder", "speech")], "treatments for speech disorders", [("speech disorders", "speech")]),
        ([("Throat infection", "throat")], "about throat infections", [("throat infections", "throat")]),
        ([("Back injuries", "back")], "a back injury in a child", [("back injury", "back")]),
        ([("Heart Diseases", "heart")], "is heart disease inherited", [("heart disease", "heart")]),
        # One word keeps its number ("burn" is also a verb), and a name of its own is not a variant.
        ([("Burns", "burns")], "is that a burn or a rash", []),
        ([("Dry eyes", "a"), ("Dry eye", "b")], "dry eye", [("dry eye", "b")]),
        # Only as written: as a misspelling, the other number would take in the next word.
        ([("Spinal cord trauma", "sci")], "and for spinal cord trauma pls", [("spinal cord trauma", "sci")]),
    ],
)
def test_names_of_several_words_match_in_either_number(names, text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.text, m.condition_id) for m in ConditionMatcher(names).find(text)] == found


@pytest.mark.parametrize(
    "word, other",
    [
        ("disease", "diseases"),
        ("diseases", "disease"),
        ("doses", "dose"),
        ("abscesses", "abscess"),
        ("viruses", "virus"),
        ("rashes", "rash"),
        ("injuries", "injury"),
        ("abscess", None),
        ("virus", None),
    ],
)
def test_the_other_number_of_a_word(word: str, other: str | None) -> None:
    assert other_number(word) == other


PAINS = [
    ("Pain", "pain"),
    ("Knee pain", "knee"),
    ("Back Pain", "back"),
    ("Chest Pain", "chest"),
    ("Chronic Pain", "cp"),
]
LUMPS = [("Neck lump", "neck_lump"), ("Breast lump", "breast_lump"), ("Ankle swelling", "ankle_swelling")]
TURNED = [("Ear buzzing", "tinnitus"), ("Skin rash", "rash"), ("Blood loss", "bleeding"), ("Child care", "child_care")]


@pytest.mark.parametrize(
    "text, found",
    [
        ("I get pain in my left knee when I climb stairs", [("pain in my left knee", "knee")]),
        ("what causes pain in both knees", [("pain in both knees", "knee")]),
        ("sharp pain in the chest after running", [("pain in the chest", "chest")]),
        ("PAIN IN MY BACK for a month", [("PAIN IN MY BACK", "back")]),
        # A part no name has is the pain alone; a word such as "chronic" names no part.
        ("pain in my elbow", [("pain", "pain")]),
        ("chronic pain in the evening", [("chronic pain", "cp")]),
        # Only as written: no misspelling stretches "pain in my kneecap" to knee pain.
        ("pain in my kneecap", [("pain", "pain")]),
        # a lump (a growth, a bump...) or a swelling, likewise
        ("I found a lump in my neck last week", [("lump in my neck", "neck_lump")]),
        ("there is a lump on my left breast", [("lump on my left breast", "breast_lump")]),
        ("can drugs remove a growth on the neck?", [("growth on the neck", "neck_lump")]),
        ("swelling in both ankles since the new pills", [("swelling in both ankles", "ankle_swelling")]),
        ("a lump in my throat when I am sad", []),
        # any two-word name said the other way round
        ("a buzzing in his ear at night", [("buzzing in his ear", "tinnitus")]),
        ("I have a rash on the skin of my arms", [("rash on the skin", "rash")]),
        ("heavy loss of blood", [("loss of blood", "bleeding")]),
        # not across a sentence
        ("the buzzing. In his ear", []),
        # an everyday word first tells of a person: "care of my child" is no page on child care
        ("who takes care of my child", []),
    ],
)
def test_a_complaint_told_by_where_it_is_is_that_parts(text: str, found: list[tuple[str, str]]) -> None:
    assert [(m.text, m.condition_id) for m in ConditionMatcher(PAINS + LUMPS + TURNED).find(text)] == found


def test_the_ways_of_saying_where_it_hurts_are_no_names_to_suggest() -> None:
    matcher = ConditionMatcher(PAINS)
    assert matcher.candidates("left") == ()
    assert matcher.candidates("knee") == ("knee",)
    assert matcher.candidates("pains in both knees") == ("knee",)  # either number of a word...
    assert matcher.candidates("knees") == ()  # ...beside another that narrows it
    assert matcher.candidates("kneu") == ()  # a word of fewer than five letters is never respelt
    assert "knee" in matcher.closest("knee pian", 3)


def test_of_several_a_partial_name_fits_the_one_that_says_the_same_but_for_generic_words() -> None:
    matcher = ConditionMatcher(
        [
            ("Digestive Diseases", "dd"),
            ("Gas in the digestive tract", "gas"),
            ("Tailbone Disorders", "td"),
            ("Tailbone trauma", "tt"),
            ("Heart Diseases", "hd"),
            ("Cardiac diseases", "hd"),
            ("Cardiac arrest", "ca"),
        ]
    )
    assert matcher.candidates("digestive disorders") == ("dd",)
    assert matcher.candidates("tailbone injury") == ("td",)
    assert matcher.candidates("tailbone") == ("td", "tt")  # a word alone says too little
    assert matcher.candidates("cardiac") == ("ca", "hd")


def test_a_partial_name_forgives_one_slip_in_a_long_word_no_name_has() -> None:
    matcher = ConditionMatcher(
        [("Multiple familial trichoepithelioma", "mft"), ("Mallet finger - aftercare", "mallet"), ("Neat", "neat")]
    )
    assert matcher.candidates("trichoepithilioma") == ("mft",)
    assert matcher.candidates("trichoepithilioma on my nose") == ()  # every word must fit
    assert matcher.candidates("richoepithelioma") == ()  # the first letter stays
    assert matcher.candidates("mallot fingers") == ()  # a short word has too many neighbours
    assert matcher.candidates("neats") == ()  # nor its other number alone


def test_a_page_about_an_aspect_is_found_by_its_condition_where_nothing_else_is() -> None:
    pages = [
        ("Pyloric stenosis - infant", "pyloric"),
        ("Tracheomalacia - acquired", "acquired"),
        ("Tracheomalacia - congenital", "congenital"),
        ("Goiter - simple", "goiter_simple"),
        ("Goiter", "goiter"),
        ("Urine - bloody", "urine_bloody"),
        ("Cataract", "cataract"),
        ("Cataracts - what to ask your doctor", "cataracts_questions"),
    ]
    matcher = ConditionMatcher(pages, aspects=pages)
    assert [m.condition_ids for m in matcher.find("what is the outlook for pyloric stenosis?")] == [("pyloric",)]
    assert matcher.lookup("tracheomalacia") == ("acquired", "congenital")  # which one? asks
    assert matcher.lookup("goiter") == ("goiter",)  # a condition of that name keeps it
    assert matcher.find("there is blood in my urine") == []  # everyday words name nothing
    assert ConditionMatcher(pages).lookup("pyloric stenosis") == ()
    # the plural of a name is that name's
    assert [m.condition_ids for m in matcher.find("infantile cataracts")] == [("cataract",)]


NARROWER = [
    ("Muscular dystrophy", "md"),
    ("Duchenne muscular dystrophy", "dmd"),
    ("Becker muscular dystrophy", "bmd"),
    ("Cancer", "cancer"),
    ("Breast cancer", "breast_cancer"),
    ("Mercury", "mercury"),
    ("Mercury poisoning", "mercury_poisoning"),
    ("Type 2 diabetes", "t2d"),
    ("Diabetes", "diabetes"),
    ("Back pain", "back_pain"),
    ("Pain", "pain"),
    ("HIV/AIDS", "hiv"),
    ("Opportunistic infections", "hiv"),
    ("AIDS-related opportunistic infections", "ois"),
    ("Osteoarthritis", "oa"),
    ("Getting your home ready - knee osteoarthritis", "home"),
    ("Diabetes and Pregnancy", "diabetes_pregnancy"),
    ("Pregnancy", "pregnancy"),
    ("Neuralgia", "neuralgia"),
    ("Nerve pain", "neuralgia"),
    ("Trigeminal nerve pain", "tn"),
]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # the longer name's words apart, in the same sentence: the narrower condition
        ("I have muscular dystrophy, category Duchenne. Is there a treatment?", ["dmd"]),
        ("the mercury in the water left him with poisoned nerves", ["mercury_poisoning"]),
        ("is the cancer she has in her breast treatable?", ["breast_cancer"]),
        # its words in another sentence, both narrower names, or only everyday words: as written
        ("What is cancer? My mother had breast surgery", ["cancer"]),
        ("muscular dystrophy: Duchenne or Becker?", ["md"]),
        ("my diabetes is type 2", ["diabetes"]),
        ("my back hurts and the pain is bad", ["pain"]),
        # no narrower condition: one that adds a word of the broad one's own names ("aids"), a
        # page about an aspect or two things, a page without text (`narrowable`)
        ("HIV/AIDS and opportunistic infections", ["hiv", "hiv"]),
        ("is knee osteoarthritis worse at home?", ["oa"]),
        ("pregnancy when you have had diabetes", ["pregnancy", "diabetes"]),
        ("the nerve pain of my trigeminal neuralgia", ["neuralgia", "neuralgia"]),
    ],
)
def test_a_broad_name_with_the_words_of_a_narrower_one_in_its_sentence_is_the_narrower(
    text: str, found: list[str]
) -> None:
    narrowable = frozenset({key for _, key in NARROWER} - {"tn"})
    matcher = ConditionMatcher(NARROWER, aspects=NARROWER, narrowable=narrowable)
    assert [m.condition_id for m in matcher.find(text)] == found

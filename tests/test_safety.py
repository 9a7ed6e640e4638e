"""Tests of bot.language.safety: spotting messages that describe a medical emergency happening now."""

from __future__ import annotations

import time

import pytest

from bot.language.safety import Emergency, detect_emergency, normalise_message

SUICIDE = Emergency.SUICIDE
STROKE = Emergency.STROKE
HEART = Emergency.HEART
BREATHING = Emergency.BREATHING
BLEEDING = Emergency.BLEEDING
POISONING = Emergency.POISONING
BURN = Emergency.BURN
UNCONSCIOUS = Emergency.UNCONSCIOUS

# Reports of something happening now, first and third person, misspelt, lower case, unpunctuated.
EMERGENCIES = [
    # suicide and self-harm
    ("I want to kill myself", SUICIDE),
    ("I want to die", SUICIDE),
    ("i wanna die", SUICIDE),
    ("thinking about ending my life", SUICIDE),
    ("I've been cutting myself", SUICIDE),
    ("I don't want to live anymore", SUICIDE),
    ("im feeling sucidal", SUICIDE),
    ("my friend wants to kill himself", SUICIDE),
    ("everyone would be better off without me", SUICIDE),
    ("i want to hurt myself", SUICIDE),
    ("what are the warning signs of suicide", SUICIDE),  # a question, but a crisis line is the safe answer
    # stroke
    ("I think I'm having a stroke", STROKE),
    ("I think I’m having a stroke", STROKE),  # curly apostrophe
    ("my dad's face is drooping and he can't lift his arm", STROKE),
    ("her speech is slurred", STROKE),
    ("my left side went numb suddenly", STROKE),
    ("my moms face is droopin", STROKE),
    ("he is slurring his words", STROKE),
    ("my grandmas speech is slured", STROKE),
    ("right side of his body is weak", STROKE),
    ("is my mom having a stroke", STROKE),
    ("having a stoke", STROKE),
    # heart
    ("I have crushing chest pain and my left arm hurts", HEART),
    ("chest pain and I'm sweating and short of breath", HEART),
    ("severe chest pain", HEART),
    ("i think im having a heart attack", HEART),
    ("having a hart attack", HEART),
    ("chest pain spreading to my jaw", HEART),
    ("chest pain radiating to left arm and sweating", HEART),
    ("my chest hurts and my left arm is numb", HEART),  # a heart warning sign, not a stroke sign
    ("feels like an elephant is sitting on my chest", HEART),
    # breathing
    ("my baby is not breathing", BREATHING),
    ("he can't breathe", BREATHING),
    ("she is choking", BREATHING),
    ("cant breath", BREATHING),
    ("i cannot breth", BREATHING),
    ("my son is chocking on a grape", BREATHING),
    ("her lips are turning blue", BREATHING),
    ("my throat is closing up after eating peanuts", BREATHING),
    ("my husband stopped breathing", BREATHING),
    ("she is gasping for air", BREATHING),
    # bleeding
    ("I cut myself and the bleeding won't stop", BLEEDING),
    ("blood is spurting from his leg", BLEEDING),
    ("my cut is bleeding alot", BLEEDING),
    ("there is blood everywhere", BLEEDING),
    ("cant stop the bleeding", BLEEDING),
    ("nosebleed wont stop for an hour", BLEEDING),
    ("his arm is gushing blood", BLEEDING),
    # poisoning
    ("I took too many pills", POISONING),
    ("my son swallowed bleach", POISONING),
    ("overdosed on heroin", POISONING),
    ("my toddler ate some of my pills", POISONING),
    ("my daughter drank some antifreeze", POISONING),
    ("he od'd on fentanyl", POISONING),
    ("i took a whole bottle of tylenol", POISONING),
    ("kid swallowed a button battery", POISONING),
    # unconscious
    ("my friend collapsed and isn't responding", UNCONSCIOUS),
    ("he's unconscious", UNCONSCIOUS),
    ("he is unconcious", UNCONSCIOUS),
    ("my baby wont wake up", UNCONSCIOUS),
    ("she passed out and won't wake up", UNCONSCIOUS),
    ("my wife is unresponsive", UNCONSCIOUS),
    ("a seizure that wont stop", UNCONSCIOUS),
    ("my son has been seizing for 10 minutes", UNCONSCIOUS),
    ("i don't see the point in living anymore", SUICIDE),
    ("whats the point of living", SUICIDE),
    ("my toddler swallowed a bunch of my pills", POISONING),
    ("i took a handful of sleeping pills", POISONING),
    ("my son is badly burned all over his arm and chest and screaming", BURN),
    ("she spilled boiling water and scalded her face", BURN),
    ("my dad got a chemical burn at work", BURN),
    ("his clothes caught fire", BURN),
    ("my dad collapsed", UNCONSCIOUS),
    ("call 911", UNCONSCIOUS),  # a bare call for help: the general advice
    ("someone call an ambulance", UNCONSCIOUS),
]

# Information questions and ordinary statements the bot must answer normally.
ORDINARY = [
    "what are the symptoms of a stroke?",
    "how is a stroke treated",
    "what causes chest pain",
    "is chest pain a symptom of a heart attack?",
    "what is ALS",
    "can ALS cause breathing problems?",
    "how does polio affect breathing",
    "what causes muscle bleeding",
    "what is an overdose",
    "how do burns heal",
    "what are the warning signs of a stroke",
    "how is poisoning diagnosed",
    "what is slurred speech a sign of",
    "does rheumatoid arthritis cause chest pain",
    "what does a stroke feel like",
    "how long does recovery from a stroke take",
    "is guillain barre deadly",
    "can you die from muscular dystrophy",
    "what are the risk factors for stroke",
    "tell me about spinal cord injury",
    "what tests diagnose a heart attack",
    # near misses: a person, a sign word, but no emergency now
    "i don't want to die from als",
    "what is my risk of having a stroke",
    "my dad had a stroke last year, how can he recover",
    "my dads speech has been slurred since his stroke",
    "my mom has als and her speech is getting slurred, what can help",
    "my husband stops breathing in his sleep",
    "i cant breathe through my nose",
    "my fingers turn blue in the cold",
    "how do i stop a nosebleed",
    "i have food poisoning",
    "my dad is not responding to treatment",
    "my friend isnt responding to my texts",
    "what is unconscious bias",
    "when should i call 911 for a stroke",
    "is a stroke a medical emergency",
    "my mum had a heart attack 2 years ago what exercise is safe",
    "does als cause choking",
    "is this toy a choking hazard",
    "what is a collapsed lung",
    "my lung collapsed last year",
    "i get short of breath climbing stairs",
    "i hurt myself when i fell",
    "i cut my finger while cooking",
    "my legs are weak from muscular dystrophy",
    "what happens if you drink bleach",
    "can you overdose on ibuprofen",
    "opioid overdose symptoms",
    "what is anaphylaxis",
    "how long can a seizure last",
    "how does the heart pump blood",
    "i have chest pain when i cough",
    "my dad has weakness in his left arm from his old stroke",
    "can GBS make you stop breathing",
    "hello",
    "thanks, bye",
    "how are severe burns treated?",
    "what is a third degree burn",
    "what is the point of physical therapy for living with ALS",
    "i burned my finger on the stove yesterday, it is a bit red",
]


@pytest.mark.parametrize(("message", "expected"), EMERGENCIES)
def test_emergency_is_detected_with_its_category(message: str, expected: Emergency) -> None:
    assert detect_emergency(message) is expected


@pytest.mark.parametrize("message", ORDINARY)
def test_ordinary_message_is_not_an_emergency(message: str) -> None:
    assert detect_emergency(message) is None


def test_tables_cover_every_category_and_are_large_enough() -> None:
    assert {expected for _, expected in EMERGENCIES} == set(Emergency)
    assert len(EMERGENCIES) >= 45
    assert len(ORDINARY) >= 40


def test_categories_are_strings_in_precedence_order() -> None:
    assert [category.value for category in Emergency] == [
        "suicide",
        "stroke",
        "heart",
        "breathing",
        "bleeding",
        "poisoning",
        "burn",
        "unconscious",
    ]
    result = detect_emergency("my dad is having a stroke")
    assert isinstance(result, Emergency) and result == "stroke"


@pytest.mark.parametrize(
    "message",
    [
        "i took too many pills because i want to die",
        "my chest hurts so bad i want to kill myself",
        "i cut myself on purpose and the bleeding wont stop",
        "he is unconscious, he said he wanted to kill himself",
        "i want to end my life, i swallowed bleach",
    ],
)
def test_suicide_wins_over_any_other_category(message: str) -> None:
    assert detect_emergency(message) is SUICIDE


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("chest pain and i cant breathe", HEART),  # HEART comes before BREATHING
        ("he is unconscious and not breathing", BREATHING),  # BREATHING before UNCONSCIOUS
        ("her face is drooping and she collapsed", STROKE),
    ],
)
def test_otherwise_the_first_category_in_order_wins(message: str, expected: Emergency) -> None:
    assert detect_emergency(message) is expected


@pytest.mark.parametrize("spelling", ["can't", "can’t", "cant", "cannot", "can not", "CAN'T"])
def test_spellings_of_cant_are_all_one(spelling: str) -> None:
    assert normalise_message(f"he {spelling} breathe") == "he cant breathe"
    assert detect_emergency(f"he {spelling} breathe") is BREATHING


def test_accents_and_case_are_folded() -> None:
    assert detect_emergency("MY DAD'S FACE IS DROOPING!!!") is STROKE
    assert detect_emergency("I want to kíll myself") is SUICIDE


@pytest.mark.parametrize("message", ["", " ", "\n\t  \n", "?!...", "\u2019"])
def test_empty_and_blank_messages_are_not_emergencies(message: str) -> None:
    assert detect_emergency(message) is None


@pytest.mark.parametrize(
    "text",
    [
        ("what causes chest pain? " * 5000)[:100_000],
        ("my dad is " * 10_000)[:100_000],
        "a" * 100_000,
        ("seizure blood chest " * 6000)[:100_000],
        "é" * 100_000,
    ],
    ids=["question", "people", "one-word", "sign-words", "accents"],
)
def test_very_long_ordinary_text_is_handled_quickly(text: str) -> None:
    assert len(text) == 100_000
    start = time.perf_counter()
    assert detect_emergency(text) is None
    assert time.perf_counter() - start < 3.0


def test_emergency_at_the_end_of_long_text_is_still_found() -> None:
    text = "what causes chest pain? " * 4000 + "my son swallowed bleach"
    assert detect_emergency(text) is POISONING

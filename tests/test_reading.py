"""Tests of bot.language.reading: how a long message is read part by part (subject line, story,
questions), which sentence holds its main question, which condition it asks about, and whether it
asks for a personal diagnosis, a yes-or-no answer or just for information."""

from __future__ import annotations

import re

import pytest

from bot.language.reading import (
    Focus,
    Mention,
    asked_name_span,
    asked_section,
    asks_about_a_mention,
    asks_for_help,
    asks_for_information,
    asks_only_personal,
    asks_personal,
    asks_what_helps,
    focus,
    is_long,
    is_question,
    main_question,
    parts,
    question_core,
    question_spans,
    subject_span,
    yes_no_questions,
)

POLIO_STORY = "My mother was diagnosed with polio last year. What are the usual symptoms? Thanks."


def mentions(text: str, *names: str) -> list[Mention]:
    """Every place where one of `names` is written in `text` (any case), in text order."""
    found = [
        Mention(name, match.start(), match.end())
        for name in names
        for match in re.finditer(rf"\b{re.escape(name)}\b", text, re.IGNORECASE)
    ]
    return sorted(found, key=lambda mention: mention.start)


def spanned(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


# --- parts, subject lines, question sentences ---------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        (POLIO_STORY, [POLIO_STORY[:45], " What are the usual symptoms?", " Thanks."]),
        ("What causes lupus.my mother has it", ["What causes lupus.", "my mother has it"]),  # no space after the stop
        ("Lupus\nWhat is the outlook?", ["Lupus\n", "What is the outlook?"]),
    ],
)
def test_a_message_splits_into_sentences_and_lines(text: str, expected: list[str]) -> None:
    assert [text[start:end] for start, end in parts(text)] == expected


@pytest.mark.parametrize(
    "text, subject",
    [
        ("SUBJECT: lupus MESSAGE: My sister has it. What are the treatments?", "lupus"),
        ("Shingles\nMy dad had a rash last week. How long is it contagious?", "Shingles"),
        ("Hereditary angioedema. My son has swelling. What causes it?", "Hereditary angioedema"),
        # a heading of up to six words without a verb
        (
            "Support groups for children with lupus. My grandson has it. Is there one nearby?",
            "Support groups for children with lupus",
        ),
        # a first sentence that tells, or a message label and a greeting, is no heading
        ("I m 33 year old. My hands shake. Is there a treatment for tremor?", None),
        ("MESSAGE: Good evening. My hands shake. Is there a treatment for tremor?", None),
        # a first line that asks, or is too long to be a heading, is no subject
        ("Lupus?\nMy sister has it.", None),
        ("My sister was told last week that what she has is lupus and we are all scared\nWhat is it?", None),
        # a short first sentence that starts like a question is the question
        ("What is lupus. My sister has it.", None),
    ],
)
def test_the_subject_line_is_found_in_its_usual_forms(text: str, subject: str | None) -> None:
    assert spanned(text, subject_span(text)) == subject


@pytest.mark.parametrize(
    "sentence, asks",
    [
        ("what is it", True),
        ("I would like to know more", True),
        ("pls advise me what to do", True),
        ("my son has it", False),
        ("I am writing to you all for possible answers", True),
        ("I need to learn how to live with a wheelchair", True),
        # a story that starts like a question, with no question mark
        ("When I was two I had a high fever and lost my hearing", False),
        ("Has weak arms and his hands curl inward", False),
        ("Has anyone tried acupuncture for it", True),
        ("When will the swelling go down", True),
        ("When I was two I had a fever. Could that be why?", True),
    ],
)
def test_a_question_is_told_by_its_mark_its_start_or_a_request(sentence: str, asks: bool) -> None:
    assert is_question(sentence) is asks


def test_question_spans_are_the_asking_sentences_only() -> None:
    text = "I have lupus. Can you please help me? What are the treatments?"
    assert [text[start:end].strip() for start, end in question_spans(text)] == [
        "Can you please help me?",
        "What are the treatments?",
    ]


def test_a_subject_line_that_reads_like_a_question_is_not_a_question() -> None:
    assert question_spans("SUBJECT: what is lupus MESSAGE: my son has it.") == ()


@pytest.mark.parametrize(
    "text, long",
    [
        ("What are the symptoms of lupus?", False),
        ("SUBJECT: lupus MESSAGE: what is the outlook?", True),  # one sentence, but a subject line
    ],
)
def test_a_message_is_long_with_several_sentences_or_a_subject(text: str, long: bool) -> None:
    assert is_long(text) is long


# --- the main question --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, core",
    [
        (POLIO_STORY, "What are the usual symptoms?"),
        ("SUBJECT: lupus\nMESSAGE: What are the treatments?", "What are the treatments?"),
        ("I have lupus. Can you please help me? What are the treatments?", "What are the treatments?"),
        # a question that asks a section in so many words before one that only names things
        (
            "I'd like to ask you about my aunt, who has had gout for ten years. Is there any cure for gout?",
            "Is there any cure for gout?",
        ),
        # one sentence: nothing to narrow
        ("What are the symptoms of lupus?", None),
        # only bare requests, or no question at all: the whole message is what there is to read
        ("I have lupus. Any help?", None),
    ],
)
def test_the_core_is_the_sentence_of_the_main_question(text: str, core: str | None) -> None:
    assert spanned(text, question_core(text)) == core


def test_the_main_question_is_the_core_or_the_whole_message() -> None:
    assert main_question(POLIO_STORY) == "What are the usual symptoms?"
    assert main_question("I have lupus. Any help?") == "I have lupus. Any help?"


@pytest.mark.parametrize(
    "text, asks",
    [
        ("Where can I find information on lupus?", True),
        ("My mom has lupus. Where can I learn more about it? Thanks.", True),
        # a section asked in the same breath: the section is the question
        ("Where can I find information on treatments for lupus?", False),
        ("What is lupus?", False),
    ],
)
def test_a_plain_request_for_information_is_told_from_a_section_question(text: str, asks: bool) -> None:
    assert asks_for_information(text) is asks


@pytest.mark.parametrize(
    "text, asks",
    [
        ("My dad has had polio since he was small. His legs ache every night. What should we do?", True),
        ("I have had lupus for years and nothing works. Please suggest some medicine.", True),
        ("Gout again in my toe. pls any remedy for it", True),
        ("My son has asthma. How can we get rid of the coughing at night?", True),
        ("SUBJECT: gout\nMESSAGE: It keeps coming back in my big toe. Is it curable at all?", True),
        ("My toe is red and sore, it could be gout or not, but how should I go about this.", True),
        ("My periods come every six weeks or so. What I have to do.", True),
        ("My son has asthma. Is there something we can do for him?", True),
        ("I have been deaf in one ear since birth. Can anything be done for it?", True),
        ("My sister has lupus; is there anything that can be done?", True),
        ("I get hot flashes from my cancer shots. Is it possible that this new pill would help me?", True),
        ("SUBJECT: acne\nMESSAGE: Are there any creams that have a good effect on acne? Which is the best?", True),
        ("My uncle has a hernia. He would love to take care of it soon, can you tell him how?", True),
        ("My aunt has breast cancer. Could she use this herb to kill the cancer?", True),
        ("SUBJECT: wart\nMESSAGE: I have had a wart on my finger for a year. I need it removed.", True),
        ("SUBJECT: how to remove a wart\nMESSAGE: It has been on my finger for years.", True),
        ("I feel weak every morning. I want to know the solution to my problem.", True),
        # another section asked alongside
        ("My son has asthma. What can we do to prevent the attacks?", False),
        ("My son has asthma. What can we do at home for him?", False),
        ("My son has asthma. Please help, which doctor should we see?", False),
        # nothing asked of what helps
        ("My son has asthma. What are the symptoms of a bad attack?", False),
    ],
)
def test_a_request_for_what_helps_is_told_from_other_questions(text: str, asks: bool) -> None:
    assert asks_what_helps(text) is asks


# --- focus: which condition the question is about -----------------------------------------------


@pytest.mark.parametrize(
    "text, names, first",
    [
        # the subject line names what the message is about
        (
            "SUBJECT: lupus\nMESSAGE: My sister also had shingles once. What are the treatments?",
            ("lupus", "shingles"),
            "lupus",
        ),
        # named in the main question, not only in the story
        (
            "My dad has had osteoarthritis for years. Now the doctors say he has polymyositis. How is polymyositis treated?",
            ("osteoarthritis", "polymyositis"),
            "polymyositis",
        ),
        # a specific name beats an everyday word, even one named first and right after "for"
        ("What is the treatment for pain in lupus patients?", ("pain", "lupus"), "lupus"),
        # a question that links two names is about the first, asked of the second
        ("Does neurofibromatosis affect heart failure?", ("neurofibromatosis", "heart failure"), "neurofibromatosis"),
        ("Is astigmatism related to Aarskog syndrome?", ("astigmatism", "Aarskog syndrome"), "astigmatism"),
        (
            "Where can I read about Wolff-Parkinson-White syndrome with bradycardia?",
            ("Wolff-Parkinson-White syndrome", "bradycardia"),
            "Wolff-Parkinson-White syndrome",
        ),
        # a word of one name asked again on its own in the question
        (
            "SUBJECT: leg cramps with lupus\nMESSAGE: My wife has lupus and still gets leg cramps. "
            "What can she do to stop the cramps?",
            ("leg cramps", "lupus"),
            "leg cramps",
        ),
        # the name a doctor gave, over the complaint the story began with
        (
            "I have had hand tremors for a while. Is there any treatment for this? "
            "The doctor told me its Parkinson disease.",
            ("tremors", "Parkinson disease"),
            "Parkinson disease",
        ),
        (
            "My son has low muscle tone. He was diagnosed with cerebral palsy. Any advice?",
            ("low muscle tone", "cerebral palsy"),
            "cerebral palsy",
        ),
    ],
)
def test_the_focus_is_the_condition_the_question_is_about(text: str, names: tuple[str, ...], first: str) -> None:
    found = focus(text, mentions(text, *names))
    assert found.decided and not found.compared
    assert found.names[0] == first
    assert set(found.names) == set(names)


def test_an_everyday_word_after_a_specific_name_names_it_again() -> None:
    # right after it, or with "the" (and an adjective): the tumor is the teratoma, not another topic
    text = (
        "My daughter was born with a sacrococcygeal teratoma tumor. They did surgery to remove "
        "the tumor. Do other patients have complications from such a large tumor?"
    )
    found = focus(text, mentions(text, "sacrococcygeal teratoma", "tumor", "surgery"))
    assert found == Focus(("sacrococcygeal teratoma", "surgery"), decided=True)
    # not after a name the knowledge base knows less of: the pain is not the medicine's
    text = "I have taken the pregabalin tablets for a year. Will more help the pain?"
    found = focus(text, mentions(text, "pregabalin tablets", "pain"), prior={"pain": 1.5})
    assert found.names == ("pain", "pregabalin tablets")


def test_the_longer_name_of_the_same_condition_is_the_focus() -> None:
    # the subject line's "thalassemia" is the message's "beta thalassemia", named more precisely
    text = "SUBJECT: thalassemia\nMESSAGE: My brother was found to carry beta thalassemia. How is it passed on?"
    broad, narrow = text.index("thalassemia"), text.index("beta thalassemia")
    found = focus(
        text,
        [
            Mention("Thalassemia", broad, broad + len("thalassemia")),
            Mention("Beta-thalassemia", narrow, narrow + len("beta thalassemia")),
        ],
    )
    assert found.decided and found.names == ("Beta-thalassemia", "Thalassemia")


def test_one_condition_named_is_the_focus_and_none_is_undecided() -> None:
    text = "My son has lupus. Is lupus catching?"
    assert focus(text, mentions(text, "lupus")) == Focus(("lupus",), decided=True)
    assert focus("What is it?", []) == Focus((), decided=False)


@pytest.mark.parametrize(
    "text, names",
    [
        ("what causes polio, measles and mumps?", ("polio", "measles", "mumps")),
    ],
)
def test_conditions_asked_alike_leave_the_focus_undecided(text: str, names: tuple[str, ...]) -> None:
    found = focus(text, mentions(text, *names))
    assert not found.decided, found
    assert set(found.names) == set(names)


@pytest.mark.parametrize(
    "text, names",
    [
        ("What are the symptoms of ALS and stroke?", ("ALS", "stroke")),
        ("Is there a link between lupus or shingles?", ("lupus", "shingles")),
    ],
)
def test_two_conditions_asked_alike_are_both_answered(text: str, names: tuple[str, ...]) -> None:
    assert focus(text, mentions(text, *names)) == Focus(names, decided=True, compared=True)


def test_a_prior_decides_between_conditions_asked_alike() -> None:
    text = "What are the symptoms of ALS and stroke?"
    found = focus(text, mentions(text, "ALS", "stroke"), prior={"stroke": 1.5})
    assert found == Focus(("stroke", "ALS"), decided=True)


@pytest.mark.parametrize(
    "text, pair",
    [
        ("What is the difference between lupus and shingles?", ("lupus", "shingles")),
        ("What is the difference between shingles and lupus?", ("shingles", "lupus")),
        # text order, even where the second scores higher (named after "from")
        ("How is shingles different from lupus?", ("shingles", "lupus")),
    ],
)
def test_a_comparison_gives_the_two_conditions_in_text_order(text: str, pair: tuple[str, str]) -> None:
    found = focus(text, mentions(text, "lupus", "shingles"))
    assert found == Focus(pair, decided=True, compared=True)


def test_a_comparison_word_in_the_story_is_no_comparison_question() -> None:
    text = "My doctor compared my lupus to shingles. What causes shingles?"
    assert not focus(text, mentions(text, "lupus", "shingles")).compared
    # "different" that compares no two conditions
    text = "She has lupus and had shingles in May. Does she need different pills for the lupus now?"
    assert not focus(text, mentions(text, "lupus", "shingles")).compared


def test_the_name_in_the_clause_that_asks_is_the_focus() -> None:
    text = "My aunt has lupus and my uncle had shingles. I know what lupus is, but how is shingles treated?"
    found = focus(text, mentions(text, "lupus", "shingles"))
    assert found.decided and found.names[0] == "shingles"


@pytest.mark.parametrize(
    "text, first",
    [
        ("I have chronic pain from severe shingles. The blisters are gone. What should I do?", "shingles"),
        ("Is the hearing loss due to Alport syndrome the same in both ears?", "Alport syndrome"),
        # not linked as a cause: the first is asked
        ("I have chronic pain and shingles. What should I do for the pain?", "chronic pain"),
    ],
)
def test_what_is_asked_of_a_complaint_is_asked_of_its_cause(text: str, first: str) -> None:
    found = focus(text, mentions(text, "chronic pain", "shingles", "hearing loss", "Alport syndrome"))
    assert found.decided and found.names[0] == first


@pytest.mark.parametrize(
    "text, first",
    [
        ("Where can I get genetic testing for Williams syndrome?", "Williams syndrome"),
        ("Can botox help arm paralysis?", "paralysis"),
        ("Are IV antibiotics for refractory sinusitis worth it?", "sinusitis"),
        ("What treats leg cramps aside from potassium?", "leg cramps"),
        # not linked: the first is asked
        ("Is genetic testing reliable, and does Williams syndrome show up on it?", "genetic testing"),
    ],
)
def test_what_is_asked_of_a_test_or_treatment_is_asked_of_what_it_is_for(text: str, first: str) -> None:
    names = ("genetic testing", "Williams syndrome", "botox", "paralysis", "antibiotics", "sinusitis")
    found = focus(text, mentions(text, *names, "leg cramps", "potassium"))
    assert found.decided and found.names[0] == first


def test_a_subject_line_of_everyday_words_is_a_heading_over_the_condition_the_message_names() -> None:
    text = "SUBJECT: Mental health\nMESSAGE: I would like information over bulimia for a class project."
    found = focus(text, mentions(text, "mental health", "bulimia"))
    assert found.decided and found.names[0] == "bulimia"


# --- personal questions, yes-or-no questions -----------------------------------------------------


@pytest.mark.parametrize(
    "text, personal",
    [
        ("do I have lupus?", True),
        ("should I stop my medicine?", True),
        ("My leg hurts and there is a rash. Could this be shingles?", True),
        ("Is it safe for me to take aspirin with lupus?", True),
        ("am I at risk for lupus?", False),
        ("should I go to the doctor about shingles?", False),
        ("what can I do at home for shingles?", False),
        ("How do I know if I have lupus?", False),
        ("Does my baby have lupus? She is four months old.", True),
        ("Am I going to have a stroke like my father?", True),
        ("Can you diagnose it from what I described?", True),
        ("My hip aches at night. Is it lupus? I would like your honest opinion.", True),
        ("Is this shingles or an allergy? Please tell me yes or no.", True),
        ("My side has hurt since spring and the tests found nothing. What could be wrong with me?", True),
        ("What could be wrong with a lupus test result like this?", False),
        ("Do I have to avoid the sun with lupus?", False),
        ("Can it be cured?", False),
        ("Does lupus have complications?", False),
    ],
)
def test_a_personal_diagnosis_or_decision_is_told_from_a_general_question(text: str, personal: bool) -> None:
    assert asks_personal(text) is personal


def test_a_request_for_the_bots_opinion_leaves_the_personal_question_the_main_one() -> None:
    text = "My wrists are stiff every morning. Do I have rheumatoid arthritis? I'd like your opinion."
    assert main_question(text).strip() == "Do I have rheumatoid arthritis?" and asks_only_personal(text)


def test_a_personal_question_beside_a_general_one_is_not_the_only_question() -> None:
    text = "My sister has lupus. Do I have it too? What are the symptoms?"
    assert asks_personal(text)
    assert not asks_only_personal(text)
    assert asks_only_personal("My sister has lupus. Do I have it too?")


@pytest.mark.parametrize(
    "text, questions",
    [
        ("is shingles contagious?", ["is shingles contagious?"]),
        ("My son has polio. Can adults get polio? What are the symptoms?", ["Can adults get polio?"]),
        # requests phrased as questions, and open questions
        ("can you tell me about lupus?", []),
        ("is there information on lupus?", []),
        ("what is lupus?", []),
    ],
)
def test_yes_or_no_questions_are_found_and_requests_are_not(text: str, questions: list[str]) -> None:
    assert [q.strip() for q in yes_no_questions(text)] == questions


def _mention(text: str, words: str, name: str) -> Mention:
    start = text.lower().index(words.lower())
    return Mention(name, start, start + len(words))


@pytest.mark.parametrize(
    "text, section",
    [
        # the question's own words, where a story's words may mislead the intent model
        ("My aunt has gout. Her feet swell at night. We keep asking why?", "causes"),
        ("My son was told he has asthma. Is there a cure for it?", "treatment"),
        ("Gout in my family\nMy grandfather had it. Could my children inherit it?", "inheritance"),
        ("My sister has shingles. I am wondering what the risk is for me.", "risk_factors"),
        ("My father had polio as a boy. Can it come back after all these years?", "outlook"),
        ("My son is allergic to peanuts. Will the allergy disappear as he grows up?", "outlook"),
        ("Gout\nHow likely is it to occur again a month after treatment?", "outlook"),
        ("My aunt had gout surgery. How long is the recovery after surgery?", "outlook"),
        ("My knee has been sore for weeks and swells at night. What could this be?", "causes"),
        ("My stomach hurts after meals since March. What is wrong with me?", "causes"),
        # whether one thing comes of another
        ("My aunt has gout. Is the constipation related to the gout?", "causes"),
        ("My sister has high calcium and nobody knows why. Could there be any connection with her thyroid?", "causes"),
        ("I am writing a report on gout. Can you send me information related to it?", None),
        # the subject line where no question says
        ("Gout treatment\nMy husband has had it for years. Please help.", "treatment"),
        ("My uncle had gout last year. What can he do to stop it happening again?", "prevention"),
        ("My sister carries the gene. Could she pass it on to her children?", "inheritance"),
        # children to come: whether they will have it
        ("My son has gout. Can we plan another baby?", "inheritance"),
        ("My brother has gout. If I get pregnant, will my children have it too?", "inheritance"),
        ("My husband has gout. What are the chances our kids will inherit it?", "inheritance"),
        ("My daughter has gout. Can she have healthy children?", "inheritance"),
        # a child's own diagnosis is asked of the child, not of children to come
        ("My baby kicks less than her cousin did. Does my baby have gout?", None),
        ("My son had a bad fall from his bike. He has a bump on his head. Should we be worried?", "when_to_see_doctor"),
        # worry told in a question that asks something else is no question about seeing a doctor
        ("My son has gout. I am so worried, what causes it?", "causes"),
        # one's own diagnosis is no question about how it is made
        ("Help since my diagnosis\nI was told I have gout. Where can I find support?", None),
        ("Gout\nMy aunt has it. How is it diagnosed?", "diagnosis"),
        # "home treatment" is care at home; "the risks of untreated gout" are what it leads to
        ("My aunt has gout. Is there any home treatment for it?", "home_care"),
        ("My aunt has gout. What are the risks of untreated gout?", "complications"),
        ("My aunt has gout. What are the risks for her children?", "risk_factors"),
        ("My dad smoked for years. What are some illnesses caused by smoking?", "complications"),
        # "pass on" to other people is no inheritance
        ("I lead a walking group. Do you have leaflets on gout I could pass on to the members?", None),
        # none: a question of several sections, or of none, or one sentence
        ("My aunt has gout. What causes it and how is it treated?", None),
        ("My aunt has gout. What should we expect now?", None),
        ("why does gout hurt so much?", None),
    ],
)
def test_the_section_a_question_asks_in_so_many_words(text: str, section: str | None) -> None:
    assert asked_section(text) == section


def test_a_condition_name_asks_no_section() -> None:
    text = "My uncle is on dialysis. What is the outlook for end-stage kidney disease?"
    assert asked_section(text) is None  # "stage" read as a word of the question asks two...
    mention = _mention(text, "end-stage kidney disease", "End-stage kidney disease")
    assert asked_section(text, [mention]) == "outlook"  # ...but it is the condition's name


@pytest.mark.parametrize(
    "text, words, asks",
    [
        # named in the subject line or in a sentence that asks: a question about it
        ("Frozen shoulder\nMost of my family has had one. We wonder why?", "frozen shoulder", True),
        ("I am a retired teacher. Is there anything new for lichen planus?", "lichen planus", True),
        ("Lichen planus\nI have had it for years and I need some help.", "lichen planus", True),
        # or asked of as "this disease" after it is named
        ("I was told I have SCA3. Where do people find support with this disease?", "SCA3", True),
        # named only in the story: no question about it
        ("My friend has diabetes. What games should we play at the party?", "diabetes", False),
        ("Is this disease catching? My friend has diabetes.", "diabetes", False),
        # asks nothing at all, or is one sentence
        ("Lichen planus\nI have had it for years.", "lichen planus", False),
        ("anything new on lichen planus?", "lichen planus", False),
    ],
)
def test_a_long_message_asks_about_a_name_in_its_subject_or_its_question(text: str, words: str, asks: bool) -> None:
    assert asks_about_a_mention(text, [_mention(text, words, words)]) is asks


def test_a_story_with_no_question_asks_for_help_only_where_it_is_read_as_a_question() -> None:
    story = "My grandfather has had shingles for a month. We are searching for help."
    assert question_spans(story) == ()
    assert not asks_for_help(story)
    assert asks_for_help(story, read_as_question=True)
    assert not asks_for_help("My grandfather had shingles.\nThank you.", read_as_question=True)


def test_a_name_in_the_subject_and_in_the_question_beats_one_only_in_the_question() -> None:
    # "anxiety" is an everyday word, "heart attack" a specific name, both in the question; the
    # subject line says which one the message is about
    text = "SUBJECT: anxiety\nMESSAGE: How does one deal with anxiety and the fear of a heart attack?"
    assert focus(text, mentions(text, "anxiety", "heart attack")).names[0] == "anxiety"


def test_a_name_told_again_and_again_gains_a_little_each_time() -> None:
    once = "My son has lupus. Is there news on shingles vaccines and lupus?"
    often = (
        "My son has lupus. His lupus is bad. The lupus flares tire him. Is there news on shingles vaccines and lupus?"
    )
    assert focus(once, mentions(once, "lupus", "shingles")).names[0] == "shingles"
    assert focus(often, mentions(often, "lupus", "shingles")).names[0] == "lupus"


@pytest.mark.parametrize(
    "text",
    [
        "My sister has Turner syndrome and is expecting twins. Do they have a higher chance of getting it?",
        "Our son has asthma. Does my daughter have the same risk?",
    ],
)
def test_a_question_about_the_chance_of_getting_a_condition_is_not_personal(text: str) -> None:
    assert not asks_personal(text)


@pytest.mark.parametrize(
    "text, words",
    [
        ("What are the treatments for drop foot?", "drop foot"),
        ("What are the treatments and prognosis for mallet fingers?", "mallet fingers"),
        ("Where can I find information on korsakoff syndrome and what are the treatments?", "korsakoff syndrome"),
        ("What causes lumps on the arm?", "lumps on the arm"),
        ("what are the symptoms of my son's stiff neck", "son's stiff neck"),
        ("What are the treatments for a dislocated finger in a child?", "dislocated finger"),
        # in a long message, its main question only
        ("My son has had a stiff neck for weeks. What are the treatments for stiff necks? Thanks.", "stiff necks"),
        ("I read the information on gout you sent. My neck hurts after a fall. What should I do?", "gout"),
        ("My neck has hurt for weeks since a fall. What should I do about it? Thanks.", None),
        # no section asked of anything, or of more words than a name has: none
        ("Is there a generic version of lidoderm?", None),
        ("What are the causes of the pain my mother gets every single time walking up our steep hill?", None),
        ("What are the causes of " + "x" * 200, None),
    ],
)
def test_what_a_single_question_asks_a_section_of(text: str, words: str | None) -> None:
    span = asked_name_span(text)
    assert (text[span[0] : span[1]] if span else None) == words

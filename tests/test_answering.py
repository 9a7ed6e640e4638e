"""What the bot answers to a section question, given the conversation's context."""

from __future__ import annotations

import pytest

from bot.answers.answering import Question, answer_question
from bot.answers.replies import DISCLAIMER
from bot.knowledge.knowledge_base import KnowledgeBase
from bot.vocabulary import BULLET, PAGE_SECTION_KEYS


def ask(kb: KnowledgeBase, section, *names, **context):
    return answer_question(kb, Question(section=section, condition_names=list(names), **context))


def test_answer_names_condition_section_and_sources(kb):
    outcome = ask(kb, "causes", "Muscle atrophy")
    payload = outcome.reply.payload
    assert payload["kind"] == "answer"
    assert payload["condition"] == "Muscle atrophy"
    assert payload["section"] == "causes"
    assert payload["sources"] and all(s["url"].startswith("https://") for s in payload["sources"])
    assert (outcome.condition, outcome.section) == ("Muscle atrophy", "causes")


def test_list_items_are_rendered_as_bullet_lines(kb):
    text = ask(kb, "diagnosis", "Muscle atrophy").reply.text
    bullets = [line for line in text.splitlines() if line.startswith(BULLET)]
    assert len(bullets) == 7
    assert any("Electromyography" in line for line in bullets)


def test_answer_text_cites_its_sources(kb):
    text = ask(kb, "overview", "Stroke").reply.text
    for source in kb.by_name("Stroke").sources:
        assert source.url in text


def test_first_answer_carries_the_disclaimer_once(kb):
    first = ask(kb, "overview", "Muscle atrophy")
    assert DISCLAIMER in first.reply.text and first.reply.payload["notice"] == DISCLAIMER
    assert first.disclaimer_shown
    second = ask(kb, "causes", "Muscle atrophy", disclaimer_shown=True)
    assert DISCLAIMER not in second.reply.text and "notice" not in second.reply.payload


def test_follow_up_without_a_name_uses_the_condition_in_context(kb):
    outcome = ask(kb, "treatment", context_condition="Amyotrophic lateral sclerosis")
    assert outcome.reply.payload["condition"] == "Amyotrophic lateral sclerosis"
    assert outcome.reply.payload["section"] == "treatment"


def test_naming_only_a_condition_keeps_the_last_section(kb):
    outcome = ask(kb, None, "Polio", context_condition="Stroke", context_section="symptoms")
    assert (outcome.reply.payload["condition"], outcome.reply.payload["section"]) == ("Polio", "symptoms")


def test_naming_only_a_condition_first_gives_its_overview(kb):
    assert ask(kb, None, "Stroke").reply.payload["section"] == "overview"


def test_alternative_names_come_from_the_list_when_no_section_is_written(kb):
    outcome = ask(kb, "alternative_names", "Muscle atrophy")
    assert outcome.reply.payload["kind"] == "answer"
    for name in ("Muscle wasting", "Atrophy of the muscles"):
        assert f"{BULLET}{name}" in outcome.reply.text


def test_missing_section_lists_what_the_condition_has(kb):
    condition = next(c for c in kb.conditions.values() if "stages" not in c.sections)
    outcome = ask(kb, "stages", condition.name)
    payload = outcome.reply.payload
    assert payload["kind"] == "missing_section"
    assert payload["condition"] == condition.name and payload["section"] == "stages"
    assert "overview" in payload["available"] and "stages" not in payload["available"]
    assert [b["title"] for b in outcome.reply.buttons][0] == "Overview"
    assert outcome.reply.buttons[0]["payload"] == f'/ask_overview{{"condition": "{condition.name}"}}'


def test_no_condition_at_all_asks_which_one(kb):
    outcome = ask(kb, "symptoms")
    assert outcome.reply.payload["kind"] == "unknown_condition" and outcome.reply.payload["query"] == ""
    assert outcome.reply.text.startswith("Which condition would you like to know about (symptoms)?")
    assert outcome.reply.buttons[0]["payload"].startswith("/ask_symptoms{")
    assert outcome.condition is None and not outcome.disclaimer_shown


def test_a_name_outside_the_data_is_unknown_and_keeps_the_context(kb):
    outcome = ask(kb, "causes", "Dragon pox", context_condition="Stroke")
    assert outcome.reply.payload == {"kind": "unknown_condition", "query": "Dragon pox", "suggestions": []}
    assert "I don't have information about “Dragon pox”" in outcome.reply.text
    assert outcome.condition == "Stroke"


@pytest.mark.parametrize("section", ["overview", "causes", "symptoms", "diagnosis", "treatment", "when_to_see_doctor"])
def test_every_condition_answers_the_core_sections(kb, section):
    for condition in kb.conditions.values():
        assert ask(kb, section, condition.name).reply.payload["kind"] == "answer", condition.id


def test_muscle_atrophy_answers_every_section_of_the_reference_page(kb):
    for section in PAGE_SECTION_KEYS:
        assert ask(kb, section, "muscle wasting").reply.payload["kind"] == "answer", section


# --- unknown, ambiguous and chosen names ---------------------------------------------------------


def test_an_unknown_name_suggests_the_closest_names_as_buttons(kb):
    outcome = ask(kb, "causes", "myositis")
    payload = outcome.reply.payload
    assert payload["kind"] == "unknown_condition" and payload["query"] == "myositis"
    assert payload["suggestions"][:2] == ["Dermatomyositis", "Polymyositis"]
    assert [b["title"] for b in outcome.reply.buttons][:2] == ["Dermatomyositis", "Polymyositis"]
    assert "I can answer questions about 16 conditions" in outcome.reply.text
    assert list(outcome.listed) == payload["suggestions"]


def test_an_ambiguous_name_asks_which_with_buttons_for_the_asked_section(kb):
    outcome = ask(kb, "symptoms", "arthritis")
    assert outcome.reply.payload == {
        "kind": "disambiguation",
        "candidates": ["Osteoarthritis", "Rheumatoid arthritis"],
    }
    assert [b["payload"] for b in outcome.reply.buttons] == [
        '/ask_symptoms{"condition": "Osteoarthritis"}',
        '/ask_symptoms{"condition": "Rheumatoid arthritis"}',
    ]
    assert outcome.section == "symptoms" and list(outcome.listed) == outcome.reply.payload["candidates"]


def test_a_word_of_too_many_names_is_answered_as_unknown_with_the_closest(kb):
    from dataclasses import replace

    from bot.answers.answering import CHOICE_LIMIT

    stroke = kb.by_name("Stroke")
    kinds = [replace(stroke, id=f"elbow_{i}", name=f"Elbow trouble {i}", alternative_names=()) for i in range(12)]
    many = KnowledgeBase(kinds)
    payload = ask(many, "causes", "elbow").reply.payload
    assert payload["kind"] == "unknown_condition" and 0 < len(payload["suggestions"]) <= CHOICE_LIMIT
    few = KnowledgeBase(kinds[:CHOICE_LIMIT])
    assert ask(few, "causes", "elbow").reply.payload["kind"] == "disambiguation"


def test_two_different_conditions_in_one_message_ask_which_first(kb):
    outcome = ask(kb, "treatment", "ALS", "Polio")
    assert outcome.reply.payload["kind"] == "disambiguation"
    assert outcome.reply.payload["candidates"] == ["Amyotrophic lateral sclerosis", "Polio"]


def test_two_names_of_one_condition_are_one_condition(kb):
    outcome = ask(kb, "treatment", "ALS", "Lou Gehrig's disease")
    assert outcome.reply.payload["condition"] == "Amyotrophic lateral sclerosis"


@pytest.mark.parametrize(
    "text, chosen",
    [
        ("the second one", "Rheumatoid arthritis"),
        ("first one please", "Osteoarthritis"),
        ("number 2", "Rheumatoid arthritis"),
        ("the last one", "Rheumatoid arthritis"),
    ],
)
def test_a_choice_from_the_list_answers_the_section_asked_before(kb, text, chosen):
    listed = ["Osteoarthritis", "Rheumatoid arthritis"]
    outcome = ask(kb, None, text=text, listed=listed, context_section="symptoms")
    assert (outcome.reply.payload["condition"], outcome.reply.payload["section"]) == (chosen, "symptoms")


def test_that_one_after_a_single_link_picks_it(kb):
    outcome = ask(kb, None, text="that one", listed=["Stroke"], context_condition="Muscle atrophy")
    assert outcome.reply.payload["condition"] == "Stroke"


def test_an_unclear_choice_repeats_the_list(kb):
    listed = ["Osteoarthritis", "Rheumatoid arthritis"]
    for text in ("that one", "the fifth one"):
        outcome = ask(kb, None, text=text, listed=listed, context_section="causes")
        assert outcome.reply.payload == {"kind": "disambiguation", "candidates": listed}


def test_ordinal_words_inside_a_question_are_not_a_choice(kb):
    outcome = ask(kb, "symptoms", text="what are the first signs", listed=["Stroke"], context_condition="Polio")
    assert outcome.reply.payload["condition"] == "Polio"


def test_an_answer_offers_the_conditions_its_list_names(kb):
    outcome = ask(kb, "causes", "Muscle atrophy")
    related = outcome.reply.payload["related"]
    assert "Stroke" in related and "Amyotrophic lateral sclerosis" in related
    assert {"title": "Tell me about Stroke", "payload": '/ask_overview{"condition": "Stroke"}'} in outcome.reply.buttons
    assert list(outcome.listed) == related


def test_an_answer_without_links_has_no_buttons(kb):
    outcome = ask(kb, "overview", "Stroke")
    assert outcome.reply.buttons == () and "related" not in outcome.reply.payload


def test_a_condition_known_only_by_name_points_to_its_source(kb):
    from dataclasses import replace

    from bot.knowledge.knowledge_base import KnowledgeBase

    stroke = kb.by_name("Stroke")
    bare = replace(stroke, id="name_only", name="Name-only disease", alternative_names=(), sections={})
    outcome = ask(KnowledgeBase([bare]), "causes", "Name-only disease")
    payload = outcome.reply.payload
    assert (payload["kind"], payload["available"]) == ("missing_section", [])
    assert payload["sources"][0]["url"] == stroke.sources[0].url
    assert stroke.sources[0].url in outcome.reply.text and "I can tell you about" not in outcome.reply.text


# --- long answers, a page at a time --------------------------------------------------------------


def _long_condition(kb):
    from dataclasses import replace

    from bot.knowledge.dataset import Item, Section

    stroke = kb.by_name("Stroke")
    paragraphs = "\n\n".join(f"Paragraph {n}: " + "words " * 60 for n in range(1, 9))
    section = Section(text=paragraphs, items=tuple(Item(f"item {n}") for n in range(1, 4)))
    return KnowledgeBase([replace(stroke, sections={**stroke.sections, "causes": section})])


def test_a_long_answer_shows_a_first_page_with_a_more_button(kb):
    long_kb = _long_condition(kb)
    first = ask(long_kb, "causes", "Stroke", disclaimer_shown=True)
    assert first.reply.payload["more"] is True
    assert first.reply.buttons[0] == {"title": "More", "payload": "/more"}
    assert "Paragraph 1:" in first.reply.text and "Paragraph 8:" not in first.reply.text
    assert len(first.reply.text) < 1800 and 0 < first.shown < 11


def test_more_continues_until_the_end_then_says_so(kb):
    long_kb = _long_condition(kb)
    outcome = ask(long_kb, "causes", "Stroke", disclaimer_shown=True)
    pages = [outcome.reply.text]
    while outcome.reply.payload.get("more"):
        context = dict(context_condition=outcome.condition, context_section=outcome.section, shown=outcome.shown)
        outcome = ask(long_kb, None, more=True, disclaimer_shown=True, **context)
        assert outcome.reply.payload["kind"] == "answer" and "(continued)" in outcome.reply.text
        pages.append(outcome.reply.text)
    shown = "\n".join(pages)
    assert all(f"Paragraph {n}:" in shown for n in range(1, 9)) and "• item 3" in shown
    last = ask(
        long_kb, None, text="tell me more", context_condition="Stroke", context_section="causes", shown=outcome.shown
    )
    assert last.reply.payload == {"kind": "chitchat"} and "That's all" in last.reply.text


def test_typed_more_continues_only_as_a_whole_message(kb):
    from bot.language.references import asks_for_more

    assert all(asks_for_more(t) for t in ["more", "tell me more", "go on please", "Continue", "show me more"])
    assert not any(asks_for_more(t) for t in ["tell me more about ALS", "more symptoms?", "", "what else"])


def test_authored_lists_fit_on_one_page(kb):
    assert "more" not in ask(kb, "causes", "Muscle atrophy").reply.payload


def test_a_missing_section_is_answered_from_the_sentences_of_other_sections(kb):
    from bot.answers.excerpts import ranked

    condition = kb.by_name("Rheumatoid arthritis")
    assert "prevention" not in condition.sections
    outcome = ask(kb, "prevention", condition.name, disclaimer_shown=True)
    payload = outcome.reply.payload
    assert (payload["kind"], payload["section"], payload["excerpt"]) == ("answer", "prevention", True)
    assert "no separate section on prevention" in outcome.reply.text
    found = ranked(condition, "", "prevention")
    assert payload["from_sections"] == list(found.from_sections) and "prevention" not in found.from_sections
    for sentence in found.sentences:
        assert sentence in outcome.reply.text
    more = ask(kb, None, more=True, context_condition=outcome.condition, context_section="prevention")
    assert more.reply.payload == {"kind": "chitchat"}


# --- real messages: several conditions, comparisons, stories, questions no section fits ---------


def real(kb, section, text, **context):
    """A question as the action reads it: the names and where the message names them (whole
    words, longest names first)."""
    import re

    from bot.language.reading import Mention

    mentions: list[Mention] = []
    names = sorted(((n, c.name) for c in kb.conditions.values() for n in c.names), key=lambda p: -len(p[0]))
    for name, canonical in names:
        for match in re.finditer(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
            if not any(m.start < match.end() and match.start() < m.end for m in mentions):
                mentions.append(Mention(canonical, match.start(), match.end()))
    mentions.sort(key=lambda m: m.start)
    names = [m.name for m in mentions]
    return answer_question(
        kb, Question(section=section, condition_names=names, text=text, mentions=mentions, **context)
    )


def test_the_condition_the_question_asks_about_is_answered_and_the_others_offered(kb):
    text = (
        "My dad has had osteoarthritis for years. Now the doctors say he has polymyositis. How is polymyositis treated?"
    )
    outcome = real(kb, "treatment", text)
    payload = outcome.reply.payload
    assert (payload["kind"], payload["condition"], payload["section"]) == ("answer", "Polymyositis", "treatment")
    assert payload["mentioned"] == ["Osteoarthritis"]
    assert "You also mentioned Osteoarthritis" in outcome.reply.text
    assert any(b["title"] == "Tell me about Osteoarthritis" for b in outcome.reply.buttons)


def test_two_conditions_asked_alike_are_both_answered_three_ask_which_one(kb):
    payload = real(kb, "symptoms", "what are the symptoms of polio and stroke?").reply.payload
    assert (payload["kind"], payload["conditions"], payload["section"]) == ("answer", ["Polio", "Stroke"], "symptoms")
    outcome = real(kb, "symptoms", "what are the symptoms of polio, stroke and burns?")
    assert outcome.reply.payload == {"kind": "disambiguation", "candidates": ["Polio", "Stroke", "Burns"]}


def test_two_conditions_compared_are_answered_one_after_the_other(kb):
    text = "My aunt has one and my uncle the other: what is the difference between polymyositis and dermatomyositis?"
    outcome = real(kb, "types", text)
    payload = outcome.reply.payload
    assert payload["kind"] == "answer" and payload["conditions"] == ["Polymyositis", "Dermatomyositis"]
    assert payload["section"] == "overview"  # "difference" is not a question about types
    assert [p["condition"] for p in payload["parts"]] == ["Polymyositis", "Dermatomyositis"]
    assert {s["url"] for s in payload["sources"]} == {
        s.url for name in ("Polymyositis", "Dermatomyositis") for s in kb.by_name(name).sources
    }
    text_out = outcome.reply.text
    assert text_out.index("Polymyositis — Overview") < text_out.index("Dermatomyositis — Overview")
    assert text_out.count(DISCLAIMER) == 1


def test_a_comparison_shows_a_first_page_of_each_and_offers_no_more(kb):
    long_stroke = _long_condition(kb).by_name("Stroke")
    two = KnowledgeBase([long_stroke, kb.by_name("Polio")])
    reply = real(two, "causes", "what is the difference between stroke and polio in their causes?").reply
    assert reply.payload["conditions"] == ["Stroke", "Polio"] and reply.payload["section"] == "causes"
    assert "Paragraph 1:" in reply.text and "Paragraph 8:" not in reply.text
    assert "say “more”" not in reply.text and all("more" not in part for part in reply.payload["parts"])
    assert not any(b["title"] == "More" for b in reply.buttons)


def test_a_story_asking_for_general_information_gets_it(kb):
    text = "My sister was just told she has rheumatoid arthritis. What are the symptoms?"
    payload = real(kb, "symptoms", text).reply.payload
    assert (payload["kind"], payload["condition"], payload["section"]) == ("answer", "Rheumatoid arthritis", "symptoms")
    assert "personal" not in payload


def test_a_personal_diagnosis_gets_the_general_information_and_what_the_bot_cannot_do(kb):
    outcome = real(kb, "inheritance", "My knees ache after walks. Do you think I have osteoarthritis?")
    payload = outcome.reply.payload
    assert (payload["kind"], payload["condition"], payload["section"]) == ("answer", "Osteoarthritis", "overview")
    assert payload["personal"] is True and outcome.reply.text.startswith("I can't tell whether this applies to you")


def test_a_long_message_naming_two_conditions_alike_answers_the_first_and_offers_the_other(kb):
    text = "My uncle has osteoarthritis and my aunt has polymyositis. We worry about them both. Any news on treatment?"
    payload = real(kb, "treatment", text).reply.payload
    assert (payload["kind"], payload["condition"], payload["mentioned"]) == (
        "answer",
        "Osteoarthritis",
        ["Polymyositis"],
    )


def test_a_personal_question_about_seeing_a_doctor_gets_when_to_see_one(kb):
    text = "My son got a burn on his hand from the stove this morning. Should we take him to a doctor for it?"
    payload = real(kb, "when_to_see_doctor", text).reply.payload
    assert (payload["kind"], payload["condition"], payload["section"]) == ("answer", "Burns", "when_to_see_doctor")
    assert payload["personal"] is True


def test_a_question_no_section_fits_is_answered_from_ranked_sentences(kb):
    outcome = real(kb, "overview", "My husband has ALS. Is ALS contagious at all, or can I catch it from him?")
    payload = outcome.reply.payload
    if payload["kind"] == "answer":  # the ranked sentences, marked as an excerpt, never a whole section
        assert payload["excerpt"] is True and payload["from_sections"] and "section" not in payload
    else:  # nothing in ALS's text speaks to it: what there is, said plainly
        assert payload["kind"] == "missing_section" and payload["section"] is None
        assert "Nothing in what I have on Amyotrophic lateral sclerosis speaks to that question" in outcome.reply.text


def test_a_question_beyond_a_section_gets_the_sentences_that_speak_to_it(kb):
    from bot.answers.excerpts import ranked

    condition = kb.by_name("Amyotrophic lateral sclerosis")
    question = "Is riluzole a medicine for ALS?"
    found = ranked(condition, question, "treatment")
    assert found is not None and any("riluzole" in s for s in found.sentences)
    payload = real(kb, "treatment", question).reply.payload
    assert (payload["kind"], payload["section"], payload["excerpt"]) == ("answer", "treatment", True)
    assert payload["from_sections"] == list(found.from_sections)


def test_the_main_question_of_a_long_message_that_asks_beyond_a_section_gets_sentences(kb):
    # no yes-or-no question: the main question asks of riluzole, beyond the treatment section
    text = "My wife has had ALS for two years. We heard that riluzole can slow ALS down, please tell us more."
    payload = real(kb, "treatment", text).reply.payload
    assert (payload["kind"], payload["section"], payload.get("excerpt")) == ("answer", "treatment", True)
    # asking the section and nothing beyond it, the long message gets the section whole
    text = "My wife has had ALS for two years and is tired of it all. What treatments are there for ALS?"
    payload = real(kb, "treatment", text).reply.payload
    assert (payload["kind"], payload["section"]) == ("answer", "treatment") and "excerpt" not in payload


def test_a_yes_or_no_question_a_section_answers_gets_the_section(kb):
    for text, section in [("is there a cure for ALS?", "treatment"), ("does ALS have complications?", "complications")]:
        payload = real(kb, section, text).reply.payload
        assert (payload["kind"], payload["section"]) == ("answer", section) and "excerpt" not in payload, text


def test_ranked_sentences_need_a_cue_or_two_words_of_the_question(kb):
    from bot.answers.excerpts import ranked

    condition = kb.by_name("Dermatomyositis")
    assert ranked(condition, "what is dermatomyositis also known as", "alternative_names") is None
    assert ranked(condition, "what does the doctor ask at the first visit", "office_visit") is None
    found = ranked(condition, "how is it treated", "treatment")
    assert found is not None and "treatment" in found.from_sections


def test_a_section_cites_the_page_it_came_from():
    from bot.answers.excerpts import ranked
    from bot.answers.replies import answer, ranked_answer
    from bot.knowledge.dataset import Condition, Section, Source

    nhlbi = Source("Overweight and Obesity — NHLBI", "https://example.org/nhlbi")
    plus = Source("Obesity — MedlinePlus", "https://example.org/medlineplus")
    condition = Condition(
        "obesity",
        "Obesity",
        (),
        {
            "overview": Section("Obesity means having too much body fat.", sources=(plus,)),
            "causes": Section("Eating more calories than you burn causes obesity over time.", sources=(nhlbi,)),
            "treatment": Section("Lifestyle changes treat obesity."),  # authored: the condition's sources
        },
        (),
        (plus, nhlbi),
        None,
    )
    causes = answer(condition, "causes", with_disclaimer=False)
    assert causes.payload["sources"] == [{"title": nhlbi.title, "url": nhlbi.url}]
    assert nhlbi.url in causes.text and plus.url not in causes.text
    treatment = answer(condition, "treatment", with_disclaimer=False)
    assert [s["url"] for s in treatment.payload["sources"]] == [plus.url, nhlbi.url]
    excerpt = ranked(condition, "do calories cause obesity", "causes")
    assert excerpt is not None and excerpt.from_sections == ("causes",)
    assert ranked_answer(condition, "causes", excerpt, False).payload["sources"] == [
        {"title": nhlbi.title, "url": nhlbi.url}
    ]


def test_a_condition_with_several_sections_is_the_focus_over_a_one_summary_topic(kb):
    from dataclasses import replace

    # "Vitamin pills" stands for MedQuAD's everyday topics and medicine pages: a summary only
    polio, stroke = kb.by_name("Polio"), kb.by_name("Stroke")
    pills = replace(
        stroke,
        id="vitamin_pills",
        name="Vitamin pills",
        alternative_names=(),
        sections={"overview": stroke.sections["overview"]},
    )
    two = KnowledgeBase([pills, polio])
    text = "My uncle takes vitamin pills and has polio. His legs are weak. Is there any news?"
    payload = real(two, "treatment", text).reply.payload
    assert (payload["condition"], payload["mentioned"]) == ("Polio", ["Vitamin pills"])


def test_a_question_heard_as_asking_a_missing_section_is_answered_from_what_it_asks(kb):
    # The intent model may hear "types" in a long message; rheumatoid arthritis has no such
    # section, and what the question asks beyond it ("autoimmune") is what the sentences answer.
    text = "My aunt has had it for years. Is rheumatoid arthritis autoimmune?"
    outcome = real(kb, "types", text, disclaimer_shown=True)
    payload = outcome.reply.payload
    assert (payload["kind"], payload["excerpt"], "section" in payload) == ("answer", True, False)
    assert "long-term autoimmune disease" in outcome.reply.text
    assert "no separate section on types" not in outcome.reply.text
    # nothing of it speaks to the question either: the missing section, as before
    nothing = real(kb, "types", "My aunt has it. Is rheumatoid arthritis zxqv?", disclaimer_shown=True)
    assert (nothing.reply.payload["kind"], nothing.reply.payload["section"]) == ("missing_section", "types")

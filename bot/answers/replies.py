"""The bot's replies: readable text for people and the contract's payload for machines.

Every reply carries a payload whose `kind` is one of `../shared/CONTRACT.md`'s kinds.
Text is plain: paragraphs separated by a blank line, list items as "• " lines, so that every
channel (REST, Socket.IO, the terminal, messaging apps) shows it readably.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.answers.excerpts import Ranked
from bot.knowledge.dataset import Condition
from bot.vocabulary import (
    ANSWER_KIND,
    BULLET,
    CHITCHAT_KIND,
    DEFAULT_SECTION,
    DISAMBIGUATION_KIND,
    ERROR_KIND,
    FALLBACK_KIND,
    GREETING_KIND,
    MISSING_SECTION_KIND,
    MORE_INTENT,
    SECTION_TITLES,
    UNKNOWN_CONDITION_KIND,
    intent_for_section,
    intent_payload,
)

DISCLAIMER = (
    "This is general information, not medical advice. For advice about your own health, "
    "talk to a doctor, nurse or pharmacist."
)


@dataclass(frozen=True)
class Reply:
    text: str
    payload: dict[str, Any]
    buttons: tuple[dict[str, str], ...] = field(default=())


def section_button(condition: Condition, key: str) -> dict[str, str]:
    """A button that asks for one section of a condition; its payload works in every channel."""
    return {"title": SECTION_TITLES[key], "payload": intent_payload(intent_for_section(key), condition.name)}


# Long answers (MedQuAD's run to hundreds of words) are shown a page at a time, with a "More"
# button; a page ends before the block that would take it past these limits.
PAGE_CHARS = 1200
PAGE_ITEMS = 20
MORE_PAYLOAD = intent_payload(MORE_INTENT)
MORE_HINT = "… (say “more” to continue)"


def render_blocks(blocks: Sequence[str]) -> str:
    """Blocks as text: paragraphs apart, consecutive bullet lines together."""
    text = ""
    for index, block in enumerate(blocks):
        if index:
            text += "\n" if block.startswith(BULLET) and blocks[index - 1].startswith(BULLET) else "\n\n"
        text += block
    return text


def page_end(blocks: Sequence[str], start: int) -> int:
    """Where the page that starts at block `start` ends (at least one block)."""
    end, chars, items = start, 0, 0
    while end < len(blocks):
        block = blocks[end]
        is_item = block.startswith(BULLET)
        if end > start and (chars + len(block) > PAGE_CHARS or (is_item and items >= PAGE_ITEMS)):
            break
        chars, items, end = chars + len(block), items + is_item, end + 1
    return end


def render_sources(condition: Condition, keys: Sequence[str] = ()) -> str:
    """The sources as a line of text; clients that show links read them from the payload."""
    return sources_text(sources_payload(condition, keys))


def sources_text(sources: Sequence[Mapping[str, Any]]) -> str:
    """Sources as the payload has them, as a line: "Sources: Title (url); Title (url)", or ""
    when none has a title or a URL (a channel may be handed any payload)."""
    rendered = []
    for source in sources:
        title, url = str(source.get("title") or "").strip(), str(source.get("url") or "").strip()
        if title or url:
            rendered.append(f"{title} ({url})" if title and url else title or url)
    if not rendered:
        return ""
    return ("Source: " if len(rendered) == 1 else "Sources: ") + "; ".join(rendered)


def sources_payload(condition: Condition, keys: Sequence[str] = ()) -> list[dict[str, str]]:
    """The payload's `sources`: [{"title", "url"}] as the contract has it. With section keys,
    the pages those sections came from (a condition merged from several pages cites the one
    quoted), else the condition's sources."""
    sections = [condition.sections.get(key) for key in keys]
    cited = list(dict.fromkeys(s for section in sections if section for s in section.sources))
    if not cited or any(section is None or not section.sources for section in sections):
        cited = list(condition.sources)
    return [{"title": s.title, "url": s.url} for s in cited]


def add_notice(paragraphs: list[str], payload: dict[str, Any], with_disclaimer: bool) -> None:
    """The not-medical-advice notice, as the last paragraph and in the payload's `notice`."""
    if with_disclaimer:
        paragraphs.append(DISCLAIMER)
        payload["notice"] = DISCLAIMER


def condition_button(condition: Condition, key: str = DEFAULT_SECTION, title: str | None = None) -> dict[str, str]:
    """A button naming a condition that asks for one of its sections ("Tell me about Stroke")."""
    return {**section_button(condition, key), "title": title or condition.name}


def answer(
    condition: Condition,
    key: str,
    with_disclaimer: bool,
    linked: Sequence[Condition] = (),
    start: int = 0,
) -> Reply:
    """A page of a section of a condition, with its sources; the disclaimer goes in the first
    answer. Conditions the section's list names are offered as buttons; a page that does not
    reach the end offers "More"."""
    section = condition.section(key)
    assert section is not None, f"{condition.id} has no section {key}"
    blocks = section.blocks()
    end = page_end(blocks, start)
    heading = f"{condition.name} — {SECTION_TITLES[key]}" + (" (continued)" if start else "")
    paragraphs = [heading, render_blocks(blocks[start:end])]
    payload: dict[str, Any] = {
        "kind": ANSWER_KIND,
        "condition": condition.name,
        "section": key,
        "sources": sources_payload(condition, [key]),
    }
    buttons = [condition_button(c, title=f"Tell me about {c.name}") for c in linked]
    if end < len(blocks):
        paragraphs.append(MORE_HINT)
        payload["more"] = True
        buttons.insert(0, {"title": "More", "payload": MORE_PAYLOAD})
    paragraphs.append(render_sources(condition, [key]))
    add_notice(paragraphs, payload, with_disclaimer)
    if linked:
        payload["related"] = [c.name for c in linked]
    return Reply("\n\n".join(paragraphs), payload, tuple(buttons))


def ranked_answer(condition: Condition, key: str | None, ranked: Ranked, with_disclaimer: bool) -> Reply:
    """A question no section answers whole ("is it contagious?", or a section the condition
    lacks): the sentences of its sections that speak to it, marked as an excerpt."""
    titles = ", ".join(SECTION_TITLES[k].lower() for k in ranked.from_sections)
    heading = f"{condition.name} — {SECTION_TITLES[key]}" if key else condition.name
    intro = (
        f"I have no separate section on {SECTION_TITLES[key].lower()} for {condition.name}; "
        if key and condition.section(key) is None
        else ""
    ) + f"these sentences of what I have on it ({titles}) speak to your question:"
    paragraphs = [
        heading,
        intro[0].upper() + intro[1:],
        "\n".join(BULLET + sentence for sentence in ranked.sentences),
        render_sources(condition, ranked.from_sections),
    ]
    payload: dict[str, Any] = {
        "kind": ANSWER_KIND,
        "condition": condition.name,
        "sources": sources_payload(condition, ranked.from_sections),
        "excerpt": True,
        "from_sections": list(ranked.from_sections),
        "from_section": ranked.from_sections[0],
    }
    if key:
        payload["section"] = key
    add_notice(paragraphs, payload, with_disclaimer)
    return Reply("\n\n".join(paragraphs), payload)


def nothing_found(condition: Condition, key: str | None) -> Reply:
    """A question that nothing in the condition's text speaks to: say so, and what there is."""
    if key and condition.section(key) is None:
        return missing_section(condition, key)
    available = condition.available_sections()
    text = (
        f"Nothing in what I have on {condition.name} speaks to that question. I can tell you about: "
        f"{', '.join(SECTION_TITLES[k].lower() for k in available)}. A doctor or pharmacist can answer it for you."
    )
    payload = {"kind": MISSING_SECTION_KIND, "condition": condition.name, "section": key, "available": available}
    return Reply(
        text, {**payload, "sources": sources_payload(condition)}, tuple(section_button(condition, k) for k in available)
    )


def comparison(conditions: Sequence[Condition], key: str, parts: Sequence[Reply], with_disclaimer: bool) -> Reply:
    """Two conditions one after the other ("what is the difference between A and B?"): each part
    is that condition's reply to the asked section, without its notice."""
    paragraphs = [f"{' and '.join(c.name for c in conditions)}: here is what I have on each, one after the other."]
    # Each part is its first page; "more" would continue neither, so it is not offered.
    paragraphs += [part.text.replace("\n\n" + MORE_HINT, "") for part in parts]
    payload: dict[str, Any] = {
        "kind": ANSWER_KIND,
        "condition": conditions[0].name,
        "conditions": [c.name for c in conditions],
        "section": key,
        "sources": [source for part in parts for source in part.payload.get("sources", ())],
        "parts": [{k: v for k, v in part.payload.items() if k not in ("sources", "notice", "more")} for part in parts],
    }
    add_notice(paragraphs, payload, with_disclaimer)
    buttons = tuple(b for part in parts for b in part.buttons if b.get("title") != "More")
    return Reply("\n\n".join(paragraphs), payload, buttons)


PERSONAL_NOTE = (
    "I can't tell whether this applies to you or what you should do: only a doctor who knows you can. "
    "Here is the general information I have."
)


def with_context(reply: Reply, mentioned: Sequence[Condition], personal: bool) -> Reply:
    """An answer to a long message: first, when it asked for a personal diagnosis or decision,
    what the bot cannot do; after, the other conditions it named, as buttons."""
    text, payload, buttons = reply.text, dict(reply.payload), reply.buttons
    if personal:
        text = PERSONAL_NOTE + "\n\n" + text
        payload["personal"] = True
    if mentioned:
        names = [c.name for c in mentioned]
        text += f"\n\nYou also mentioned {', '.join(names)}: ask about {'them' if len(names) > 1 else 'it'} any time."
        payload["mentioned"] = names
        buttons = buttons + tuple(condition_button(c, title=f"Tell me about {c.name}") for c in mentioned)
    return Reply(text, payload, buttons)


def nothing_more(condition: Condition, key: str) -> Reply:
    """ "More" after the end of an answer: say so and offer the other sections."""
    others = [k for k in condition.available_sections() if k != key]
    return Reply(
        f"That's all I have on {SECTION_TITLES[key].lower()} for {condition.name}.",
        {"kind": CHITCHAT_KIND},
        tuple(section_button(condition, k) for k in others),
    )


def missing_section(condition: Condition, key: str) -> Reply:
    """The condition lacks the asked section: what it has, as buttons, or where to read more."""
    available = condition.available_sections()
    text = f"I don't have information on {SECTION_TITLES[key].lower()} for {condition.name}."
    if available:
        text += f" I can tell you about: {', '.join(SECTION_TITLES[k].lower() for k in available)}."
    elif condition.sources:
        # A condition known only by name (MedQuAD documents without answers): point to its page.
        text += " I only know its name; you can read about it here:\n\n" + render_sources(condition)
    return Reply(
        text,
        {
            "kind": MISSING_SECTION_KIND,
            "condition": condition.name,
            "section": key,
            "available": available,
            "sources": sources_payload(condition),
        },
        tuple(section_button(condition, k) for k in available),
    )


def unknown_condition(query: str, suggestions: Sequence[Condition], known: int) -> Reply:
    """No condition of the data matches; the closest names are offered as buttons."""
    text = f"I don't have information about “{query}” in my sources."
    if suggestions:
        text += " Did you mean one of these?\n\n" + "\n".join(BULLET + c.name for c in suggestions)
    text += (
        f"\n\nI can answer questions about {known} conditions: what they are, causes, symptoms, "
        "tests, treatment and more. For anything else, a doctor or pharmacist can help."
    )
    return Reply(
        text,
        {"kind": UNKNOWN_CONDITION_KIND, "query": query, "suggestions": [c.name for c in suggestions]},
        tuple(condition_button(c) for c in suggestions),
    )


def which_condition(section: str, examples: Sequence[Condition]) -> Reply:
    """A section question with no condition to answer it about."""
    topic = SECTION_TITLES[section].lower()
    text = f"Which condition would you like to know about ({topic})? For example: " + ", ".join(
        c.name for c in examples
    )
    return Reply(
        text + ".",
        {"kind": UNKNOWN_CONDITION_KIND, "query": "", "suggestions": [c.name for c in examples]},
        tuple(condition_button(c, section) for c in examples),
    )


def disambiguation(query: str, candidates: Sequence[Condition], section: str) -> Reply:
    """Several conditions fit what the user wrote: one button each, for the asked section."""
    intro = f"“{query}” could mean more than one condition." if query else "Which one do you mean?"
    lines = "\n".join(f"{i}. {c.name}" for i, c in enumerate(candidates, start=1))
    return Reply(
        f"{intro} Which one do you mean?\n\n{lines}" if query else f"{intro}\n\n{lines}",
        {"kind": DISAMBIGUATION_KIND, "candidates": [c.name for c in candidates]},
        tuple(condition_button(c, section) for c in candidates),
    )


def fallback(examples: Sequence[Condition]) -> Reply:
    """The bot did not understand: a rephrase hint with example questions."""
    names = [c.name for c in examples[:2]] or ["muscle atrophy", "stroke"]
    text = (
        "Sorry, I didn't understand that. Could you rephrase it as a question about a condition? "
        f"For example: “What causes {names[0].lower()}?” or “How is {names[-1].lower()} treated?”"
    )
    buttons = tuple(condition_button(c, key) for c, key in zip(examples[:2], ("causes", "treatment"), strict=False))
    return Reply(text, {"kind": FALLBACK_KIND}, buttons)


def topics(conditions: Sequence[Condition], limit: int) -> Reply:
    """After repeated misunderstandings: what the bot can talk about, as buttons."""
    shown = list(conditions[:limit])
    more = len(conditions) - len(shown)
    text = (
        "I'm still not sure what you mean, sorry. I can tell you about these conditions"
        + (f" (and {more} more)" if more > 0 else "")
        + ":\n\n"
        + "\n".join(BULLET + c.name for c in shown)
        + "\n\nFor each one I can explain what it is, its causes, symptoms, tests, treatment, "
        "home care and when to see a doctor."
    )
    return Reply(
        text,
        {"kind": FALLBACK_KIND, "topics": [c.name for c in shown]},
        tuple(condition_button(c) for c in shown),
    )


def fresh_start() -> Reply:
    """After "/restart" or "/session_start": the conversation begins again."""
    return Reply(
        "Starting afresh: I've forgotten what we talked about. Ask me about a condition whenever you like.",
        {"kind": GREETING_KIND, "restart": True},
    )


def error() -> Reply:
    return Reply(
        "Sorry, something went wrong on my side. Please try again in a moment.",
        {"kind": ERROR_KIND},
    )

"""Score the trained model on held-out messages it never trained on; fail below the bar.

Each message goes through the whole NLU pipeline (intent model, condition extractor, emergency
detector), as in the running bot. A message counts for the condition score when the condition
entities found are exactly the annotated ones (span and value), so a false find is a miss too.

    python -m scripts.score_nlu --model models/health-assistant.tar.gz --data tests/nlu_holdout.yml

With `--cross-validation DIR`, it prints the summary of `rasa test nlu --cross-validation`'s
reports in DIR instead.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

# The model names the project's own NLU components (bot.nlu.*) by module path: run this module
# from the repository root (`python -m scripts.score_nlu`), which puts bot/ on the path.
ENTITY = "condition"


def _conditions(entities: list[dict]) -> set[tuple[int, int, str]]:
    return {(e["start"], e["end"], str(e["value"])) for e in entities if e.get("entity") == ENTITY}


async def score(model: Path, data: Path) -> dict:
    import logging

    import structlog

    # Rasa's processor logs every parse at debug level through structlog.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.basicConfig(level=logging.WARNING)
    from rasa.core.agent import Agent
    from rasa.shared.nlu.training_data.loading import load_data

    agent = Agent.load(str(model))
    messages = load_data(str(data)).intent_examples
    intent_hits = condition_hits = 0
    misses = []
    for message in messages:
        text, expected_intent = message.get("text"), message.get("intent")
        expected = _conditions(message.get("entities") or [])
        parsed = await agent.parse_message(text)
        intent = parsed["intent"]["name"]
        found = _conditions(parsed["entities"])
        intent_hits += intent == expected_intent
        condition_hits += found == expected
        if intent != expected_intent or found != expected:
            misses.append(
                {
                    "text": text,
                    "intent": expected_intent,
                    "predicted_intent": intent,
                    "conditions": sorted(expected),
                    "predicted_conditions": sorted(found),
                }
            )
    total = len(messages)
    return {
        "messages": total,
        "intent_accuracy": intent_hits / total,
        "condition_accuracy": condition_hits / total,
        "misses": misses,
    }


def cross_validation_summary(directory: Path) -> str:
    """One line from the intent and condition reports of a cross-validation run."""
    intents = json.loads((directory / "intent_report.json").read_text(encoding="utf-8"))
    line = f"NLU cross-validation ({directory}): intent accuracy {intents['accuracy']:.1%}"
    for report in sorted(directory.glob("*Extractor_report.json")):
        condition = json.loads(report.read_text(encoding="utf-8")).get(ENTITY, {})
        if condition:
            line += f", {report.name.split('_report')[0]} condition F1 {condition['f1-score']:.1%}"
    return line


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cross-validation", type=Path, metavar="DIR")
    parser.add_argument("--model", type=Path)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--out", type=Path, default=Path("results/nlu_holdout.json"))
    parser.add_argument("--min", type=float, default=0.95, help="lowest passing accuracy")
    args = parser.parse_args()
    if args.cross_validation:
        print(cross_validation_summary(args.cross_validation))
        return 0
    if not (args.model and args.data):
        parser.error("--model and --data are needed")
    result = asyncio.run(score(args.model, args.data))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for miss in result["misses"]:
        print(
            f"  miss: {miss['text']!r}: intent {miss['predicted_intent']} (expected {miss['intent']}), "
            f"conditions {miss['predicted_conditions']} (expected {miss['conditions']})"
        )
    print(
        f"Held-out NLU ({result['messages']} messages, {args.data}): "
        f"intent accuracy {result['intent_accuracy']:.1%}, "
        f"condition accuracy {result['condition_accuracy']:.1%} (bar {args.min:.0%}; details in {args.out})"
    )
    passed = min(result["intent_accuracy"], result["condition_accuracy"]) >= args.min
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())

"""The layers of `bot/` (its package docstring): every import, read from the source with `ast`,
goes down the layers, and the parts that are plain functions import no Rasa."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What each part may import of the project, besides itself.
ALLOWED: dict[str, set[str]] = {
    "bot": set(),  # the package's docstring; a module outside the packages below belongs nowhere
    "bot.vocabulary": set(),
    "bot.language": {"bot.vocabulary"},
    "bot.knowledge": {"bot.vocabulary", "bot.language"},
    # The command line (bot/build/cli.py) hands `coverage` and `gaps` to their report modules.
    "bot.build": {"bot.vocabulary", "bot.language", "bot.knowledge", "bot.reports"},
    "bot.reports": {"bot.vocabulary", "bot.language", "bot.knowledge"},
    "bot.answers": {"bot.vocabulary", "bot.language", "bot.knowledge"},
    "bot.nlu": {"bot.vocabulary", "bot.language", "bot.knowledge"},
    "bot.channels": {"bot.vocabulary", "bot.answers"},
    "bot.stores": {"bot.vocabulary"},
    "bot.clients": {"bot.vocabulary"},
    "bot.__main__": {"bot.build"},
    "actions": {"bot.vocabulary", "bot.language", "bot.knowledge", "bot.answers"},
    "scripts": {"bot"},
}
# Parts that run without Rasa's machinery: understanding and answering are plain functions.
NO_RASA = ("bot.language", "bot.knowledge", "bot.answers", "bot.build", "bot.clients", "bot.reports")
PROJECT = ("bot", "actions", "scripts", "tests")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def part_of(module: str) -> str:
    """The entry of ALLOWED a module belongs to: the longest one that is a prefix of it."""
    return max((p for p in ALLOWED if module == p or module.startswith(p + ".")), key=len)


def imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def covers(allowed: str, module: str) -> bool:
    return module == allowed or module.startswith(allowed + ".")


def wrong_imports(module: str, found: set[str]) -> list[str]:
    """The project modules among `found` that `module` may not import."""
    part = part_of(module)
    own = {m for m in found if m.split(".")[0] in PROJECT and m != "bot"}
    return sorted(
        m
        for m in own
        # The package itself ("bot") owns nothing below it: each part is judged by its own entry.
        if not (covers(part, m) and part != "bot")
        and not any(covers(allowed, m) for allowed in ALLOWED[part])
        # "from bot.answers import replies" also names the package: judged by the module.
        and not any(other.startswith(m + ".") for other in own)
    )


SOURCES = sorted(p for top in ("bot", "actions", "scripts") for p in (ROOT / top).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_down_the_layers(path: Path) -> None:
    module = module_name(path)
    wrong = wrong_imports(module, imports(path))
    assert not wrong, f"{module} ({part_of(module)}) imports {wrong}"


@pytest.mark.parametrize("path", [p for p in SOURCES if part_of(module_name(p)) in NO_RASA], ids=str)
def test_plain_parts_import_no_rasa(path: Path) -> None:
    rasa = sorted(m for m in imports(path) if m.split(".")[0] in {"rasa", "rasa_sdk", "sanic"})
    assert not rasa, f"{module_name(path)} imports {rasa}"


def test_every_part_has_modules_and_every_module_a_part() -> None:
    assert {part_of(module_name(p)) for p in SOURCES} == set(ALLOWED)


def test_imports_up_the_layers_or_into_tests_are_caught() -> None:
    assert wrong_imports("bot.language.matching", {"bot.answers", "bot.answers.replies"}) == ["bot.answers.replies"]
    assert wrong_imports("bot.knowledge.dataset", {"bot.language.normalization"}) == []
    assert wrong_imports("scripts.bench", {"tests.servers", "tests.servers.free_port"}) == ["tests.servers.free_port"]
    assert wrong_imports("bot.clients.terminal", {"bot.answers.replies.BULLET"}) == ["bot.answers.replies.BULLET"]
    assert wrong_imports("bot", {"bot.answers.replies"}) == ["bot.answers.replies"]
    assert wrong_imports("bot.reports.gaps", {"bot.answers.replies"}) == ["bot.answers.replies"]

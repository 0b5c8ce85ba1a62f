"""The stylesheet works on old phones: browsers without CSS custom properties (old Android WebViews) drop every
declaration that uses var(), so each one is preceded by a plain declaration of the same property in the same rule
(otherwise the masthead is white on white there)."""

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "portal" / "static" / "portal.css"


def declarations(css: str):
    """(selector, [(property, value), …]) for every innermost rule, comments removed; @media rules included."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for selector, body in re.findall(r"([^{}]*)\{([^{}]*)\}", css):
        decls = []
        for part in body.split(";"):
            if ":" in part:
                prop, value = part.split(":", 1)
                decls.append((prop.strip(), value.strip()))
        yield selector.strip(), decls


def missing_fallbacks(css: str) -> list[str]:
    problems = []
    for selector, decls in declarations(css):
        for n, (prop, value) in enumerate(decls):
            if "var(" in value and not prop.startswith("--"):
                if not any(p == prop and "var(" not in v for p, v in decls[:n]):
                    problems.append(f"{selector} {{ {prop}: {value} }}")
    return problems


def test_the_checker_finds_a_var_without_fallback():
    assert missing_fallbacks(".a { color: var(--red); }") == [".a { color: var(--red) }"]
    assert missing_fallbacks(".a { color: #a61b1b; color: var(--red); }") == []
    assert missing_fallbacks(".a { background: #fff; color: var(--red); }") == [".a { color: var(--red) }"]
    assert missing_fallbacks("@media print { .a { color: var(--ink); } }") == [".a { color: var(--ink) }"]
    assert missing_fallbacks(":root { --red: #a61b1b; }") == []


def test_every_var_in_the_stylesheet_has_a_plain_fallback_before_it():
    css = CSS.read_text(encoding="utf-8")
    assert "var(" in css
    assert missing_fallbacks(css) == []

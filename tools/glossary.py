"""Build docs/glossary.md from the notebooks.

At a key term's first use a notebook writes it in bold with its Traditional
Chinese name in parentheses: ``**activation function** (激勵函數)``. This
script collects those terms in course order, keeping where each is first
taught, and writes the glossary; ``--check`` only reports whether the file
is up to date (the tests use it).

    python tools/glossary.py [--check]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
GLOSSARY = ROOT / "docs" / "glossary.md"
# **English term** (中文) or (中文, ABBREVIATION), allowing Chinese punctuation and a slash,
# and a Latin name before the Chinese word: **softmax** (Softmax 函數)
TERM = re.compile(
    r"\*\*([A-Za-z][^*\n]{0,60}?)\*\*\s*\(((?:[A-Za-z]+ )?[\u3400-\u9fff\uff0f/、 ]+)(?:,\s*[A-Za-z][\w-]*)?\)"
)


CONFLICTS: list[str] = []
MAINLAND: list[str] = []

# Mainland renderings that Taiwanese textbooks do not use (docs/notation.md), with the
# Taiwan form to write instead. Checked in every markdown cell, not only in glossary terms.
MAINLAND_FORMS = {
    "循環神經網路": "遞迴神經網路",
    "循环神经网络": "遞迴神經網路",
    "過擬合": "過度擬合",
    "欠擬合": "擬合不足",
    "優化器": "最佳化器",
    "优化器": "最佳化器",
    "鏈鎖律": "連鎖律",
    "鏈式法則": "連鎖律",
    "链式法则": "連鎖律",
    "局部最小值": "局部極小值",
    "概率": "機率",
    "階躍函數": "步階函數",
    "阶跃函数": "步階函數",
    "數據集": "資料集",
    "数据集": "資料集",
    "神經元網絡": "神經網路",
    "神經網絡": "神經網路",
    "神经网络": "神經網路",
    "反向傳遞": "反向傳播",
}


def mainland_forms(text: str, where: str) -> list[str]:
    """Each Mainland form in ``text``, as 'where: X (write Y)'."""
    return [f"{where}: {bad} (write {good})" for bad, good in MAINLAND_FORMS.items() if bad in text]


def collect() -> list[tuple[str, str, list[str]]]:
    """(English, Chinese, notebooks that introduce it) for every term, in course order."""
    seen: dict[str, tuple[str, str, list[str]]] = {}
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            MAINLAND.extend(mainland_forms(text, path.name))
            for english, chinese in TERM.findall(text):
                key = english.strip().lower()
                if key not in seen:
                    seen[key] = (english.strip(), chinese.strip(), [])
                elif seen[key][1] != chinese.strip():
                    CONFLICTS.append(f"{english.strip()!r}: {seen[key][1]} ({seen[key][2][0]}) "
                                     f"vs {chinese.strip()} ({path.name})")
                if path.name not in seen[key][2]:
                    seen[key][2].append(path.name)
    return list(seen.values())


def render(terms: list[tuple[str, str, list[str]]]) -> str:
    lines = [
        "# Glossary",
        "",
        "Every key term of the course with its Traditional Chinese name and the notebooks that",
        "introduce it (00 names many terms in its overview; the lesson that teaches a term comes",
        "after). Built by `python tools/glossary.py` from the notebooks, where a term's first use",
        "is written `**English term** (中文)`; do not edit by hand.",
        "",
        "| English | 繁體中文 | introduced in |",
        "|---|---|---|",
    ]
    for english, chinese, notebooks in sorted(terms, key=lambda t: t[0].lower()):
        links = ", ".join(f"[{nb[:2]}](../notebooks/{nb})" for nb in notebooks)
        lines.append(f"| {english} | {chinese} | {links} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build docs/glossary.md from the notebooks.")
    parser.add_argument("--check", action="store_true", help="report whether it is up to date")
    args = parser.parse_args(argv)
    text = render(collect())
    if CONFLICTS:
        print("one term, two Chinese names (use one):\n  " + "\n  ".join(CONFLICTS))
        return 1
    if MAINLAND:
        print("Mainland usage; the course writes Taiwan's terms (docs/notation.md):\n  "
              + "\n  ".join(sorted(set(MAINLAND))))
        return 1
    current = GLOSSARY.read_text(encoding="utf-8") if GLOSSARY.exists() else ""
    if text == current:
        print(f"{GLOSSARY.relative_to(ROOT)} is up to date")
        return 0
    if args.check:
        print(f"{GLOSSARY.relative_to(ROOT)} is out of date: run python tools/glossary.py")
        return 1
    GLOSSARY.write_text(text, encoding="utf-8")
    print(f"wrote {GLOSSARY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Find glossary terms a page uses before (or without) linking them, and abbreviations
no glossary entry defines.

The glossary (``book/glossary.md``) is one ``{glossary}`` block: one or more term lines
(the entry and its aliases), then an indented definition. A page links a term with the
``{term}`` role. Two checks read the prose of every page in ``_toc.yml`` (its Markdown
cells, as a student reads them; code, glue, citation keys, link targets, directive
options and headings are not prose):

- **first use**: the first time a page uses a glossary term (any of its names), that use
  is a ``{term}`` link to it; a plain use before the first link is reported;
- **abbreviations**: every run of capitals (digits and inner hyphens allowed, at least
  two capitals, as in ``TNBC``, ``CA15-3``, ``PD-L1``) is a glossary name or is in
  ``tests/abbreviation_allowlist.toml`` with a reason.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "book" / "glossary.md"
ALLOWLIST = Path(__file__).with_name("abbreviation_allowlist.toml")
#: Pages that are the glossary or only list sources: not scanned.
NOT_SCANNED = frozenset({"glossary", "bibliography"})

_TERM_ROLE = re.compile(r"\{term\}`([^`]*)`")
_LABELLED = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
# Markup that is not prose. Each match is blanked with spaces of the same length, so
# that positions (and so "first") keep their meaning.
_NOT_PROSE = [
    re.compile(r"^```\{code-cell\}.*?^```[ \t]*$", re.DOTALL | re.MULTILINE),
    re.compile(r"^---\n.*?\n---\n", re.DOTALL),  # front matter
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"\$\$.*?\$\$", re.DOTALL),  # display maths
    re.compile(r"\{(?!term\})[\w:-]+\}`[^`]*`"),  # other roles: glue, cite, doc, ref, ...
    re.compile(r"`[^`\n]+`"),  # inline code
    re.compile(r"\]\([^)\s]*\)"),  # link targets
    re.compile(r"^\s*:[\w-]+:.*$", re.MULTILINE),  # directive options
    re.compile(r"^```\{glue:figure\}.*$", re.MULTILINE),
    re.compile(r"^\(\S+\)=\s*$", re.MULTILINE),  # labels
    re.compile(r"^#{1,6} .*$", re.MULTILINE),  # headings: a term is linked in the text
    # A quiz option's label becomes a button, which cannot hold a link (the quiz
    # directive refuses one): its terms are linked in the text around it.
    re.compile(r"^:::\{quiz-option\}.*$", re.MULTILINE),
]
#: A run of capitals: starts with one, may hold lower-case letters and digits inside
#: (PTHrP), ends with a capital or a digit; hyphenated parts that hold a capital, a digit
#: or a Greek letter belong to it (CA15-3, PD-L1, TGF-β, DESTINY-Breast04), others do
#: not (HER2-low is HER2).
ABBREVIATION = re.compile(
    r"(?<![\w-])[A-Z][A-Za-z0-9]*[A-Z0-9](?:-[^\W_]*[A-Z0-9α-ω][^\W_]*)*(?!\w)"
)


@dataclass(frozen=True)
class Entry:
    names: tuple[str, ...]  # the entry and its aliases, as the glossary writes them


@dataclass(frozen=True)
class Unlinked:
    page: str
    entry: str
    used_as: str
    position: int  # in the page's text
    line: int
    context: str

    def __str__(self) -> str:
        return (
            f"{self.page}:{self.line}: {self.used_as!r} is used before it is linked to the "
            f"glossary entry {self.entry!r}: ...{self.context}..."
        )


def glossary_entries(path: Path = GLOSSARY) -> list[Entry]:
    """The entries of the glossary block, each with all its names."""
    text = path.read_text(encoding="utf-8")
    block = re.search(r"^```\{glossary\}\n(.*?)^```", text, re.DOTALL | re.MULTILINE)
    if block is None:
        raise ValueError(f"{path} has no {{glossary}} block")
    entries, names = [], []
    for line in block.group(1).splitlines():
        if not line.strip():
            continue
        if line[0].isspace():
            if names:
                entries.append(Entry(tuple(names)))
                names = []
        else:
            names.append(line.strip())
    if names:
        raise ValueError(f"glossary names without a definition: {names}")
    return entries


def toc_pages(root: Path = ROOT) -> list[Path]:
    """Every page of the book in ``_toc.yml`` order (root first)."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [ch["file"] for ch in part.get("chapters", [])]
    return [root / f"{f}.md" for f in files]


def scanned_pages(root: Path = ROOT) -> list[Path]:
    return [p for p in toc_pages(root) if p.stem not in NOT_SCANNED]


def _blank(text: str, rx: re.Pattern[str]) -> str:
    return rx.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def markdown_of(page: Path) -> str:
    """The page's source text (prose() blanks what is not prose, keeping positions)."""
    return page.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Prose:
    """A page's prose with ``{term}`` roles blanked, and where each role linked to."""

    text: str
    links: tuple[tuple[int, str, str], ...]  # (position, target name, shown text)


def prose(markdown: str) -> Prose:
    links = []
    for m in _TERM_ROLE.finditer(markdown):
        inner = m.group(1)
        labelled = _LABELLED.match(inner)
        shown, target = (labelled["text"], labelled["target"]) if labelled else (inner, inner)
        links.append((m.start(), target.strip(), shown.strip()))
    text = _blank(markdown, _TERM_ROLE)
    for rx in _NOT_PROSE:
        text = _blank(text, rx)
    return Prose(text, tuple(links))


def _name_pattern(name: str) -> re.Pattern[str]:
    """A name as a word (plural allowed); abbreviations are matched case-sensitively."""
    body = r"\s+".join(re.escape(word) for word in name.split())  # a name may wrap a line
    flags = 0 if sum(ch.isupper() for ch in name) >= 2 else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){body}(?:s|es)?(?![\w]|-\w)", flags)


def unlinked_first_uses(page: str, markdown: str, entries: list[Entry]) -> list[Unlinked]:
    """Entries whose first use on the page is plain text rather than a ``{term}`` link."""
    p = prose(markdown)
    found = []
    for entry in entries:
        lowered = {n.lower() for n in entry.names}
        linked = [pos for pos, target, _ in p.links if target.lower() in lowered]
        first_link = min(linked, default=None)
        plain = [
            (m.start(), m.group(0))
            for name in entry.names
            for m in _name_pattern(name).finditer(p.text)
        ]
        if not plain:
            continue
        pos, used = min(plain)
        if first_link is None or pos < first_link:
            context = " ".join(p.text[max(0, pos - 50) : pos + 50].split())
            line = markdown.count("\n", 0, pos) + 1
            found.append(Unlinked(page, entry.names[0], used, pos, line, context))
    return found


def broken_links(markdown: str, entries: list[Entry]) -> list[str]:
    """``{term}`` targets that name no glossary entry."""
    names = {n.lower() for e in entries for n in e.names}
    return [target for _, target, _ in prose(markdown).links if target.lower() not in names]


def load_allowlist(path: Path = ALLOWLIST) -> dict[str, str]:
    """Abbreviations that need no glossary entry -> the reason."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    allowed = {}
    for item in data.get("allow", []):
        if not item.get("reason", "").strip():
            raise ValueError(f"allowlist entry {item.get('term')!r} has no reason")
        allowed[item["term"]] = item["reason"]
    return allowed


def undefined_abbreviations(
    markdown: str, entries: list[Entry], allowed: dict[str, str]
) -> dict[str, str]:
    """Abbreviations in the prose (linked or not) with no glossary entry -> first context."""
    p = prose(markdown)
    names = {n for e in entries for n in e.names}
    found: dict[str, str] = {}
    shown = " ".join(s for _, _, s in p.links)
    for text in (p.text, shown):
        for m in ABBREVIATION.finditer(text):
            word = m.group(0)
            singular = word[:-1] if word.endswith("s") else word  # TPO-RAs
            known = names | set(allowed)
            if sum(ch.isupper() for ch in word) < 2 or word in known or singular in known:
                continue
            found.setdefault(word, " ".join(text[max(0, m.start() - 40) : m.end() + 40].split()))
    return found

"""`factpull check DIR` (or several articles): every article against the facts file beside it.

`story.txt` pairs with `story.facts.toml` (or `story.facts.json`) in the same folder. Folders are
searched recursively with `--glob`; an article there with no facts file is skipped (counted in
the summary), while an article named on the command line without one, a facts file with no
article, or an unreadable article or facts file is an error of that article. All articles go
through one pipeline load and one `nlp.pipe`; the matching itself is `check.check_report`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from .check import CheckResult, check_report
from .expectations import Expectations, ExpectationsError, load_expectations
from .io import Source, expand_paths, iter_sources

FACTS_SUFFIXES = (".facts.toml", ".facts.json")
SUITE_FORMAT_VERSION = "1.0"


@dataclass(frozen=True)
class Pair:
    """An article and its facts file, or why they cannot be checked."""

    article: str
    facts: str | None
    error: str | None = None


def is_facts_file(path: Path) -> bool:
    return path.name.lower().endswith(FACTS_SUFFIXES)


def _stem(path: Path) -> str:
    """'story' for story.txt and for story.facts.toml."""
    name = path.name
    for suffix in FACTS_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def facts_beside(article: Path) -> list[Path]:
    """The facts files next to an article (normally none or one)."""
    return [p for p in (article.with_name(_stem(article) + s) for s in FACTS_SUFFIXES) if p.is_file()]


def _pair_article(article: Path) -> Pair:
    found = facts_beside(article)
    if not found:
        return Pair(str(article), None, f"{article}: no {_stem(article)}.facts.toml or .facts.json beside it")
    if len(found) > 1:
        both = f"{found[0].name} and {found[1].name}"
        return Pair(str(article), None, f"{article}: both {both} beside it; keep one")
    return Pair(str(article), str(found[0]))


def _pair_facts(facts: Path) -> Pair:
    """A facts file named directly: its article is the one other file with the same stem."""
    stem = _stem(facts)
    articles = sorted(p for p in facts.parent.glob(f"{stem}.*") if p.is_file() and not is_facts_file(p)
                      and _stem(p) == stem)
    if len(articles) != 1:
        why = "no article" if not articles else f"{len(articles)} articles"
        return Pair(str(facts.with_name(stem)), str(facts), f"{facts}: {why} named {stem}.* beside it")
    return _pair_article(articles[0])


def find_pairs(paths: Iterable[str], glob: str = "*.txt") -> tuple[list[Pair], int]:
    """The pairs to check, in order, and how many articles in folders had no facts file."""
    pairs: list[Pair] = []
    skipped = 0
    seen: set[str] = set()

    def add(pair: Pair) -> None:
        if pair.article not in seen:
            seen.add(pair.article)
            pairs.append(pair)

    for raw in paths:
        path = Path(raw)
        if raw == "-":
            add(Pair(raw, None, "-: check without --expect reads the facts file beside each article; "
                     "give a file or folder"))
        elif path.is_dir():
            claimed: set[Path] = set()
            for name in expand_paths([raw], glob):
                article = Path(name)
                if article.is_dir() or is_facts_file(article):  # a folder with no matching files
                    continue
                found = facts_beside(article)
                if found:
                    claimed.update(found)
                    add(_pair_article(article))
                else:
                    skipped += 1
            for facts in sorted(p for s in FACTS_SUFFIXES for p in path.rglob(f"*{s}") if p.is_file()):
                if facts not in claimed:
                    add(Pair(str(facts.with_name(_stem(facts))), str(facts),
                             f"{facts}: no article matching {glob!r} beside it"))
        elif is_facts_file(path):
            add(_pair_facts(path))
        elif not path.exists():
            add(Pair(raw, None, f"{raw}: no such file"))
        else:
            add(_pair_article(path))
    return pairs, skipped


class SuiteEntry(BaseModel):
    """One article of a suite: its check, or why it could not be checked."""

    article: str = Field(description="The article's path.")
    expectations: str | None = Field(description="Its facts file, if one was found.")
    error: str | None = Field(description="Why it could not be checked (exit 2); null when checked.")
    result: CheckResult | None = Field(description="The check, as `check --expect --format json` prints it.")


class SuiteResult(BaseModel):
    """What `factpull check DIR --format json` prints."""

    format_version: str = Field(default=SUITE_FORMAT_VERSION, description="Version of this JSON shape.")
    ok: bool = Field(description="True when every article was checked and every expectation holds.")
    articles: int = Field(description="Articles checked or attempted (pairs).")
    failed_articles: int = Field(description="Articles with a failed expectation or an unexpected claim.")
    errors: int = Field(description="Articles that could not be checked.")
    skipped: int = Field(description="Articles in folders with no facts file beside them.")
    passed: int = Field(description="Expectations that hold, over all articles.")
    failed: int = Field(description="Expectations that do not hold, over all articles.")
    unexpected: int = Field(description="Unexpected claims (under `exact`), over all articles.")
    entries: list[SuiteEntry] = Field(description="One entry per article, in order.")


def summarise(entries: list[SuiteEntry], skipped: int = 0) -> SuiteResult:
    results = [e.result for e in entries if e.result is not None]
    errors = sum(e.error is not None for e in entries)
    failed_articles = sum(not r.ok for r in results)
    return SuiteResult(
        ok=not errors and not failed_articles, articles=len(entries), failed_articles=failed_articles,
        errors=errors, skipped=skipped, passed=sum(r.passed for r in results),
        failed=sum(r.failed for r in results), unexpected=sum(r.unexpected for r in results),
        entries=entries,
    )


def _read_article(path: str) -> Source:
    found = list(iter_sources([path]))
    if len(found) > 1:
        return Source(path, error=f"{path}: holds {len(found)} records; give one article")
    return found[0]


def run_suite(pairs: list[Pair], model: str, skipped: int = 0) -> SuiteResult:
    """Check every pair, extracting with one pipeline load; bad pairs become error entries."""
    from .batch import stream_reports
    from .pipeline import build_nlp

    loaded: dict[int, Expectations] = {}
    errors: dict[int, str] = {}
    sources: list[tuple[int, Source]] = []
    for i, pair in enumerate(pairs):
        if pair.error is not None:
            errors[i] = pair.error
            continue
        try:
            loaded[i] = load_expectations(pair.facts or "")
        except ExpectationsError as err:
            errors[i] = str(err)
            continue
        source = _read_article(pair.article)
        if source.error is not None:
            errors[i] = source.error
            continue
        sources.append((i, source))
    reports = {}
    if sources:
        nlp = build_nlp(model)
        for (i, _), report in zip(sources, stream_reports([s for _, s in sources], nlp), strict=True):
            reports[i] = report
    entries = []
    for i, pair in enumerate(pairs):
        result = None
        if i in reports:
            result = check_report(reports[i], loaded[i], pair.facts or "")
        entries.append(SuiteEntry(article=pair.article, expectations=pair.facts, error=errors.get(i),
                                  result=result))
    return summarise(entries, skipped)


def suite_json_schema() -> dict:
    """The JSON Schema of what `factpull check DIR --format json` prints."""
    schema = SuiteResult.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "factpull check suite"
    return schema

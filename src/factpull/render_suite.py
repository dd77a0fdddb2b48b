"""Rendering a check over many articles: JUnit XML for CI, Markdown for summaries, a table, JSON.

JUnit XML follows the shape GitHub Actions reporters, GitLab and Jenkins read: `<testsuites>`
holding one `<testsuite>` per article and one `<testcase>` per expectation, a `<failure>` carrying
the nearest-claim message, an `<error>` for an article that could not be checked. The XML is built
with ElementTree (so every attribute is escaped) after dropping the characters XML 1.0 forbids,
which hostile article text could otherwise smuggle in.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from rich.console import Console
from rich.text import Text

from .check import CheckItem, render_check_table
from .check_suite import SuiteEntry, SuiteResult
from .render import stdout_console
from .untrusted import printable

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    return _XML_FORBIDDEN.sub("\ufffd", text)


def _case_name(item: CheckItem) -> str:
    if item.status == "unexpected":
        return f"unexpected {item.type}: {item.label}"
    return f"{item.type}[{item.index}]: {item.label}"


def _suite_element(entry: SuiteEntry) -> ET.Element:
    suite = ET.Element("testsuite", name=_xml_text(entry.article))
    if entry.error is not None or entry.result is None:
        case = ET.SubElement(suite, "testcase", classname=_xml_text(entry.article),
                             name="read article and facts")
        error = ET.SubElement(case, "error", message=_xml_text(entry.error or "not checked"), type="input")
        error.text = _xml_text(entry.error or "")
        suite.set("tests", "1")
        suite.set("failures", "0")
        suite.set("errors", "1")
        return suite
    failures = 0
    for item in entry.result.items:
        case = ET.SubElement(suite, "testcase", classname=_xml_text(entry.article),
                             name=_xml_text(_case_name(item)), file=_xml_text(entry.article))
        if item.status == "pass":
            continue
        failures += 1
        failure = ET.SubElement(case, "failure", message=_xml_text(item.message), type=item.type)
        failure.text = _xml_text(f"expected: {item.label}\n{item.message}\nfacts file: {entry.expectations}")
    suite.set("tests", str(len(entry.result.items)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return suite


def to_junit(suite: SuiteResult) -> str:
    """The whole check as a JUnit XML document."""
    root = ET.Element("testsuites", name="factpull check")
    for entry in suite.entries:
        root.append(_suite_element(entry))
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in root)))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in root)))
    root.set("errors", str(sum(int(s.get("errors", "0")) for s in root)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# ---------------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def md(text: str) -> str:
    """Text safe in a Markdown table cell or list item: no markup, no HTML, one line."""
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def headline(suite: SuiteResult) -> str:
    bad = suite.failed_articles + suite.errors
    if suite.ok:
        return f"all {suite.articles} articles hold ({suite.passed} expectations)"
    parts = [f"{bad} of {suite.articles} articles failed", f"{suite.passed} passed", f"{suite.failed} failed"]
    if suite.unexpected:
        parts.append(f"{suite.unexpected} unexpected")
    if suite.errors:
        parts.append(f"{suite.errors} not checked")
    return ", ".join(parts)


def _status(entry: SuiteEntry) -> str:
    if entry.error is not None or entry.result is None:
        return "⚠️ error"
    return "✅ pass" if entry.result.ok else "❌ fail"


def to_markdown(suite: SuiteResult) -> str:
    """A summary for $GITHUB_STEP_SUMMARY or a pull-request comment."""
    lines = [f"### factpull check: {headline(suite)}", "",
             "| article | facts file | passed | failed | result |", "|---|---|---:|---:|---|"]
    for entry in suite.entries:
        result = entry.result
        lines.append(f"| {md(entry.article)} | {md(entry.expectations or '—')} | "
                     f"{result.passed if result else '—'} | "
                     f"{result.failed + result.unexpected if result else '—'} | {_status(entry)} |")
    if suite.skipped:
        lines += ["", f"{suite.skipped} articles without a facts file were skipped."]
    for entry in suite.entries:
        if entry.error is not None:
            lines += ["", f"#### {md(entry.article)}", "", f"- not checked: {md(entry.error)}"]
        elif entry.result is not None and not entry.result.ok:
            lines += ["", f"#### {md(entry.article)}", ""]
            for item in entry.result.items:
                if item.status != "pass":
                    lines.append(f"- **{item.type}** {md(item.label)}: {md(item.message)}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Table and JSON


def render_suite_table(suite: SuiteResult, console: Console) -> None:
    """Each article's check table, then one summary line for the whole run."""
    for entry in suite.entries:
        if entry.result is not None:
            render_check_table(entry.result, console)
        else:
            console.print(Text(printable(f"{entry.article}: not checked: {entry.error}"), style="bold red"))
    summary = headline(suite)
    if suite.skipped:
        summary += f"; {suite.skipped} articles without a facts file skipped"
    console.rule(Text(summary, style="green" if suite.ok else "bold red"), align="left")


def suite_to_json(suite: SuiteResult) -> str:
    return json.dumps(suite.model_dump(mode="json"), indent=2, ensure_ascii=False)


def print_suite(suite: SuiteResult, fmt: str) -> None:
    """Print a suite to stdout as a table, JSON or Markdown."""
    if fmt == "json":
        sys.stdout.write(suite_to_json(suite) + "\n")
    elif fmt == "markdown":
        sys.stdout.write(to_markdown(suite))
    else:
        render_suite_table(suite, stdout_console())


def write_junit(suite: SuiteResult, path: str) -> bool:
    """Write the JUnit XML file; False when it cannot be written."""
    try:
        Path(path).write_text(to_junit(suite), encoding="utf-8")
    except OSError:
        return False
    return True

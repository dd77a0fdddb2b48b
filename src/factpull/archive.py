"""`extract --db FILE`: a resumable SQLite archive of claims, laid out for Datasette.

Written through sqlite-utils, which creates the tables, foreign keys, indexes and the full-text
index (with the triggers that keep it in step) from plain Python descriptions. Tables:

- `documents`: one row per input (`source` unique), its `published` date, the SHA-256 of the
  text the claims were extracted from, what they were extracted with, and any read `error`;
- `claims`: the fields every claim has, one row per claim, `document_id` -> documents;
- one table per claim type (`counts`, `amounts`, `places`, `operations`, `quotes`, `dates`) with
  that type's own fields, keyed by `claim_id` -> claims, columns read from the pydantic models;
- `mentions`: every mention of a place or operation and each quote's speaker mention;
- `quotes_fts`: full-text search over quote content and speakers.

Each document is written in one transaction, so a run killed at any point leaves only whole
documents. A re-run skips a document whose source, content hash and extraction settings are all
stored already and replaces one whose text (or settings) changed: it resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .claim_fields import COMMON_FIELDS, FieldInfo, common_fields, is_mention_field, type_fields
from .io import DEFAULT_MAX_BYTES, Source, expand_paths, iter_sources
from .models import SCHEMA_VERSION, Report

#: What people filter by, per claim type (indexed; fields must exist in the models).
INDEXED_FIELDS: dict[str, tuple[str, ...]] = {
    "count": ("event", "place", "counted_head"),
    "amount": ("unit",),
    "place": ("name", "kind"),
    "operation": ("name",),
    "quote": ("speaker",),
    "date": ("value",),
}
FTS_FIELDS: dict[str, tuple[str, ...]] = {"quote": ("content", "speaker")}

_SQL_TYPES: dict[type, type] = {str: str, int: int, float: float, bool: int}


class ArchiveError(Exception):
    """The database cannot be opened or written; the message is one line for people."""


def table_name(claim_type: str) -> str:
    """The per-type table: 'count' -> 'counts'."""
    return f"{claim_type}s"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _column(info: FieldInfo) -> type:
    return _SQL_TYPES.get(info.kind, str)  # dates as ISO text


def ensure_schema(db: Any) -> None:
    """Create whatever tables, indexes and search index are missing (idempotent)."""
    db["documents"].create(
        {"id": int, "source": str, "published": str, "content_hash": str, "extracted_with": str,
         "schema_version": str, "claim_count": int, "error": str},
        pk="id", not_null={"source"}, if_not_exists=True,
    )
    db["documents"].create_index(["source"], unique=True, if_not_exists=True)
    db["claims"].create(
        {"id": int, "document_id": int, "position": int,
         **{f.name: _column(f) for f in common_fields()}},
        pk="id", foreign_keys=[("document_id", "documents", "id")], if_not_exists=True,
    )
    for columns in (["document_id"], ["type"]):
        db["claims"].create_index(columns, if_not_exists=True)
    for claim_type, fields in type_fields().items():
        table = db[table_name(claim_type)]
        table.create(
            {"claim_id": int, "document_id": int,
             **{f.name: _column(f) for f in fields if not is_mention_field(f)}},
            pk="claim_id",
            foreign_keys=[("claim_id", "claims", "id"), ("document_id", "documents", "id")],
            if_not_exists=True,
        )
        table.create_index(["document_id"], if_not_exists=True)
        for name in INDEXED_FIELDS.get(claim_type, ()):
            table.create_index([name], if_not_exists=True)
        if claim_type in FTS_FIELDS and not db[f"{table.name}_fts"].exists():
            table.enable_fts(list(FTS_FIELDS[claim_type]), create_triggers=True)
    db["mentions"].create(
        {"id": int, "claim_id": int, "document_id": int, "field": str,
         "text": str, "start": int, "end": int, "sentence": int},
        pk="id",
        foreign_keys=[("claim_id", "claims", "id"), ("document_id", "documents", "id")],
        if_not_exists=True,
    )
    for columns in (["claim_id"], ["document_id"], ["text"]):
        db["mentions"].create_index(columns, if_not_exists=True)


def open_archive(path: str | Path) -> Any:
    """The sqlite-utils Database at `path`, created with its schema if new."""
    import sqlite3

    import sqlite_utils

    try:
        db = sqlite_utils.Database(path)
        ensure_schema(db)
    except sqlite3.DatabaseError as err:
        raise ArchiveError(f"{path}: cannot use as a factpull database ({err})") from None
    return db


@dataclass
class StoredDocument:
    id: int
    content_hash: str | None
    extracted_with: str | None


def stored_documents(db: Any) -> dict[str, StoredDocument]:
    """What the archive holds already, by source."""
    return {
        row["source"]: StoredDocument(row["id"], row["content_hash"], row["extracted_with"])
        for row in db["documents"].rows_where(select="id, source, content_hash, extracted_with")
    }


def _delete_claims(db: Any, document_id: int) -> None:
    tables = ["mentions", *(table_name(t) for t in type_fields()), "claims"]
    for name in tables:
        db.execute(f"DELETE FROM [{name}] WHERE document_id = ?", [document_id])


def claim_rows(report: Report, document_id: int, first_claim_id: int) -> dict[str, list[dict]]:
    """Rows for `claims`, the per-type tables and `mentions`, with claim ids from `first_claim_id`."""
    rows: dict[str, list[dict]] = {"claims": [], "mentions": []}
    fields = type_fields()
    for position, claim in enumerate(report.claims):
        claim_id = first_claim_id + position
        data = claim.model_dump(mode="json")
        rows["claims"].append({"id": claim_id, "document_id": document_id, "position": position,
                               **{name: data[name] for name in COMMON_FIELDS}})
        typed: dict[str, Any] = {"claim_id": claim_id, "document_id": document_id}
        for info in fields[claim.type]:
            value = data[info.name]
            if not is_mention_field(info):
                typed[info.name] = value
                continue
            for mention in (value if isinstance(value, list) else [value] if value else []):
                rows["mentions"].append({"claim_id": claim_id, "document_id": document_id,
                                         "field": info.name, **mention})
        rows.setdefault(table_name(claim.type), []).append(typed)
    return rows


def write_document(db: Any, report: Report, text_hash: str | None, extracted_with: str) -> str:
    """Store one report in its own transaction, replacing the source's earlier claims.

    Returns what happened: 'new', 'replaced', 'error' (recorded, nothing stored before) or
    'kept' (a read error for a source stored before: its claims stay).
    """
    with db.atomic():
        existing = db.execute("SELECT id, error FROM documents WHERE source = ?", [report.source]).fetchone()
        if report.error and existing is not None and existing[1] is None:
            return "kept"  # a transient read error must not wipe a document stored whole
        row = {"source": report.source,
               "published": report.published.isoformat() if report.published else None,
               "content_hash": text_hash, "extracted_with": extracted_with,
               "schema_version": SCHEMA_VERSION, "claim_count": len(report.claims), "error": report.error}
        if existing is not None:
            document_id = existing[0]
            _delete_claims(db, document_id)
            db["documents"].update(document_id, row)
        else:
            document_id = db["documents"].insert(row).last_pk
        first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM claims").fetchone()[0]
        for name, rows in claim_rows(report, document_id, first).items():
            if rows:
                db[name].insert_all(rows)
    if report.error:
        return "error"
    return "replaced" if existing is not None else "new"


@dataclass
class ArchiveRun:
    """What one `--db` run did, for the summary line."""

    path: str
    outcomes: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0

    def summary(self) -> str:
        parts = [f"{self.outcomes.get('new', 0)} new", f"{self.outcomes.get('replaced', 0)} replaced",
                 f"{self.unchanged} unchanged"]
        errors = self.outcomes.get("error", 0) + self.outcomes.get("kept", 0)
        if errors:
            parts.append(f"{errors} unreadable")
        return f"{self.path}: " + ", ".join(parts)


def extraction_settings(nlp: Any, types: Iterable[str] | None) -> str:
    """What produced the claims; a change re-extracts documents whose text did not change."""
    meta = nlp.meta
    kept = ",".join(sorted(types)) if types else "all"
    pipeline = f"{meta.get('lang')}_{meta.get('name')} {meta.get('version')}"
    return f"factpull {__version__}; {pipeline}; types {kept}"


def _to_extract(sources: Iterable[Source], stored: dict[str, StoredDocument], settings: str,
                run: ArchiveRun, hashes: dict[str, str]) -> Iterator[Source]:
    for source in sources:
        if source.error is None and source.text is not None:
            digest = content_hash(source.text)
            before = stored.get(source.name)
            if before is not None and before.content_hash == digest and before.extracted_with == settings:
                run.unchanged += 1
                continue
            hashes[source.name] = digest
        yield source


def run_archive(
    paths: list[str],
    *,
    db_path: str,
    types: list[str] | None,
    model: str,
    glob: str,
    text_field: str | None,
    id_field: str,
    jobs: int,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> bool:
    """Extract every input into the database at `db_path`; True when some input had an error."""
    from .batch import stream_reports
    from .pipeline import build_nlp

    db = open_archive(db_path)
    nlp = build_nlp(model, types)
    settings = extraction_settings(nlp, types)
    run = ArchiveRun(db_path)
    hashes: dict[str, str] = {}
    inputs = list(expand_paths(paths, glob))
    sources = iter_sources(inputs, glob=glob, text_field=text_field, id_field=id_field, max_bytes=max_bytes)
    todo = _to_extract(sources, stored_documents(db), settings, run, hashes)
    had_errors = False
    try:
        for report in stream_reports(todo, nlp, types=types, n_process=jobs):
            if report.error:
                had_errors = True
                print(f"factpull: {report.error}", file=sys.stderr, flush=True)
            outcome = write_document(db, report, hashes.pop(report.source, None), settings)
            run.outcomes[outcome] = run.outcomes.get(outcome, 0) + 1
    finally:
        print(f"factpull: {run.summary()}", file=sys.stderr, flush=True)
        db.close()
    return had_errors

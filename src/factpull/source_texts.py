"""Handing each input's text back beside its Report, for outputs that need both (HTML, archive)."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from .io import Source
from .models import Report


class SourceTexts:
    """Remembers the sources spaCy has read but whose Report has not come out yet.

    `stream_reports` yields exactly one Report per source, in source order (an error marker for a
    bad one), and reads ahead by a batch; so the oldest remembered source is always the one the
    next Report belongs to, and memory stays bounded by the batch, not the run.
    """

    def __init__(self) -> None:
        self._pending: deque[Source] = deque()

    def feed(self, sources: Iterable[Source]) -> Iterator[Source]:
        for source in sources:
            self._pending.append(source)
            yield source

    def pair(self, reports: Iterable[Report]) -> Iterator[tuple[Report, Source]]:
        for report in reports:
            source = self._pending.popleft()
            if source.name != report.source:  # the order contract above was broken
                raise RuntimeError(f"report for {report.source!r} arrived for source {source.name!r}")
            yield report, source

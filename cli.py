"""The `thaireports` command: options in, library calls, messages and exit codes out."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import PARSER_VERSION

DEFAULT_INPUT = Path("raw")
DEFAULT_OUTPUT = Path("parsed")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(PARSER_VERSION, prog_name="thaireports")
def main() -> None:
    """Turn archived Thai ITA reports into tidy Parquet tables."""


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
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=300.0,
    show_default=True,
    help="Seconds one file may take; a slower file is recorded as failed: timeout.",
)
@click.option("--prune", is_flag=True, help="Remove the rows of inputs converted earlier whose files no longer exist.")
@click.option(
    "--retry-failed", is_flag=True, help="Convert again files that failed before although their bytes are unchanged."
)
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
    chunk_docs: int,
) -> None:
    """Convert report files or folders (default: raw/) into Parquet under --out.

    Folders are searched recursively. Re-runs are incremental: files whose
    bytes and parser version are unchanged are skipped, changed files have
    their rows replaced. A run that was killed resumes where it stopped.
    Exits with status 1 when any file failed.
    """
    from pipeline.batch.convert import convert_paths
    from pipeline.batch.manifest import BatchError
    from pipeline.batch.run import BatchOptions

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
        )
    except ValueError as err:
        raise click.UsageError(str(err)) from err
    try:
        summary = convert_paths(list(inputs) or [DEFAULT_INPUT], out, options)
    except BatchError as err:
        raise click.ClickException(str(err)) from err
    _report_failures(summary.failed)
    if not quiet:
        click.echo(_summary_line(summary, out))
    if summary.failed:
        raise SystemExit(1)


MAX_ERROR_LINES = 20


def _report_failures(failed) -> None:
    for failure in failed[:MAX_ERROR_LINES]:
        click.echo(f"error [{failure.error_code}] {failure.error_message}", err=True)
    if len(failed) > MAX_ERROR_LINES:
        click.echo(f"... and {len(failed) - MAX_ERROR_LINES} more; see thaireports status", err=True)


def _summary_line(summary, out: Path) -> str:
    counts = summary.counts()
    line = f"{counts['converted']} converted, {counts['unchanged']} unchanged, {counts['failed']} failed"
    by_code = summary.errors_by_code()
    if by_code:
        line += " (" + ", ".join(f"{code}: {n}" for code, n in sorted(by_code.items())) + ")"
    if summary.pruned:
        line += f"; {len(summary.pruned)} pruned"
    if summary.missing:
        line += f"; {len(summary.missing)} no longer found (kept, --prune removes them)"
    return f"{line}; {summary.seconds:.1f} s; output in {out}"


@main.command()
@click.argument(
    "parsed", required=False, default=DEFAULT_OUTPUT, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--slowest",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many of the slowest files to list.",
)
def status(parsed: Path, slowest: int) -> None:
    """Summarise the manifest of PARSED (default: parsed/): files by status and error code, slowest files."""
    from pipeline.batch.manifest import (
        ManifestError,
        read_manifest,
        render_status,
        status_report,
    )
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
    elif not rows:
        raise click.ClickException(f"{parsed} has no manifest yet; run thaireports convert --out {parsed}")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--raw", "unrepaired", is_flag=True, help="Print the text as extracted, without Thai glyph repair.")
@click.option(
    "--warnings", "show_warnings", is_flag=True, help="List what could not be repaired, with page numbers, on stderr."
)
def text(files: tuple[Path, ...], unrepaired: bool, show_warnings: bool) -> None:
    """Print the clean Thai text of report files (.txt .html .pdf .docx), pages split by form feeds."""
    from pipeline.errors import ReportError
    from pipeline.textdump import extract_text

    failed = 0
    for index, path in enumerate(files):
        try:
            dump = extract_text(path, repair=not unrepaired)
        except ReportError as err:
            click.echo(f"error [{err.code}] {err}", err=True)
            failed += 1
            continue
        click.echo(("\f" if index else "") + dump.text)
        if show_warnings:
            for page, issue in dump.issues:
                click.echo(f"{path}: page {page}: {issue.code} {issue.char!r} at offset {issue.offset}", err=True)
    if failed:
        raise SystemExit(1)


@main.command()
@click.argument("parsed", required=False, default=DEFAULT_OUTPUT, type=click.Path(file_okay=False, path_type=Path))
@click.option("--from", "year_from", type=int, required=True, help="Earlier fiscal year (BE), e.g. 2567.")
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
    from pipeline.store.dataset import DatasetNotFoundError

    for path, hint in ((out, "--out"), (quantities_out, "--quantities-out")):
        if path is not None and path.suffix.lower() not in (".parquet", ".csv"):
            raise click.BadParameter(f"{path}: use a .parquet or .csv file name", param_hint=hint)
    try:
        result = compare_years(
            parsed,
            year_from,
            year_to,
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
def inspect(file: Path, fmt: str, page: int | None, debug_image: Path | None) -> None:
    """Show how one report is read: header mapping, measures, activities, items, quantities, warnings."""
    import json

    from pipeline.errors import ReportError
    from pipeline.inspect import debug_image as draw_debug_image
    from pipeline.inspect import inspect_file, render_tree

    try:
        report = inspect_file(file)
        if debug_image is not None:
            draw_debug_image(file, page or 1, debug_image)
    except ReportError as err:
        raise click.ClickException(f"[{err.code}] {err}") from err
    except NotImplementedError as err:
        raise click.ClickException(str(err)) from err
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(render_tree(report, page))
    if report["error"]:  # shown above; the exit code tells scripts that convert would fail
        raise SystemExit(1)


@main.command()
@click.option(
    "--table",
    type=click.Choice(["documents", "measures", "activities", "actions", "outputs", "quantities", "outcomes"]),
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

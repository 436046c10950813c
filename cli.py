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
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUTPUT,
              show_default=True, help="Output folder (one sub-folder per table).")
def convert(inputs: tuple[Path, ...], out: Path) -> None:
    """Convert report files or folders (default: raw/) into Parquet under --out."""
    from pipeline.convert import convert_paths

    summary = convert_paths(list(inputs) or [DEFAULT_INPUT], out)
    for failure in summary.failed:
        click.echo(f"error [{failure.error_code}] {failure.error_message}", err=True)
    counts = summary.counts()
    line = f"{counts['converted']} converted, {counts['failed']} failed"
    by_code = summary.errors_by_code()
    if by_code:
        line += " (" + ", ".join(f"{code}: {n}" for code, n in sorted(by_code.items())) + ")"
    click.echo(f"{line}; output in {out}")
    if summary.failed:
        raise SystemExit(1)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--raw", "unrepaired", is_flag=True, help="Print the text as extracted, without Thai glyph repair.")
@click.option("--warnings", "show_warnings", is_flag=True,
              help="List what could not be repaired, with page numbers, on stderr.")
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


if __name__ == "__main__":
    main()

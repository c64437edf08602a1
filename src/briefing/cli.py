"""The `briefing` command: parses options, calls one library function, translates errors.

Library modules are imported inside the commands, so `briefing --help` stays instant.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from . import __version__

_PATH = click.Path(path_type=Path)
_EXISTING_DIR = click.Path(path_type=Path, file_okay=False)


def _today() -> dt.date:
    """The one place that reads the clock: the default briefing date."""
    return dt.date.today()


def _run(action):
    """Call `action`; print a library error as its message and exit with its status, never a traceback.

    A `BriefingWarning` (something the run leaves out on purpose) is printed to stderr as it happens.
    """
    import warnings

    from .errors import BriefingError, BriefingWarning

    def show(message, category, *args, **kwargs) -> None:
        if issubclass(category, BriefingWarning):
            click.echo(f"warning: {message}", err=True)
        else:
            shown(message, category, *args, **kwargs)

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", BriefingWarning)
            shown, warnings.showwarning = warnings.showwarning, show
            return action()
    except BriefingError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not the user's doing: say so briefly, no traceback unless asked
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        click.echo(
            f"error: the run failed unexpectedly ({type(exc).__name__}: {exc}); "
            "set BRIEFING_DEBUG=1 to see the traceback",
            err=True,
        )
        sys.exit(1)


def _langs(ctx, param, value: str | None) -> tuple[str, ...] | None:
    from .i18n import LangProblem, parse_langs

    if value is None:
        return None
    try:
        return parse_langs(value)
    except LangProblem as exc:
        raise click.BadParameter(str(exc)) from None


def _warn(warnings, about: str = "") -> None:
    """Print warnings on stderr: the run goes on, the exit status stays 0."""
    for text in warnings:
        click.echo(f"warning: {about}{text}", err=True)


def _brand(path: Path | None):
    """The brand, checked; its contrast warnings go to stderr (the run goes on)."""
    from .api import load_brand

    brand = _run(lambda: load_brand(path))
    _warn(brand.warnings, f"{brand.source}: ")
    return brand


def _fail(exc) -> None:
    """Print a library error as its message and exit with its status."""
    click.echo(f"error: {exc}", err=True)
    sys.exit(exc.exit_code)


def _date_options(func):
    func = click.option(
        "--allow-stale",
        is_flag=True,
        help="Age benchmark pay even more than 18 months past the edition's effective date "
        "(a warning is still printed).",
    )(func)
    func = click.option(
        "--date",
        "date",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        metavar="YYYY-MM-DD",
        help="Briefing date of a profile without briefing.date (default: today); benchmark pay is aged to it.",
    )(func)
    return func


def _day(date: dt.datetime | None) -> dt.date:
    """The briefing date for profiles without one: --date, else the clock."""
    return date.date() if date else _today()


def _lang_option(func):
    return click.option(
        "--lang",
        metavar="en|zh|en,zh",
        callback=_langs,
        help="Language(s) of the deliverables; en,zh writes both from one analysis "
        "(default: the profile's briefing.lang, else en).",
    )(func)


def _email_option(func):
    return click.option(
        "--email",
        is_flag=True,
        help="Also write <name>.eml beside each PDF: a cover e-mail draft to client.contacts "
        "with the PDF and the workbook attached.",
    )(func)


def _brand_option(func):
    return click.option(
        "--brand",
        "brand_path",
        type=_PATH,
        metavar="FILE",
        help="Brand file (default: the house style shipped with briefing); a logo may also be in its folder.",
    )(func)


def _force_option(*, batch: bool):
    render = (
        "Render every profile, even one whose inputs and files are unchanged since the last run into OUT; and "
        if batch
        else ""
    )
    return click.option(
        "--force",
        is_flag=True,
        help=f"{render}{'r' if batch else 'R'}eplace a briefing folder that holds another client's "
        "briefing of the same name (never a folder briefing did not write).",
    )


def _edition_options(func):
    func = click.option(
        "--edition", "edition_id", metavar="ID", help="Benchmark edition to use (default: the newest)."
    )(func)
    func = click.option(
        "--data",
        "data_dir",
        type=_EXISTING_DIR,
        metavar="DIR",
        help="Folder holding editions/ (default: the data shipped with briefing).",
    )(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefing")
def main() -> None:
    """Turn the China AI talent benchmark and one client's profile into a branded PDF briefing
    and an Excel cost model.

    Start with `briefing generate` (a built-in sample client) or `briefing init my-client.yaml`.
    """
    # reportlab checks each attribute set on a chart's shape; render_pdf switches the checks off while it draws,
    # but only this setting, read when reportlab is imported, spares the check's call as well (half a second of
    # a 2,000-line briefing's PDF, in one process). This process and its batch workers draw nothing else, and
    # the pages are the same.
    os.environ.setdefault("RL_shapeChecking", "0")


@main.command()
@click.argument("profile", type=_PATH)
@_brand_option
@_date_options
@_edition_options
def validate(
    profile: Path,
    brand_path: Path | None,
    date: dt.datetime | None,
    allow_stale: bool,
    edition_id: str | None,
    data_dir: Path | None,
) -> None:
    """Check a client profile and report every problem at once."""
    from .api import analyze as check

    analysis = _run(
        lambda: check(
            profile, today=_day(date), data=data_dir, edition=edition_id, brand=brand_path, allow_stale=allow_stale
        )
    )
    p = analysis.profile
    lines = (
        f"{len(p.people):,} people in {len({x.role for x in p.people} | {r.role for r in p.roles})} role(s)"
        if p.people
        else f"{len(p.roles)} role line(s)"
    )
    click.echo(
        f"{profile}: OK: {p.client.name} ({p.client.employer_type} employer), {lines}, "
        f"{len(p.transitions)} transition(s), edition {analysis.edition.id}, dated {p.briefing.date}"
    )
    if missing := [x.row for x in p.people if x.current_pay is None]:
        from .roster.lines import rows_text

        click.echo(
            f"{profile}: note: the roster gives no pay for {len(missing):,} "
            f"{'person' if len(missing) == 1 else 'people'} ({rows_text(missing)}): left out of the cost to "
            "close, and counted in the briefing"
        )
    _warn(analysis.warnings)


@main.group()
def edition() -> None:
    """Check an edition folder before publishing it, or compare two editions."""


@edition.command("check")
@click.argument("folder", type=_PATH)
def edition_check(folder: Path) -> None:
    """Check the edition in FOLDER and report every problem (file, row and column, or key)."""
    from .api import check_edition
    from .render.text import render_check

    checked = _run(lambda: check_edition(folder))
    click.echo(f"{folder}: {render_check(checked)}", nl=False)


@edition.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--data",
    "data_dir",
    type=_EXISTING_DIR,
    metavar="DIR",
    help="Folder holding editions/, for OLD or NEW given as an id (default: the shipped data).",
)
def edition_diff(old: str, new: str, data_dir: Path | None) -> None:
    """Print what moved from edition OLD to edition NEW (each a folder, or an id): pay, growth, gaps, premiums."""
    from .api import diff_editions
    from .render.text import render_diff

    click.echo(render_diff(_run(lambda: diff_editions(old, new, data=data_dir))), nl=False)


@main.command()
@_edition_options
def roles(edition_id: str | None, data_dir: Path | None) -> None:
    """List the benchmark roles, their aliases and talent-gap specializations."""
    from .api import open_edition
    from .render.text import render_roles

    edition = _run(lambda: open_edition(edition_id, data=data_dir))
    click.echo(render_roles(edition), nl=False)


@main.command()
@click.argument("path", type=_PATH)
@click.option(
    "--type",
    "employer_type",
    type=click.Choice(["foreign", "domestic"]),
    default="foreign",
    show_default=True,
    help="Which kind of employer the starter profile describes.",
)
@click.option(
    "--from-roster",
    "roster",
    type=_PATH,
    metavar="FILE",
    help="Read the roles from this roster: the profile gets its detected roster: section.",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@_edition_options
def init(
    path: Path, employer_type: str, roster: Path | None, force: bool, edition_id: str | None, data_dir: Path | None
) -> None:
    """Write a commented starter profile to PATH."""
    if roster is None:
        from .starter import write_starter

        _run(lambda: write_starter(path, employer_type, force=force))
        click.echo(f"wrote {path}: edit it, then run: briefing validate {path}")
        return
    from . import resources
    from .edition import load_edition
    from .roster.explain import write_starter_from_roster

    _run(
        lambda: write_starter_from_roster(
            path, roster, employer_type, load_edition(data_dir or resources.data_dir(), edition_id), force=force
        )
    )
    click.echo(f"wrote {path}: check its roster: section and titles, then run: briefing roster {path}")


@main.command()
@click.argument("path", type=_PATH)
@click.option(
    "--sheet",
    metavar="NAME",
    help="The sheet to read, by name or number (default: the first with a "
    "header row). For a roster file; a profile says roster.sheet.",
)
@click.option("--header-row", type=click.IntRange(min=1), metavar="N", help="The header row (default: detected).")
@_edition_options
def roster(
    path: Path, sheet: str | None, header_row: int | None, edition_id: str | None, data_dir: Path | None
) -> None:
    """Show how a roster is read: format, sheet, header row, which column became which field, rows skipped,
    and the benchmark role of every title. PATH is a roster file or a profile with a roster: section."""
    from . import resources
    from .edition import load_edition
    from .roster.explain import explain_roster

    explained = _run(
        lambda: explain_roster(
            path, load_edition(data_dir or resources.data_dir(), edition_id), sheet=sheet, header_row=header_row
        )
    )
    click.echo(explained.report, nl=False)
    if explained.error is not None:
        _fail(explained.error)


@main.command()
@click.argument("profile", type=_PATH)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON, for automation.")
@_brand_option
@_date_options
@_edition_options
def analyze(
    profile: Path,
    as_json: bool,
    brand_path: Path | None,
    date: dt.datetime | None,
    allow_stale: bool,
    edition_id: str | None,
    data_dir: Path | None,
) -> None:
    """Print every figure of a client's briefing."""
    from .api import analyze as run_analysis

    def run():
        analysis = run_analysis(
            profile, today=_day(date), data=data_dir, edition=edition_id, brand=brand_path, allow_stale=allow_stale
        )
        if as_json:
            from .render.json import render_json

            return analysis, render_json(analysis) + "\n"
        from .render.text import render_analysis

        return analysis, render_analysis(analysis)

    analysis, text = _run(run)
    click.echo(text, nl=False)
    _warn(analysis.warnings)


@main.command()
@click.option("--profile", type=_PATH, help="Client profile (default: the built-in foreign sample).")
@click.option(
    "--out",
    "out_dir",
    type=_EXISTING_DIR,
    default=Path("briefings"),
    show_default=True,
    help="Folder to write the briefing folder into (one per language: the PDF, the workbook and the "
    "e-mail draft), with manifest.json.",
)
@_brand_option
@click.option(
    "--paper",
    type=click.Choice(["A4", "letter"], case_sensitive=False),
    default="A4",
    show_default=True,
    help="Paper size of the PDF.",
)
@_force_option(batch=False)
@_lang_option
@_email_option
@_date_options
@_edition_options
def generate(
    profile: Path | None,
    out_dir: Path,
    brand_path: Path | None,
    paper: str,
    force: bool,
    lang: tuple[str, ...] | None,
    email: bool,
    date: dt.datetime | None,
    allow_stale: bool,
    edition_id: str | None,
    data_dir: Path | None,
) -> None:
    """Write the client's PDF briefing and Excel model (OUT/manifest.json records them)."""
    from . import resources
    from .api import generate as run_generate

    source = profile or resources.sample_profile("foreign")
    brand = _brand(brand_path)
    result = _run(
        lambda: run_generate(
            source,
            out=out_dir,
            today=_day(date),
            data=data_dir,
            edition=edition_id,
            brand=brand,
            paper="letter" if paper.lower() == "letter" else "A4",
            lang=lang,
            email=email,
            force=force,
            allow_stale=allow_stale,
        )
    )
    if profile is None:
        click.echo(f"no --profile given: using the built-in sample ({result.analysis.profile.client.name})")
    for path in result.paths:
        click.echo(f"wrote {path}")
    click.echo(f"updated {out_dir / 'manifest.json'}")
    _warn(result.analysis.warnings)


@main.command()
@click.argument("profiles", nargs=-1, required=True, type=_PATH)
@click.option(
    "--out",
    "out_dir",
    type=_EXISTING_DIR,
    required=True,
    help="Folder for every briefing folder, manifest.json, portfolio.xlsx and index.html.",
)
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes (default: the number of CPUs).")
@_brand_option
@click.option(
    "--paper",
    type=click.Choice(["A4", "letter"], case_sensitive=False),
    default="A4",
    show_default=True,
    help="Paper size of the PDFs.",
)
@_force_option(batch=True)
@_lang_option
@_email_option
@click.option(
    "--shard",
    metavar="I/N",
    help="Render only part I of N (a deterministic subset of the profiles, by path as given): "
    "for a job array; its results stream to OUT/manifest.part-I-of-N.jsonl.",
)
@click.option(
    "--layout",
    type=click.Choice(["auto", "flat", "sharded"]),
    default="auto",
    show_default=True,
    help="flat: OUT/<stem>/; sharded: OUT/<bucket>/<stem>/ (256 buckets); auto: as OUT already is, "
    "else sharded above 2,000 profiles.",
)
@click.option(
    "--verbose", "-v", is_flag=True, help="A line per profile on stdout (else a progress line on a terminal)."
)
@_date_options
@_edition_options
def batch(
    profiles: tuple[Path, ...],
    out_dir: Path,
    jobs: int | None,
    brand_path: Path | None,
    paper: str,
    force: bool,
    lang: tuple[str, ...] | None,
    email: bool,
    shard: str | None,
    layout: str,
    verbose: bool,
    date: dt.datetime | None,
    allow_stale: bool,
    edition_id: str | None,
    data_dir: Path | None,
) -> None:
    """Write briefings for many profiles (files, or folders of *.yaml) in parallel.

    Each briefing is a folder OUT/<client>_<edition>[_zh]/ (OUT/<bucket>/... when sharded). A profile whose
    briefing is done and unchanged since an earlier run into OUT is skipped, so a rerun after a stop
    resumes; one whose folder holds another client's briefing is refused (--force does both anyway). A bad
    profile does not stop the others; each failure is listed at the end and the exit status is non-zero
    (2 when a profile was refused). Ctrl-C stops the batch at once. OUT/manifest.jsonl gets a line per
    profile as it finishes; OUT/manifest.json records every file; OUT/portfolio.xlsx and OUT/index.html
    give an overview of every client in OUT.
    """
    from .api import batch as run_batch
    from .progress import Progress

    brand = _brand(brand_path)
    status: Progress | None = None

    def progress(outcome) -> None:
        if status is not None:
            status.update(outcome.status)
        if not verbose:
            return
        if outcome.status == "ok":
            click.echo(f"ok       {outcome.profile} -> {', '.join(f['file'] for f in outcome.files)}")
        elif outcome.status == "unchanged":
            click.echo(f"unchanged, skipped: {outcome.profile}")
        else:
            click.echo(f"{outcome.status:<8} {outcome.profile}")

    def total(n: int) -> None:
        nonlocal status
        if sys.stderr.isatty():
            status = Progress(n)

    def run():
        try:
            return run_batch(
                list(profiles),
                out_dir,
                today=_day(date),
                jobs=jobs,
                data=data_dir,
                edition=edition_id,
                brand=brand,
                paper="letter" if paper.lower() == "letter" else "A4",
                lang=lang,
                email=email,
                force=force,
                allow_stale=allow_stale,
                shard=shard,
                layout=layout,
                progress=progress,
                total=total,
            )
        finally:
            if status is not None:
                status.close()

    result = _run(run)
    counts = result.counts
    for outcome in result.outcomes(lambda r: r["status"] in ("refused", "failed")):
        click.echo(f"\n{outcome.status}: {outcome.profile}\n{outcome.error}", err=True)
    shared = result.shared_warnings
    _warn(shared)  # once for the batch, e.g. the edition's age; the others with their profile
    for outcome in result.outcomes(lambda r: r["status"] == "ok" and bool(set(r.get("warnings", ())) - set(shared))):
        _warn([w for w in outcome.warnings if w not in shared], f"{outcome.profile}: ")
    if result.stopped_by is not None:
        click.echo(
            f"interrupted: stopped before the other briefings were started ({counts.get('interrupted', 0)} not "
            "started; run the same command again to resume)",
            err=True,
        )
    skipped = counts.get("unchanged", 0)
    unchanged = f", {skipped} unchanged, skipped (--force renders them)" if skipped else ""
    click.echo(
        f"{counts.get('ok', 0)} of {result.total} briefings written to {out_dir}{unchanged} "
        f"(edition {result.edition}, {result.layout} layout); manifest: {result.manifest}; "
        f"stream: {result.stream}; overview: {result.manifest.parent / 'index.html'}"
    )
    sys.exit(result.exit_code)

"""Shared fixtures: the shipped edition, brand and sample profiles, analysed once per session."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from briefing import resources
from briefing.analysis import Analysis, compute_analysis
from briefing.brand import load_brand
from briefing.edition import load_edition
from briefing.models import Brand, Edition
from briefing.profile import load_profile

TODAY = dt.date(2026, 11, 29)  # the CLI's clock, fixed for tests
FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"


def deliverables(out: Path) -> list[str]:
    """What a person sees in an output folder: every file, as a path relative to it, hidden ones left out."""
    return sorted(
        str(p.relative_to(out))
        for p in out.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)
    )


_HYPERLINK = re.compile(r'=HYPERLINK\("([^"]*)","((?:[^"]|"")*)"\)')


def portfolio_links(sheet) -> list[tuple[str, str]]:
    """The portfolio sheet's links (openpyxl): (target, label) of every formula cell below the header, each of
    which must be exactly a HYPERLINK to a path with its label (the only formulas the portfolio has)."""
    links = []
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                found = _HYPERLINK.fullmatch(cell.value)
                assert found, f"{cell.coordinate}: {cell.value!r} is not a link"
                links.append((found.group(1), found.group(2).replace('""', '"')))
    return links


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's text as poppler's pdftotext reads it (one call for the whole file, about ten times faster than
    pypdf's extract_text on these briefings); pypdf where poppler is missing.

    Reading order differs from pypdf's in tables (poppler reads a column block at a time), so golden files
    and tests that read a table row as one line keep pypdf; text and paragraphs read the same in both.
    """
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        import io

        from pypdf import PdfReader

        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")[:-1]  # every page ends with a form feed


def check_golden(path: Path, actual: str, update: bool) -> None:
    """Compare `actual` with the golden file at `path`, or rewrite it when asked (then review the diff)."""
    import difflib

    if update:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} is missing: run pytest --update-golden and review the diff"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), path.name, "rendered", lineterm="")
        pytest.fail("page text differs (refresh on purpose with --update-golden):\n" + "\n".join(list(diff)[:60]))


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


def pytest_configure(config):
    """tmp_path and its kin in memory (/dev/shm) where it has room, unless PYTEST_DEBUG_TEMPROOT says otherwise.

    The suite writes some 3,400 files a run and fsyncs many (every briefing is written atomically). On a disk
    mounted with `discard` (this machine's /tmp: ext4) an fsync waits 2-3 ms and unlinking a file that reached
    the disk 2 ms: test_batch, test_cli, test_manifest and test_atomic spent 2.6 s waiting in those calls
    (strace -c -w; 0.06 s on tmpfs), and pytest deletes an old run's folder after the last test of every run
    (7 s for 3,400 files). Nothing here tests the disk itself: rename, locks and permissions behave the same
    on tmpfs.
    """
    import shutil

    shm = Path("/dev/shm")
    if (
        "PYTEST_DEBUG_TEMPROOT" not in os.environ
        and shm.is_dir()
        and os.access(shm, os.W_OK | os.X_OK)
        and shutil.disk_usage(shm).free > 2 * 2**30  # a container's 64 MB /dev/shm is too small for a run
    ):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(shm)


# Test modules whose tests share an expensive module- or session-scoped fixture (a rendered deliverable, a batch
# run, LibreOffice's recalculation), with the CPU-seconds each took (measured, rough): each runs whole on one xdist
# worker, which builds its fixtures once instead of each worker building its own copy. Every other test is a unit
# of its own. The heaviest modules are handed out first, so the single tests fill in around them and the two
# workers finish together. A new test that needs a deliverable should use one of these modules' fixtures rather
# than render its own; a module with a new expensive fixture belongs here. (xdist's own `xdist_group` mark does
# not work with pytest 9.2: its worker renames a test's nodeid through `item._nodeid`, which pytest no longer reads.)
SHARED_FIXTURE_MODULES = {
    "test_xlsx_print.py": 35,  # printed: eight workbooks printed to PDF by LibreOffice
    "test_xlsx.py": 30,  # books_in, recalculated, shown
    "test_pdf.py": 25,  # pdf_foreign, pdf_domestic, pdf_example
    "test_people.py": 23,  # books, recalculated
    "test_pdf_a11y.py": 20,  # rendered (five briefings), each one's pdfinfo -struct-text
    "test_editions.py": 15,  # timeline, on_q3
    "test_batch.py": 13,  # clients, two_jobs
    "test_pipeline.py": 12,  # cold
    "test_hostile.py": 11,  # outputs
    "test_delivery.py": 9,  # delivered
    "test_budget.py": 6,  # recalculated
    "test_pdf_zh.py": 8,  # zh_foreign, zh_domestic, en_pdfs
    "test_commentary.py": 5,  # both
    "test_email.py": 4,  # nordlicht
    "test_portfolio.py": 1,  # hostile
}


def pytest_xdist_make_scheduler(config, log):
    """Whole modules of SHARED_FIXTURE_MODULES, heaviest first, then every other test on its own (see above)."""
    from xdist.scheduler import LoadScopeScheduling

    def module(scope: str) -> str:
        return scope.split("::", 1)[0].rsplit("/", 1)[-1]

    class SharedFixtureScheduling(LoadScopeScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            return nodeid.split("::", 1)[0] if module(nodeid) in SHARED_FIXTURE_MODULES else nodeid

        def _assign_work_unit(self, node) -> None:
            if not self.ordered:  # the first call: the queue is complete, nothing handed out yet
                self.ordered = True
                for scope in sorted(self.workqueue, key=lambda s: -SHARED_FIXTURE_MODULES.get(module(s), 0)):
                    self.workqueue.move_to_end(scope)  # a stable sort: single tests keep their order
            super()._assign_work_unit(node)

    return SharedFixtureScheduling(config, log)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    """The CLI's clock reads TODAY in every test, so a test's figures do not depend on the day it runs."""
    from briefing import cli

    monkeypatch.setattr(cli, "_today", lambda: TODAY)


@pytest.fixture(scope="session", autouse=True)
def shared_libreoffice_outputs(tmp_path_factory):
    """LibreOffice's conversions kept for the run in a folder all xdist workers share (recalc.CACHE)."""
    import recalc

    base = tmp_path_factory.getbasetemp()
    # an xdist worker's base is <run>/popen-gwN: its parent is the run's, the same for every worker
    recalc.CACHE = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "libreoffice"


@pytest.fixture(scope="session")
def sample_pdf(foreign, domestic, example, brand, tmp_path_factory):
    """The samples' briefings drawn once per run for every module that reads them: sample_pdf(name, lang, paper)
    -> PDF bytes, name one of "foreign", "domestic", "example". Kept in a folder every xdist worker of the run
    shares (as LibreOffice's outputs), so the same briefing is not drawn again by another module or worker; a
    test that proves drawing itself (determinism, the logo cache of a process) draws its own."""
    import fcntl

    from briefing.render.pdf import render_pdf

    analyses = {"foreign": foreign, "domestic": domestic, "example": example}
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "sample-pdfs"
    folder.mkdir(exist_ok=True)
    drawn: dict[tuple[str, str, str], bytes] = {}

    def pdf(name: str, lang: str = "en", paper: str = "A4") -> bytes:
        key = (name, lang, paper)
        if key not in drawn:
            path = folder / f"{name}-{lang}-{paper}.pdf"
            with open(folder / f"{path.name}.lock", "wb") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # another worker drawing the same one: wait for its file
                if not path.exists():
                    data = render_pdf(analyses[name], brand, paper=paper, lang=lang)
                    path.with_suffix(".part").write_bytes(data)
                    path.with_suffix(".part").replace(path)
                drawn[key] = path.read_bytes()
        return drawn[key]

    return pdf


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture(scope="session")
def edition() -> Edition:
    return load_edition(resources.data_dir())


@pytest.fixture(scope="session")
def brand() -> Brand:
    return load_brand(resources.default_brand())


def analyse(path: Path, edition: Edition) -> Analysis:
    return compute_analysis(edition, load_profile(path, edition, TODAY))


@pytest.fixture(scope="session")
def foreign(edition) -> Analysis:
    """The built-in foreign sample (Nordlicht Automation, USD, P75, logo, transitions, an unknown pay)."""
    return analyse(resources.sample_profile("foreign"), edition)


@pytest.fixture(scope="session")
def domestic(edition) -> Analysis:
    """The built-in domestic sample (深算科技 Shensuan Technology, CNY, P50, aged to 2026-10-01)."""
    return analyse(resources.sample_profile("domestic"), edition)


@pytest.fixture(scope="session")
def example(edition) -> Analysis:
    """The foundation issue's example profile: one role, one transition."""
    return analyse(FIXTURES / "example.yaml", edition)

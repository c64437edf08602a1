"""From files to deliveries, end to end: a batch of five clients in both languages with cover e-mails gives
readable file names, 30 deliverables, a portfolio overview a browser shows whole, and a rerun after one edit
renders that one client only."""

from __future__ import annotations

import email
import email.policy
import hashlib
import json
import re
import shutil
import subprocess
from html import escape
from html.parser import HTMLParser
from urllib.parse import unquote, urlparse

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, deliverables, portfolio_links

from briefing.cli import main

STEMS = ["beijing-zhipu-huazhang-keji", "harbor-rhine-logistics", "meridian", "nordlicht-automation", "shensuan-keji"]
CLIENTS = [
    "Nordlicht Automation (上海) Co., Ltd.",
    "深算科技有限公司",
    "北京智谱华章科技股份有限公司",
    "Harbor & Rhine Logistics GmbH",
    "Meridian Semiconductor Ltd.",
]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def delivered(tmp_path_factory):
    """The five delivery fixtures (two clients named in Chinese, one with commentary, all with contacts)."""
    clients = tmp_path_factory.mktemp("clients")
    for path in (FIXTURES / "delivery").iterdir():
        shutil.copy(path, clients / path.name)
    out = tmp_path_factory.mktemp("round")
    result = run("batch", clients, "--out", out, "--lang", "en,zh", "--email", "--jobs", "2")
    assert result.exit_code == 0, result.output
    return clients, out, result


def test_readable_names_and_every_file(delivered):
    """A folder per client and language, named as its files are, each holding its PDF, workbook and draft."""
    _, out, result = delivered
    folders = [f"{stem}_2026-q2{lang}" for stem in STEMS for lang in ("", "_zh")]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*folders, "index.html", "manifest.json", "manifest.jsonl", "portfolio.xlsx"]
    )
    names = deliverables(out)
    assert names == sorted(
        [f"{folder}/{folder}.{kind}" for folder in folders for kind in ("pdf", "xlsx", "eml")]
        + ["index.html", "manifest.json", "manifest.jsonl", "portfolio.xlsx"]
    )
    assert sum(n.endswith(".pdf") for n in names) == sum(n.endswith(".eml") for n in names) == 10
    for folder in folders:  # each folder records whose it is
        assert json.loads((out / folder / ".briefing.json").read_bytes())["client"] in CLIENTS
    assert "5 of 5 briefings written" in result.output


def test_every_draft_carries_the_files_beside_it_byte_for_byte(delivered):
    _, out, _ = delivered
    drafts = list(out.glob("*/*.eml"))
    assert len(drafts) == 10
    for draft in drafts:
        message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
        attached = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
        stem = draft.stem
        assert list(attached) == [f"{stem}.pdf", f"{stem}.xlsx"]
        for name, data in attached.items():
            assert data == (draft.parent / name).read_bytes(), name
        assert message["To"] is not None and message["X-Unsent"] == "1"


def test_one_analysis_both_languages(delivered):
    _, out, _ = delivered
    entries = {e["file"]: e for e in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert len(entries) == 30
    for stem in STEMS:
        en, zh = entries[f"{stem}_2026-q2/{stem}_2026-q2.pdf"], entries[f"{stem}_2026-q2_zh/{stem}_2026-q2_zh.pdf"]
        assert en["inputs"] == zh["inputs"]
        for key in ("cost_to_close_cny", "hiring_cost_cny", "total_cny", "headcount", "planned_hires"):
            assert en["totals"][key] == zh["totals"][key]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.sources: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.sources.append(attrs["src"])


def test_the_page_links_every_file_and_fetches_nothing(delivered):
    _, out, _ = delivered
    page = (out / "index.html").read_text(encoding="utf-8")
    links = Links()
    links.feed(page)
    assert links.sources == [] and "script" not in links.tags and "link" not in links.tags
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert len(links.hrefs) == 30
    for href in links.hrefs:  # relative, into a briefing folder: the page works wherever the folder is copied
        parsed = urlparse(href)
        assert not parsed.scheme and not parsed.netloc and href.count("/") == 1, href
        assert (out / unquote(parsed.path)).is_file(), href
    assert sorted(unquote(href) for href in links.hrefs) == sorted(
        n for n in deliverables(out) if "/" in n
    )  # every file of every briefing, once
    for name in CLIENTS:
        assert escape(name) in page


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not found:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return found


def test_a_real_browser_shows_every_client(delivered, tmp_path):
    """Headless Chromium loads the page from disk; the screenshot holds the whole table, nothing cut off."""
    from PIL import Image

    _, out, _ = delivered
    shot = tmp_path / "index.png"
    subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'c'}",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            (out / "index.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    dom = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'c'}",
            "--dump-dom",
            (out / "index.html").as_uri(),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert dom.count('<tr><td class="client">') == 5
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 2000)
    colours = image.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50  # text, bars and bands, not a blank page
    # the header band is the brand's primary colour; the page ends well inside the window and no scrollbar
    # is drawn at its foot: every client is on screen and no column runs off to the right
    assert image.getpixel((640, 20)) == (0x17, 0x32, 0x4D)
    foot = image.crop((0, 1900, 1280, 2000))
    assert foot.getcolors() == [(1280 * 100, (255, 255, 255))]


def test_the_portfolio_workbook_has_a_row_per_client_and_language(delivered):
    from openpyxl import load_workbook

    _, out, _ = delivered
    sheet = load_workbook(out / "portfolio.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Client", "Language", "Edition") and len(rows) == 11
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == "A1:T11"
    clients = [r[0] for r in rows[1:]]
    assert clients.count("Nordlicht Automation (上海) Co., Ltd.") == 2 and clients.count("深算科技有限公司") == 2
    links = portfolio_links(sheet)  # relative to the workbook's folder, so they work wherever it is copied
    assert len(links) == 30 and all((out / target).is_file() for target, _ in links)


def test_a_spreadsheet_application_follows_the_workbook_links(delivered, tmp_path):
    """LibreOffice opens portfolio.xlsx and takes each link cell for a link (its HTML export makes each an <a>),
    whose target, read from the workbook's folder, is the file inside its briefing folder."""
    from recalc import SOFFICE, convert

    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    _, out, _ = delivered
    (page,) = convert([out / "portfolio.xlsx"], tmp_path / "html", tmp_path / "profile", to="html")
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    targets = [str(out / unquote(urlparse(href).path)) for href in links.hrefs if not urlparse(href).scheme]
    assert len(targets) == 30
    assert sorted(targets) == sorted(str(out / n) for n in deliverables(out) if "/" in n)


def test_a_rerun_after_one_edit_renders_that_one_only(delivered):
    clients, out, _ = delivered
    before = {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in deliverables(out)}
    profile = clients / "meridian.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("headcount: 5", "headcount: 6"), encoding="utf-8")
    result = run("batch", clients, "--out", out, "--lang", "en,zh", "--email", "--jobs", "2", "--verbose")
    assert result.exit_code == 0, result.output
    assert "1 of 5 briefings written" in result.output and "4 unchanged, skipped" in result.output
    assert len(re.findall(r"^unchanged, skipped: ", result.output, re.M)) == 4
    after = {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in deliverables(out)}
    assert sorted(after) == sorted(before)
    changed = sorted(name for name in after if after[name] != before.get(name))
    meridian = [
        f"meridian_2026-q2{lang}/meridian_2026-q2{lang}.{kind}"
        for lang in ("", "_zh")
        for kind in ("pdf", "xlsx", "eml")
    ]
    assert changed == sorted(["index.html", "manifest.json", "manifest.jsonl", "portfolio.xlsx", *meridian])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 30
    entries = {e["file"]: e for e in manifest["files"]}
    assert entries["meridian_2026-q2/meridian_2026-q2.pdf"]["totals"]["headcount"] == 9
    for name, entry in entries.items():  # complete, and true of every file
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == entry["sha256"], name

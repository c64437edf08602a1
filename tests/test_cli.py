"""The command line as a user runs it: exit codes, messages, and what each command prints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, deliverables

from briefing import __version__, resources
from briefing.cli import main

EXAMPLE = FIXTURES / "example.yaml"
BAD = FIXTURES / "bad"


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"briefing, version {__version__}"


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("validate", "roles", "init", "analyze", "generate"):
        assert command in result.output


def test_help_imports_no_heavy_library():
    code = (
        "import sys\nfrom briefing.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas', 'reportlab', 'xlsxwriter', 'openpyxl', 'PIL', 'yaml')\n"
        "         if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out


def test_analyze_prints_the_issue_example():
    result = run("analyze", EXAMPLE)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if line.startswith("LLM Training Engineer"))
    assert row.split()[-4:] == ["1,000,000", "2,700,000", "3,700,000", "521,127"]
    assert "Transition cost: CNY 625,000 to 875,000 per year" in result.output
    assert "USD at 7.10 CNY per USD" in result.output


def test_analyze_json():
    result = run("analyze", EXAMPLE, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    role = data["roles"][0]
    assert (role["cost_to_close_cny"], role["hiring_cost_cny"], role["total_cny"]) == (1_000_000, 2_700_000, 3_700_000)
    assert data["transitions"][0]["cost_low_cny"] == 625_000
    assert data["transitions"][0]["from"] == "Product Manager"
    assert data["client"]["name"] == "Nordlicht Automation (上海) Co., Ltd."
    assert data["key_recommendation"] == "p75-anchor"
    assert (data["age_to"], data["aging"], data["aging_days"]) == ("2026-04-01", "published", 0)
    assert data["dated_statements"] == [
        {"id": "containment", "horizon": "2026-07-01", "passed": True},
        {"id": "capability-centre", "horizon": "2026-07-01", "passed": True},
    ]
    assert data["warnings"][0].startswith("edition 2026-q2 took effect on 2026-04-01, 8 months before")


def test_analyze_marks_unknown_pay():
    result = run("analyze", resources.sample_profile("foreign"))
    assert result.exit_code == 0
    row = next(line for line in result.output.splitlines() if line.startswith("AI Research Scientist"))
    assert "unknown" in row
    assert (
        "Current pay unknown (cost to close left out of the totals): AI Research Scientist (PhD/Top Conf.)"
        in result.output
    )


def test_validate_ok():
    result = run("validate", EXAMPLE)
    assert result.exit_code == 0
    assert (
        "OK: Nordlicht Automation (上海) Co., Ltd. (foreign employer), 1 role line(s), 1 transition(s)" in result.output
    )


def test_missing_profile_file():
    result = run("validate", "/nonexistent/profile.yaml")
    assert result.exit_code == 2
    assert "/nonexistent/profile.yaml: file not found" in result.output


def test_unknown_edition():
    result = run("validate", EXAMPLE, "--edition", "2025-q9")
    assert result.exit_code == 2
    assert "no edition '2025-q9'" in result.output and "available: 2026-q2" in result.output


def test_roles_lists_roles_aliases_and_specializations():
    result = run("roles")
    assert result.exit_code == 0
    assert "Compiler/Kernel Engineer" in result.output
    assert "compiler-kernel-engineer" in result.output
    assert "Kernel Development (CUDA-compat); Compiler Optimization (AI)" in result.output
    assert "Recommendation Engineer" in result.output


@pytest.mark.parametrize("employer_type", ["foreign", "domestic"])
def test_init_writes_a_valid_starter(tmp_path, employer_type):
    path = tmp_path / "client.yaml"
    assert run("init", path, "--type", employer_type).exit_code == 0
    result = run("validate", path)
    assert result.exit_code == 0, result.output
    assert f"({employer_type} employer)" in result.output
    again = run("init", path)
    assert again.exit_code == 2 and "already exists" in again.output
    assert run("init", path, "--force").exit_code == 0


def test_roster_csv_and_xlsx(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Role", "Title", "Headcount", "Planned hires", "Current pay"])
    sheet.append(["LLM Training Engineer", None, 4, 2, 1_100_000])
    sheet.append([None, None, None, None, None])
    sheet.append(["ai-inference-engineer", "Senior Inference Engineer", 3, 1, None])
    book.save(tmp_path / "roster.xlsx")
    for roster in (tmp_path / "roster.xlsx", BAD / "files" / "roster-good.csv"):
        profile = tmp_path / "p.yaml"
        profile.write_text(
            f"client: {{name: Acme, employer_type: foreign}}\nbriefing: {{age_to: published}}\nroles_file: {roster}\n",
            encoding="utf-8",
        )
        result = run("analyze", profile, "--json")
        assert result.exit_code == 0, result.output
        roles = json.loads(result.stdout)["roles"]
        assert [(r["label"], r["headcount"], r["current_pay_cny"]) for r in roles] == [
            ("LLM Training Engineer", 4, 1_100_000),
            ("Senior Inference Engineer", 3, None),
        ]
        assert roles[0]["total_cny"] == 3_700_000


def test_roster_row_numbers_in_xlsx(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Role", "Headcount"])
    sheet.append(["LLM Training Engineer", 4])
    sheet.append(["LLM Training Engineer", "many"])
    book.save(tmp_path / "roster.xlsx")
    profile = tmp_path / "p.yaml"
    profile.write_text("client: {name: Acme, employer_type: foreign}\nroles_file: roster.xlsx\n", encoding="utf-8")
    result = run("validate", profile)
    assert result.exit_code == 2
    assert (
        f"{tmp_path / 'roster.xlsx'}: sheet 'Sheet', row 3, cell B3 (Headcount): expected a whole number >= 0, "
        "got 'many'"
    ) in result.output


def test_output_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("generate", "--profile", EXAMPLE, "--out", blocker / "sub")
    assert result.exit_code == 1
    assert "cannot create the output folder" in result.output
    assert "Traceback" not in result.output


README = Path(__file__).parent.parent / "README.md"


def test_readme_quick_start_is_two_commands():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    block = section.split("```", 2)[1].strip("\n").splitlines()
    assert len(block) == 2
    assert "briefing generate" in block[0] and "pip install ." in block[0]
    assert "pytest" in block[1]


def test_readme_names_every_command():
    text = README.read_text(encoding="utf-8")
    for command in main.commands:
        assert f"`briefing {command}" in text, command


def test_generate_in_chinese_writes_zh_files(tmp_path):
    result = run("generate", "--profile", resources.sample_profile("domestic"), "--out", tmp_path, "--lang", "zh")
    assert result.exit_code == 0, result.output
    stem = "shensuan-technology_2026-q2_zh"
    assert deliverables(tmp_path) == ["manifest.json", f"{stem}/{stem}.pdf", f"{stem}/{stem}.xlsx"]


def test_profile_language_is_the_default_and_lang_overrides_it(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("client: {name: Acme, employer_type: domestic}\nbriefing: {lang: zh}\n", encoding="utf-8")
    assert run("generate", "--profile", profile, "--out", tmp_path / "a").exit_code == 0
    assert deliverables(tmp_path / "a") == [
        "acme_2026-q2_zh/acme_2026-q2_zh.pdf",
        "acme_2026-q2_zh/acme_2026-q2_zh.xlsx",
        "manifest.json",
    ]
    assert run("generate", "--profile", profile, "--out", tmp_path / "b", "--lang", "en").exit_code == 0
    assert deliverables(tmp_path / "b") == [
        "acme_2026-q2/acme_2026-q2.pdf",
        "acme_2026-q2/acme_2026-q2.xlsx",
        "manifest.json",
    ]


def test_both_languages_from_one_run(tmp_path):
    result = run("generate", "--profile", resources.sample_profile("domestic"), "--out", tmp_path, "--lang", "en,zh")
    assert result.exit_code == 0, result.output
    en, zh = "shensuan-technology_2026-q2", "shensuan-technology_2026-q2_zh"
    assert deliverables(tmp_path) == [
        "manifest.json",
        f"{en}/{en}.pdf",
        f"{en}/{en}.xlsx",
        f"{zh}/{zh}.pdf",
        f"{zh}/{zh}.xlsx",
    ]
    for stem, lang in ((en, "en"), (zh, "zh")):  # a folder per language, each recording its own
        record = json.loads((tmp_path / stem / ".briefing.json").read_text(encoding="utf-8"))
        assert record["language"] == lang and sorted(record["files"]) == [f"{stem}.pdf", f"{stem}.xlsx"]


def test_languages_in_the_profile(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("client: {name: Acme, employer_type: domestic}\nbriefing: {lang: [zh, en]}\n", encoding="utf-8")
    assert run("generate", "--profile", profile, "--out", tmp_path / "out").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").glob("*/*.pdf")) == ["acme_2026-q2.pdf", "acme_2026-q2_zh.pdf"]


@pytest.mark.parametrize("value", ["fr", "en,fr", "", "en;zh"])
def test_an_unsupported_language_is_refused_and_nothing_written(tmp_path, value):
    for command in (["generate"], ["batch", resources.sample_profile("domestic")]):
        result = run(*command, "--out", tmp_path / "out", "--lang", value)
        assert result.exit_code == 2, result.output
        assert "Invalid value for '--lang'" in result.output and "is not a supported language" in result.output
        assert not (tmp_path / "out").exists()


# --- dates: --date, --allow-stale and warnings on stderr ------------------------------------------


def _profile(tmp_path, briefing: str = "", name: str = "p.yaml") -> Path:
    path = tmp_path / name
    dated = f"briefing: {{{briefing}}}\n" if briefing else ""
    path.write_text(
        "client: {name: Acme, employer_type: domestic}\n"
        + dated
        + "roles:\n  - {role: LLM Training Engineer, headcount: 2, planned_hires: 1, "
        "current_pay: 1000000}\n",
        encoding="utf-8",
    )
    return path


def test_a_briefing_dated_30_november_is_aged_to_that_date(tmp_path):
    result = run("analyze", _profile(tmp_path, "date: 2026-11-30"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["age_to"], data["aging"], data["aging_days"]) == ("2026-11-30", "briefing_date", 243)
    assert data["roles"][0]["p50_cny"] == pytest.approx(950_000 * 1.28 ** (243 / 365.25))
    text = run("analyze", _profile(tmp_path, "date: 2026-11-30")).stdout
    assert "Benchmark pay aged 243 days from 2026-04-01 to the briefing date, 2026-11-30, at each" in text


def test_date_option_dates_a_profile_without_a_date(tmp_path):
    result = run("validate", _profile(tmp_path), "--date", "2026-06-15")
    assert result.exit_code == 0, result.output
    assert "dated 2026-06-15" in result.stdout
    # 2.5 months after the edition: nothing to warn about but the date that follows the run
    assert result.stderr == (
        "warning: the profile sets no briefing.date, so the briefing is dated 2026-06-15 (the "
        "day of the run, or --date) and pay is aged to it: set briefing.date for figures that "
        "stay the same from one run to the next\n"
    )
    data = json.loads(run("analyze", _profile(tmp_path), "--date", "2026-06-15", "--json").stdout)
    assert data["age_to"] == "2026-06-15"
    # the profile's own date wins over --date
    dated = json.loads(run("analyze", _profile(tmp_path, "date: 2026-11-30"), "--date", "2026-06-15", "--json").stdout)
    assert dated["age_to"] == "2026-11-30"
    bad = run("validate", _profile(tmp_path), "--date", "2026-13-01")
    assert bad.exit_code == 2 and "--date" in bad.output and "Traceback" not in bad.output


@pytest.mark.parametrize("command", ["validate", "analyze", "generate"])
def test_a_stale_edition_warns_on_stderr(tmp_path, command):
    profile = _profile(tmp_path, "date: 2026-12-01")
    args = (
        ["generate", "--profile", profile, "--out", tmp_path / "out"] if command == "generate" else [command, profile]
    )
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert (
        "warning: edition 2026-q2 took effect on 2026-04-01, 8 months before the briefing date 2026-12-01"
        in result.stderr
    )
    assert "warning" not in result.stdout


def test_aging_past_18_months_needs_allow_stale_and_still_warns(tmp_path):
    profile = _profile(tmp_path, "date: 2028-01-10")
    refused = run("validate", profile)
    assert refused.exit_code == 2
    assert (
        f"{profile}: briefing.date: expected a date within 18 months after the edition's effective date "
        "2026-04-01 (up to 2027-10-01), got 2028-01-10"
    ) in refused.output
    allowed = run("generate", "--profile", profile, "--out", tmp_path / "out", "--allow-stale")
    assert allowed.exit_code == 0, allowed.output
    assert "warning: edition 2026-q2 took effect on 2026-04-01, 21 months before" in allowed.stderr
    assert "warning: benchmark pay is aged 21 months past the edition's effective date" in allowed.stderr
    published = run("validate", _profile(tmp_path, "date: 2028-01-10, age_to: published"))
    assert published.exit_code == 0, published.output  # nothing is aged: nothing to refuse
    explicit = run("validate", _profile(tmp_path, "date: 2027-12-01, age_to: 2027-11-01"))
    assert explicit.exit_code == 2 and "briefing.age_to: expected a date within 18 months" in explicit.output
    assert "or pass --allow-stale" in explicit.output
    assert run("validate", _profile(tmp_path, "date: 2027-12-01, age_to: 2027-11-01"), "--allow-stale").exit_code == 0
    # --allow-stale stretches the aging, not without end: past 5 years a date is a mistake
    far = run("validate", _profile(tmp_path, "date: 2027-12-01, age_to: 9999-12-31"), "--allow-stale")
    assert far.exit_code == 2
    assert (
        "briefing.age_to: expected a date from 2026-04-01 to 2031-04-01 (5 years after the edition's effective "
        "date), even with --allow-stale, got 9999-12-31"
    ) in far.output


def test_without_a_date_the_clock_is_the_briefing_date(tmp_path):
    data = json.loads(run("analyze", _profile(tmp_path), "--json").stdout)
    assert data["briefing"]["date"] == "2026-11-29" == data["age_to"]  # the CLI's clock (fixed in conftest)


@pytest.mark.parametrize("command", [["analyze", "--json"], ["analyze"], ["generate", "--profile"]])
def test_a_lone_surrogate_is_refused_with_its_key_by_every_command(tmp_path, command):
    profile = tmp_path / "p.yaml"
    profile.write_text('client: {name: "Acme \\ud800", employer_type: foreign}\n', encoding="utf-8")
    result = run(*command, profile, *(["--out", tmp_path / "out"] if command[0] == "generate" else []))
    assert result.exit_code == 2
    assert f"{profile}: client.name: contains U+D800 at position 6" in result.output
    assert not (tmp_path / "out").exists()


def test_a_briefing_dated_far_from_the_edition_is_refused(tmp_path, monkeypatch):
    import datetime as dt

    from briefing import cli

    monkeypatch.setattr(cli, "_today", lambda: dt.date(2032, 1, 1))  # a stale install, years later
    profile = tmp_path / "p.yaml"
    profile.write_text("client: {name: Acme, employer_type: foreign}\n", encoding="utf-8")
    result = run("validate", profile)
    assert result.exit_code == 2
    message = (
        "briefing.date: expected a date from 2025-04-01 to 2031-04-01 (a year before to 5 years after edition "
        "2026-q2's effective date 2026-04-01), got 2032-01-01 (today's date or --date, used when briefing.date "
        "is not given)"
    )
    assert message in result.output
    assert "18 months" not in result.output  # one rule, one message: a date that far is a mistake, not stale data
    allowed = run("validate", profile, "--allow-stale")
    assert allowed.exit_code == 2 and message in allowed.output


def test_another_clients_files_are_not_replaced_without_force(tmp_path):
    out = tmp_path / "out"
    for name in ("mueller", "muller", "muller-again"):
        client = "Müller GmbH" if name == "mueller" else "Muller GmbH"
        (tmp_path / f"{name}.yaml").write_text(
            f"client: {{name: {client}, employer_type: foreign}}\n", encoding="utf-8"
        )
    assert run("generate", "--profile", tmp_path / "mueller.yaml", "--out", out).exit_code == 0
    pdf = out / "muller_2026-q2" / "muller_2026-q2.pdf"
    first = pdf.read_bytes()
    result = run("generate", "--profile", tmp_path / "muller.yaml", "--out", out)
    assert result.exit_code == 2
    assert (
        f"error: {out / 'muller_2026-q2'}: holds the briefing of 'Müller GmbH'; 'Muller GmbH' would replace "
        "it under the same name. Give one of them a client.short_name, write into another folder (--out), or pass "
        "--force to replace it"
    ) in result.output
    assert pdf.read_bytes() == first
    assert run("generate", "--profile", tmp_path / "muller.yaml", "--out", out, "--force").exit_code == 0
    assert pdf.read_bytes() != first
    assert run("generate", "--profile", tmp_path / "muller-again.yaml", "--out", out).exit_code == 0  # same client

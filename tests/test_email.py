"""Cover e-mail drafts: standard MIME that parses back with both deliverables attached byte for byte, in the
deliverables' language, the same bytes from the same inputs, and bad addresses refused by key."""

from __future__ import annotations

import email
import email.policy
import json
import warnings

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, TODAY, deliverables

import briefing
from briefing import fmt
from briefing.cli import main

DELIVERY = FIXTURES / "delivery"


@pytest.fixture(scope="module")
def nordlicht():
    """The foreign client of the delivery fixtures (USD; contacts in English and Chinese), in both languages."""
    return briefing.generate(DELIVERY / "nordlicht.yaml", lang="en,zh", email=True, today=TODAY)


def parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=email.policy.default)  # type: ignore[return-value]


def text(message: email.message.EmailMessage) -> str:
    """The plain-text body, with the CRLF line ends of the wire read as lines."""
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]


@pytest.mark.parametrize("stem", ["nordlicht-automation_2026-q2", "nordlicht-automation_2026-q2_zh"])
def test_the_draft_carries_both_files_byte_for_byte(nordlicht, stem):
    message = parse(nordlicht.files[f"{stem}.eml"])
    attached = {part.get_filename(): part for part in message.iter_attachments()}
    assert list(attached) == [f"{stem}.pdf", f"{stem}.xlsx"]
    assert attached[f"{stem}.pdf"].get_content_type() == "application/pdf"
    assert (
        attached[f"{stem}.xlsx"].get_content_type()
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    for name, part in attached.items():
        assert part.get_content() == nordlicht.files[name]


def test_headers_make_a_draft_from_the_consultant_to_the_contacts(nordlicht):
    message = parse(nordlicht.files["nordlicht-automation_2026-q2.eml"])
    assert message["X-Unsent"] == "1"
    assert message["From"].addresses[0].addr_spec == "briefings@example.com"  # the house brand's sender
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("Anna Weber", "anna.weber@nordlicht-automation.de"),
        ("陈静", "jing.chen@nordlicht-automation.cn"),
    ]
    assert (
        message["Subject"] == "China AI Talent Briefing: Nordlicht Automation (上海) Co., Ltd. "
        "(early Q2 2026, industry estimates)"
    )
    assert message["Date"] == "Tue, 01 Dec 2026 09:00:00 +0800"  # the briefing date, not the clock
    assert message["Message-ID"].endswith("@example.com>")
    raw = nordlicht.files["nordlicht-automation_2026-q2.eml"]
    assert raw.count(b"\n") == raw.count(b"\r\n")  # CRLF line ends throughout, as mail clients expect


def test_the_body_gives_the_three_headline_figures_in_its_language(nordlicht):
    a = nordlicht.analysis
    totals = [a.totals.cost_to_close_cny, a.totals.hiring_cost_cny, a.totals.total_cny]
    en = text(parse(nordlicht.files["nordlicht-automation_2026-q2.eml"]))
    assert en.startswith("Dear Anna Weber and 陈静,")
    assert "\u2022 Closing the pay gap for current staff: USD 739,122" in en  # aged to the briefing date
    for cny in totals:
        assert fmt.money(a.money(cny), "USD", "en") in en
    assert en.rstrip().endswith("Kind regards,\nBriefing Talent Advisory\nbriefings@example.com")
    zh = text(parse(nordlicht.files["nordlicht-automation_2026-q2_zh.eml"]))
    assert zh.startswith("Anna Weber和陈静，您好：")
    assert "随信附上我们为Nordlicht Automation (上海) Co., Ltd.编制的中国AI人才简报" in zh
    for cny in totals:
        assert fmt.money(a.money(cny), "USD", "zh") in zh  # '380,282美元'


def test_same_inputs_same_bytes_and_a_changed_figure_a_new_message_id(nordlicht):
    again = briefing.generate(DELIVERY / "nordlicht.yaml", lang="en", email=True, today=TODAY)
    assert again.files["nordlicht-automation_2026-q2.eml"] == nordlicht.files["nordlicht-automation_2026-q2.eml"]
    profile = {
        "client": {
            "name": "Acme",
            "employer_type": "foreign",
            "contacts": [{"name": "Li Wei", "email": "li.wei@acme.com"}],
        },
        "briefing": {"date": "2026-12-01"},
        "roles": [{"role": "LLM Training Engineer", "headcount": 2, "current_pay": 1_000_000}],
    }
    one = parse(briefing.generate(profile, email=True).files["acme_2026-q2.eml"])
    profile["roles"][0]["headcount"] = 3
    two = parse(briefing.generate(profile, email=True).files["acme_2026-q2.eml"])
    assert one["Message-ID"] != two["Message-ID"]


def test_written_beside_the_deliverables_by_the_command(tmp_path):
    result = CliRunner().invoke(
        main, ["generate", "--profile", str(DELIVERY / "shensuan.yaml"), "--out", str(tmp_path), "--email"]
    )
    assert result.exit_code == 0, result.output
    stem = "shensuan-keji_2026-q2"
    assert deliverables(tmp_path) == ["manifest.json", *(f"{stem}/{stem}.{kind}" for kind in ("eml", "pdf", "xlsx"))]
    message = parse((tmp_path / stem / f"{stem}.eml").read_bytes())
    assert [a.display_name for a in message["To"].addresses] == ["王伟"]
    for part in message.iter_attachments():
        assert part.get_content() == (tmp_path / stem / part.get_filename()).read_bytes()
    record = json.loads((tmp_path / stem / ".briefing.json").read_text(encoding="utf-8"))  # the draft is its own
    assert sorted(record["files"]) == [f"{stem}.eml", f"{stem}.pdf", f"{stem}.xlsx"]


def test_a_draft_without_contacts_has_no_recipient_and_says_so(tmp_path):
    profile = {"client": {"name": "Acme", "employer_type": "foreign"}, "briefing": {"date": "2026-12-01"}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = briefing.generate(profile, email=True)
    assert any("client.contacts: none given, so the cover e-mail has no recipient" in str(w.message) for w in caught)
    assert parse(result.files["acme_2026-q2.eml"])["To"] is None


BAD_ADDRESSES = [
    "li.wei@",
    "li wei@acme.com",
    "Li Wei <li.wei@acme.com>",
    "li@@acme.com",
    "li.wei@acme",
    "li.wei@acme..com",
    "li.wei@acme.com, anna@acme.com",
    "@acme.com",
]


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_a_bad_contact_address_is_refused_by_key(tmp_path, address):
    profile = tmp_path / "p.yaml"
    profile.write_text(
        f'client:\n  name: Acme\n  employer_type: foreign\n  contacts:\n    - {{name: Li Wei, email: "{address}"}}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(profile)])
    assert result.exit_code == 2, result.output
    assert f"{profile}: client.contacts[0].email: expected one e-mail address like name@example.com" in result.output


def test_a_bad_sender_address_is_refused_by_key(tmp_path):
    import shutil

    from briefing import resources

    shutil.copytree(resources.assets_dir(), tmp_path / "assets")
    brand = tmp_path / "assets" / "brand.yaml"
    brand.write_text(
        brand.read_text(encoding="utf-8").replace("briefings@example.com", "briefings at example.com"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["generate", "--brand", str(brand), "--out", str(tmp_path / "out"), "--email"])
    assert result.exit_code == 2, result.output
    assert f"{brand}: sender.email: expected one e-mail address like name@example.com" in result.output
    assert not (tmp_path / "out").exists()


def test_contacts_reach_the_e_mail_only(tmp_path):
    """The contacts' names and addresses are for the draft: not the manifest, the overview or `analyze --json`."""
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(DELIVERY / "nordlicht.yaml"), "--out", str(out), "--email"])
    assert result.exit_code == 0, result.output
    analysis = CliRunner().invoke(main, ["analyze", str(DELIVERY / "nordlicht.yaml"), "--json"]).output
    for text in [analysis, *((out / name).read_text(encoding="utf-8") for name in ("manifest.json", "index.html"))]:
        assert "anna.weber@" not in text and "Anna Weber" not in text and "陈静" not in text
    stem = "nordlicht-automation_2026-q2"
    assert "anna.weber@nordlicht-automation.de" in (out / stem / f"{stem}.eml").read_text()

"""Output file names: ASCII, filesystem-safe and deterministic whatever the client's name."""

from __future__ import annotations

import re

import pytest

from briefing.naming import client_slug, output_stem

CASES = [
    ("Nordlicht Automation (上海) Co., Ltd.", "nordlicht-automation-co-ltd-89210997"),
    ("深算科技 Shensuan Technology", "shensuan-technology-3cd02830"),
    ("Acme Robotics", "acme-robotics"),
    ("Müller & Söhne GmbH", "muller-sohne-gmbh"),
    ("../../etc/passwd", "etc-passwd"),
    ("CON", None),  # a reserved device name on Windows
    ("深算科技", None),  # nothing ASCII left
    ("=HYPERLINK(\"http://x\",\"y\")", "hyperlink-http-x-y"),
]


@pytest.mark.parametrize("name,expected", CASES)
def test_slug(name, expected):
    slug = client_slug(name)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert slug == client_slug(name)
    if expected:
        assert slug == expected
    else:
        assert re.search(r"-[0-9a-f]{8}$", slug) and slug != "con"


def test_long_names_are_cut_at_a_word():
    slug = client_slug("Very Long Company Name " * 20)
    assert len(slug) <= 48 and not slug.endswith("-")


def test_names_that_differ_only_in_chinese_stay_apart():
    assert client_slug("深算科技 Co., Ltd.") != client_slug("智谱 Co., Ltd.")


def test_stem():
    assert output_stem("Nordlicht Automation (上海) Co., Ltd.", "2026-q2") == "nordlicht-automation-co-ltd-89210997_2026-q2"
    assert output_stem("深算科技", "2026-q2") != output_stem("深算资本", "2026-q2")

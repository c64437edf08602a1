"""Both languages are complete: every catalogue key and every edition name has its translation."""

from __future__ import annotations

import shutil

import pytest

from briefing import fmt, resources
from briefing.edition import load_edition
from briefing.errors import EditionError
from briefing.i18n import LANGS, catalogue, catalogue_dir, placeholders


def test_every_part_exists_in_every_language():
    parts = {lang: sorted(p.name for p in catalogue_dir(lang).glob("*.yaml")) for lang in LANGS}
    assert parts["en"] and all(parts[lang] == parts["en"] for lang in LANGS)


@pytest.mark.parametrize("lang", LANGS[1:])
def test_every_key_is_translated(lang):
    english, other = catalogue("en").messages, catalogue(lang).messages
    assert sorted(set(english) - set(other)) == [], f"missing in {lang}"
    assert sorted(set(other) - set(english)) == [], f"only in {lang}"
    for key, message in english.items():
        assert placeholders(other[key]) == placeholders(message), key


def test_chinese_text_is_chinese():
    zh = catalogue("zh").messages
    untranslated = [k for k, v in zh.items() if v == catalogue("en").messages[k] and any(c.isalpha() for c in v)
                    and not v.isupper()]
    # the same text in both languages is allowed only for codes and names (P50, USD, CNY, Excel names)
    assert all(len(catalogue("en").messages[k]) <= 24 for k in untranslated), untranslated


def test_edition_has_every_name_in_chinese(edition):
    zh = edition.text("zh")
    assert zh.name("LLM Training Engineer") == "大模型训练工程师"
    for role in edition.roles:
        assert zh.name(role.role) and zh.name(role.key_driver)
    for gap in edition.gaps:
        assert zh.name(gap.specialization)
    for premium in edition.premiums:
        assert zh.name(premium.dimension) and zh.name(premium.traditional_role) and zh.name(premium.ai_role)
    assert set(zh.signals) == {s.id for s in edition.signals}
    assert set(zh.recommendations) == {r.id for recs in edition.recommendations.values() for r in recs}
    # outlets keep their own names
    assert "The Atlantic" in zh.signals["containment"].text and "The Atlantic" in zh.signals["containment"].after


def test_a_missing_translation_is_refused(tmp_path):
    shutil.copytree(resources.data_dir() / "editions", tmp_path / "editions")
    path = tmp_path / "editions" / "2026-q2" / "zh.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  Data Analyst: 数据分析师\n", ""), encoding="utf-8")
    with pytest.raises(EditionError, match="zh.yaml: traditional_roles.Data Analyst: has no zh translation"):
        load_edition(tmp_path)


@pytest.mark.parametrize("value,expected", [
    (950_000, "95万元"), (194_366, "19.44万元"), (11_770_000, "1,177万元"), (117_700_000, "1.18亿元"),
    (625_000, "62.5万元")])
def test_yuan(value, expected):
    assert fmt.yuan(value) == expected


def test_chinese_dates_and_usd():
    import datetime as dt

    assert fmt.date(dt.date(2026, 12, 1), "zh") == "2026年12月1日"
    assert fmt.money(521_126.76, "USD", "zh") == "521,127美元"
    assert fmt.money(3_700_000, "CNY", "zh") == "370万元"

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
    untranslated = [
        k for k, v in zh.items() if v == catalogue("en").messages[k] and any(c.isalpha() for c in v) and not v.isupper()
    ]
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
    with pytest.raises(EditionError, match=r"zh\.yaml: traditional_roles\.Data Analyst: has no zh translation"):
        load_edition(tmp_path)


@pytest.mark.parametrize(
    "value,expected",
    [
        (950_000, "95万元"),
        (194_366, "19.4万元"),
        (11_770_000, "1,177万元"),
        (117_700_000, "1.18亿元"),
        (625_000, "62.5万元"),
        (1_143_300, "114.3万元"),
        (190_000, "19万元"),
    ],
)
def test_yuan(value, expected):
    """In a sentence: 万元 to one decimal, as the workbook's 万元 format shows them; no ".0" on a whole number."""
    assert fmt.yuan(value) == expected


def test_wan_in_a_table_has_one_precision():
    """A 万元 column: every figure with one decimal, "19.0" above "50.4", never "19" above "50.4" or "114.33"."""
    assert [fmt.wan(v) for v in (1_393_000, 1_143_300, 190_000, 504_000, 20_352_879)] == [
        "139.3",
        "114.3",
        "19.0",
        "50.4",
        "2,035.3",
    ]


@pytest.mark.parametrize(
    "values,most,expected",
    [([95, 135, 72], 1, 0), ([107.5, 95], 1, 1), ([95.04], 1, 0), ([72.25, 95], 2, 2), ([72.5, 95], 2, 1), ([], 1, 0)],
)
def test_places_one_precision_per_column(values, most, expected):
    assert fmt.places(values, most) == expected


def test_chinese_dates_and_usd():
    import datetime as dt

    assert fmt.date(dt.date(2026, 12, 1), "zh") == "2026年12月1日"
    assert fmt.money(521_126.76, "USD", "zh") == "521,127美元"
    assert fmt.money(3_700_000, "CNY", "zh") == "370万元"


@pytest.mark.parametrize("lang", LANGS)
def test_plural_forms_come_in_pairs(lang):
    """A message with plural forms has exactly `.one` and `.other`, with the same placeholders."""
    messages = catalogue(lang).messages
    plural = {k.rsplit(".", 1)[0] for k in messages if k.endswith((".one", ".other"))}
    assert plural, "no plural forms"
    for key in plural:
        assert f"{key}.one" in messages and f"{key}.other" in messages, key
        assert placeholders(messages[f"{key}.one"]) == placeholders(messages[f"{key}.other"]), key
        assert not any(k.startswith(f"{key}.") and k not in (f"{key}.one", f"{key}.other") for k in messages), key


def test_plural_picks_the_form_by_count():
    en, zh = catalogue("en"), catalogue("zh")
    assert en.plural("pdf.summary.kpi.hires_note", 1, n=1) == "a year, 1 hire"
    assert en.plural("pdf.summary.kpi.hires_note", 0, n=0) == "a year, 0 hires"
    assert en.plural("pdf.summary.kpi.hires_note", 6, n=6) == "a year, 6 hires"
    assert zh.plural("pdf.summary.kpi.hires_note", 1, n=1) == "每年，共1人"
    assert zh.plural("pdf.summary.kpi.hires_note", 6, n=6) == "每年，共6人"


@pytest.mark.parametrize("lang", LANGS)
def test_catalogues_read_the_same_with_libyaml(lang):
    """The catalogues are read with libyaml for speed: every message is what PyYAML's own SafeLoader reads."""
    import yaml

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml: the catalogues are read with its SafeLoader anyway")
    for path in sorted(catalogue_dir(lang).glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.CSafeLoader) == yaml.load(text, Loader=yaml.SafeLoader), path.name

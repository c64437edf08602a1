"""XlsxWriter's workbook and worksheet, with formulas stored without its per-formula rewriting where none applies."""

from __future__ import annotations

import re

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

# The functions XlsxWriter prefixes with _xlfn. in every formula (newer Excel functions: its _prepare_formula
# tries some thirty regular expressions on each formula, an eighth of a workbook's time). Without the \b of its
# patterns, and with INGLE( for its SINGLE pattern (written \SINGLE, any character then INGLE), this matches
# wherever one of them could: a formula it does not match comes out of XlsxWriter's rewriting unchanged.
_PREFIXED = re.compile(
    r"(?:ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA|MAKEARRAY|MAP|RANDARRAY|"
    r"REDUCE|SCAN|INGLE|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|TOCOL|TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|"
    r"XLOOKUP)\("
)


class Sheet(Worksheet):
    """A worksheet that skips XlsxWriter's rewriting of a formula that holds none of the functions it rewrites."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        if self.use_future_functions or expand_future_functions or _PREFIXED.search(formula):
            return super()._prepare_formula(formula, expand_future_functions)
        # what XlsxWriter does to every formula before its rewriting: drop array braces and the leading "="
        if formula.startswith("{"):
            formula = formula[1:]
        if formula.startswith("="):
            formula = formula[1:]
        if formula.endswith("}"):
            formula = formula[:-1]
        return formula


class Book(Workbook):
    """An XlsxWriter workbook whose sheets are `Sheet`s (tests compare its bytes with XlsxWriter's own)."""

    worksheet_class = Sheet

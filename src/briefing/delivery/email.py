"""The cover e-mail: a MIME draft (`.eml`) that opens as a new message, with the PDF and the workbook attached.

Built with the standard library's `email` package. `X-Unsent: 1` makes Outlook open it as a draft to send;
Apple Mail and Thunderbird open it as a message to edit or send again. The same inputs give the same bytes:
the Date is the briefing date (09:00 in China), and the Message-ID and the MIME boundary are digests of
the content rather than the clock and a random number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from .. import fmt
from ..analysis import Analysis
from ..i18n import catalogue
from ..models import Brand

SENT_AT = dt.time(9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # the briefing date, a working morning in China
SUBJECT_CLIENT = 80  # characters of the client's name in a subject line
TYPES = {
    "pdf": ("application", "pdf"),
    "xlsx": ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _join(words, names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return words("email.join.sep").join(names[:-1]) + words("email.join.last") + names[-1]


def subject(analysis: Analysis, lang: str) -> str:
    words = catalogue(lang)
    client = analysis.profile.client
    return words(
        "email.subject",
        title=words("common.title"),
        label=analysis.edition.text(lang).label,
        client=_cut(" ".join((client.short_name or client.name).split()), SUBJECT_CLIENT),
    )


def body(analysis: Analysis, brand: Brand, lang: str) -> str:
    """The message text: greeting, what is attached, the three headline figures, the consultant's signature."""
    a, words = analysis, catalogue(lang)
    client, totals = a.profile.client, a.totals

    def money(cny: float) -> str:
        return fmt.money(a.money(cny), a.currency, lang)

    names = [c.name for c in client.contacts if c.name]
    greeting = words("email.greeting", names=_join(words, names)) if names else words("email.greeting_none")
    signature = [brand.sender.name, brand.firm, brand.sender.email] if brand.sender else [brand.firm]
    if brand.sender and brand.sender.name == brand.firm:
        signature = [brand.firm, brand.sender.email]
    lines = [
        greeting,
        "",
        words("email.intro", client=_cut(client.name, 200), label=a.edition.text(lang).label),
        "",
        words("email.figures", pct=a.target_percentile),
        "",
        "\u2022 " + words("email.close", value=money(totals.cost_to_close_cny)),
        "\u2022 " + words("email.hires", n=totals.planned_hires, value=money(totals.hiring_cost_cny)),
        "\u2022 " + words("email.total", value=money(totals.total_cny)),
        "",
        words("email.closing"),
        "",
        words("email.regards"),
        *signature,
    ]
    return "\n".join(lines) + "\n"


def render_eml(analysis: Analysis, brand: Brand, lang: str, attachments: Mapping[str, bytes]) -> bytes:
    """The draft as bytes (CRLF line ends, as mail clients expect), `attachments` attached by file name."""
    contacts = analysis.profile.client.contacts
    recipients = tuple(Address(display_name=c.name or "", addr_spec=c.email) for c in contacts)
    title, text = subject(analysis, lang), body(analysis, brand, lang)
    digest = hashlib.sha256()
    for part in (title, text, *(c.email for c in contacts)):
        digest.update(part.encode("utf-8") + b"\0")
    for name, data in attachments.items():
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    key = digest.hexdigest()

    message = EmailMessage(policy=SMTP)
    if brand.sender:
        message["From"] = Address(display_name=brand.sender.name, addr_spec=brand.sender.email)
    if recipients:
        message["To"] = recipients
    message["Subject"] = title
    message["Date"] = format_datetime(dt.datetime.combine(analysis.profile.briefing.date, SENT_AT))
    domain = brand.sender.email.rsplit("@", 1)[1] if brand.sender else "briefing.invalid"
    message["Message-ID"] = f"<{key[:32]}@{domain}>"
    message["X-Unsent"] = "1"  # Outlook: open as a draft to send, not as a received message
    message.set_content(text, charset="utf-8")
    for name, data in attachments.items():
        maintype, subtype = TYPES[name.rsplit(".", 1)[1]]
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    message.set_boundary(f"=_briefing_{key[32:56]}")
    return message.as_bytes(policy=SMTP)

"""Reading a job posting into an application draft: schema.org ``JobPosting`` data (JSON-LD,
else microdata), else the page's title. Nothing is saved here; the user confirms the draft.

Real pages nest JSON-LD in ``@graph`` lists, give ``hiringOrganization`` as an object or a name,
``jobLocation`` as one place or several, ``baseSalary`` as a ``MonetaryAmount`` with a value or
a range, and descriptions in HTML: each shape is read here, once.
"""

import html
import json
import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from typing import Any

from interview_tracker import outbound
from interview_tracker.errors import ValidationFailed

DESCRIPTION_LIMIT = 20_000
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"[ \t\r\f\v]+")
# "Role at Company", "Role - Company | Board": separators are at, @, hyphen, en and em dashes.
TITLE_PARTS = re.compile(
    r"(?P<role>.+?)\s+(?:at|@|-|\u2013|\u2014|\|)\s+(?P<company>[^|\u2013\u2014-]+)"
)


@dataclass
class PostingDraft:
    title: str = ""
    company_name: str = ""
    location: str = ""
    is_remote: bool = False
    salary_min: int | None = None
    salary_max: int | None = None
    currency: str = ""
    description: str = ""
    url: str = ""
    # How the draft was read: "json-ld", "microdata" or "title" (the page's title only).
    found_in: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _PageReader(HTMLParser):
    """Collects JSON-LD blocks, JobPosting microdata properties, the title and og: metadata."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.json_ld: list[str] = []
        self.microdata: dict[str, str] = {}
        self.title = ""
        self.meta: dict[str, str] = {}
        self._in_json_ld = False
        self._in_title = False
        self._posting_depth = 0  # >0 inside an element of itemtype JobPosting
        self._depth = 0
        self._capture: tuple[str, int] | None = None  # (itemprop, depth) whose text we read
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        self._depth += 1
        if self._capture:
            self._buffer.append(" ")  # an element boundary inside a property separates words
        if tag == "script" and attributes.get("type", "").lower() == "application/ld+json":
            self._in_json_ld = True
            self._buffer = []
        elif tag == "title":
            self._in_title = True
        elif tag == "meta":
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta[key.lower()] = attributes.get("content", "")
        if "JobPosting" in attributes.get("itemtype", "") and not self._posting_depth:
            self._posting_depth = self._depth
        prop = attributes.get("itemprop")
        if self._posting_depth and prop and prop not in self.microdata:
            content = attributes.get("content") or attributes.get("datetime")
            if content:
                self.microdata[prop] = content
            elif self._capture is None:
                self._capture = (prop, self._depth)
                self._buffer = []
        if tag in {"meta", "link", "br", "img", "input", "hr"}:
            self._depth -= 1  # void elements have no end tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_json_ld:
            self.json_ld.append("".join(self._buffer))
            self._in_json_ld = False
        elif tag == "title":
            self._in_title = False
        if self._capture and self._capture[1] == self._depth:
            self.microdata[self._capture[0]] = " ".join("".join(self._buffer).split())
            self._capture = None
        if self._posting_depth == self._depth:
            self._posting_depth = 0
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_json_ld or self._capture:
            self._buffer.append(data)
        elif self._in_title:
            self.title += data


def _plain(text: Any) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, paragraphs kept."""
    if not isinstance(text, str):
        return ""
    # Some sites escape the description's HTML once more inside the JSON: unescape first.
    text = re.sub(r"(?i)<br\s*/?>|</p>|</li>|</h\d>", "\n", html.unescape(text))
    text = html.unescape(TAG.sub("", text))
    lines = [SPACE.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)[:DESCRIPTION_LIMIT]


def _postings(node: Any) -> list[dict[str, Any]]:
    """Every JobPosting object in a JSON-LD document (top level, lists, ``@graph``)."""
    found: list[dict[str, Any]] = []
    if isinstance(node, list):
        for item in node:
            found += _postings(item)
    elif isinstance(node, dict):
        kind = node.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if "JobPosting" in kinds:
            found.append(node)
        found += _postings(node.get("@graph", []))
    return found


def _name(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return _plain(value) if isinstance(value, str) else ""


def _location(value: Any) -> str:
    places = value if isinstance(value, list) else [value]
    names = []
    for place in places:
        address = place.get("address", place) if isinstance(place, dict) else place
        if isinstance(address, dict):
            parts = [
                address.get(key) for key in ("addressLocality", "addressRegion", "addressCountry")
            ]
            name = ", ".join(_name(part) for part in parts if _name(part))
        else:
            name = _name(address)
        if name and name not in names:
            names.append(name)
    return "; ".join(names)[:200]


def _amount(value: Any) -> int | None:
    try:
        number = int(float(str(value).replace(",", "")))
    except ValueError:
        return None
    return number if number >= 0 else None


def _salary(value: Any) -> tuple[int | None, int | None, str]:
    if not isinstance(value, dict):
        return None, None, ""
    currency = str(value.get("currency", ""))[:3].upper()
    amount = value.get("value", value)
    if isinstance(amount, dict):
        low = _amount(amount.get("minValue", amount.get("value")))
        high = _amount(amount.get("maxValue", amount.get("value")))
        currency = currency or str(amount.get("currency", ""))[:3].upper()
    else:
        low = high = _amount(amount)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return low, high, currency


def _from_json_ld(posting: dict[str, Any]) -> PostingDraft:
    low, high, currency = _salary(posting.get("baseSalary"))
    remote = str(posting.get("jobLocationType", "")).upper() == "TELECOMMUTE"
    return PostingDraft(
        title=_name(posting.get("title"))[:200],
        company_name=_name(posting.get("hiringOrganization"))[:200],
        location=_location(posting.get("jobLocation")) or ("Remote" if remote else ""),
        is_remote=remote,
        salary_min=low,
        salary_max=high,
        currency=currency,
        description=_plain(posting.get("description")),
        url=str(posting.get("url", ""))[:500],
        found_in="json-ld",
    )


def _from_microdata(props: dict[str, str]) -> PostingDraft:
    low = _amount(props.get("minValue", props.get("value", "")))
    high = _amount(props.get("maxValue", props.get("value", "")))
    return PostingDraft(
        title=props.get("title", "")[:200],
        company_name=props.get("hiringOrganization", props.get("name", ""))[:200],
        location=props.get("jobLocation", props.get("addressLocality", ""))[:200],
        is_remote=props.get("jobLocationType", "").upper() == "TELECOMMUTE",
        salary_min=low,
        salary_max=high,
        currency=props.get("currency", props.get("salaryCurrency", ""))[:3].upper(),
        description=_plain(props.get("description", "")),
        found_in="microdata",
    )


def _from_title(reader: _PageReader) -> PostingDraft:
    """Most job pages title themselves "Role at Company" or "Role - Company | Board"."""
    title = " ".join((reader.meta.get("og:title") or reader.title).split())
    company = reader.meta.get("og:site_name", "")
    match = TITLE_PARTS.match(title)
    if match:
        title = match["role"]
        company = company or match["company"].strip()
    return PostingDraft(
        title=title[:200],
        company_name=company[:200],
        description=_plain(reader.meta.get("og:description") or reader.meta.get("description")),
        found_in="title",
    )


def posting_parse(page: str, *, url: str = "") -> PostingDraft:
    """The application draft a posting's HTML describes."""
    reader = _PageReader()
    reader.feed(page)
    reader.close()
    draft = None
    for block in reader.json_ld:
        try:
            postings = _postings(json.loads(block))
        except ValueError:
            continue  # one broken block (common) must not hide a good one
        if postings:
            draft = _from_json_ld(postings[0])
            break
    if draft is None and reader.microdata.get("title"):
        draft = _from_microdata(reader.microdata)
    if draft is None:
        draft = _from_title(reader)
    draft.url = draft.url or url
    return draft


def posting_read(*, url: str = "", page: str = "") -> PostingDraft:
    """The draft of a posting given by its URL (fetched under the outbound rules) or its HTML."""
    if page.strip():
        return posting_parse(page, url=url)
    if not url:
        raise ValidationFailed({"url": "Give the posting's URL or paste its page."})
    try:
        response = outbound.request("GET", url, headers={"Accept": "text/html"})
    except outbound.OutboundRefused as exc:
        raise ValidationFailed({"url": str(exc)}) from exc
    if response.status_code >= 400:
        raise ValidationFailed({"url": f"The page answered {response.status_code}."})
    return posting_parse(response.body.decode("utf-8", errors="replace"), url=url)

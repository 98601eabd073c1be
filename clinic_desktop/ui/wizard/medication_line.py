"""NHS CUI medication lines (MEDi): bold generic, " — " separators, DOSE label, words not symbols."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Literal

from clinic_desktop.clinical.assessment import Ingredient, Medication
from clinic_desktop.clinical.dose import daily_mg
from clinic_desktop.clinical.formulary import PRODUCTS, Product

SEPARATOR = " — "
DOSE_LABEL = "DOSE"
_TIMES_IN_WORDS = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times", 6: "six times"}
_PRODUCTS_BY_NAME: dict[str, Product] = {p.name.lower(): p for p in PRODUCTS}
_BRACKETED_SUFFIX = re.compile(r"^(?P<form>.*?)\s*\((?P<detail>[^)]*)\)$")
_PATCH_WEAR = re.compile(r"(?P<low>\d+)(?:-(?P<high>\d+))?[- ](?P<unit>hour|day)")


def format_number(value: float) -> str:
    """``2``, ``0.5``, ``4,000``: leading zero, no trailing zeros, commas in thousands (MEDi-015..017)."""
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _plural(count: float, singular: str, plural: str) -> str:
    return singular if count == 1 else plural


def format_strength(ingredient: Ingredient) -> str:
    """``30 mg``, ``200 micrograms``, ``5 mg per ml``, ``25 micrograms per hour`` ("per", never "/")."""
    strength, unit = ingredient.strength, ingredient.unit
    if unit == "mg" and 0 < strength < 1:
        # MEDi-014: change the unit rather than write a decimal (100 micrograms, not 0.1 mg).
        strength, unit = strength * 1000, "microgram"
    amount = format_number(strength)
    if unit == "mg":
        return f"{amount} mg"
    if unit == "mg/ml":
        return f"{amount} mg per ml"
    micrograms = _plural(strength, "microgram", "micrograms")
    if unit == "microgram/hour":
        return f"{amount} {micrograms} per hour"
    if unit == "microgram":
        return f"{amount} {micrograms}"
    return f"{amount} {unit}"


def product_for(med: Medication) -> Product | None:
    """The formulary product the line was picked from, when it was."""
    return _PRODUCTS_BY_NAME.get((med.product or "").lower())


def form_words(med: Medication) -> str:
    """The dose form without brackets (MEDi-028): "72-hour transdermal patch", "" when unknown."""
    product = product_for(med)
    if product is None:
        return ""
    match = _BRACKETED_SUFFIX.match(product.form)
    if match is None:
        return product.form
    return f"{match['detail']} {match['form']}"


def is_patch(med: Medication) -> bool:
    """Patches are dosed by patches worn at once, with no times a day."""
    return bool(med.ingredients) and all(i.unit == "microgram/hour" for i in med.ingredients)


def dose_unit_words(med: Medication, quantity: float) -> str:
    """The word for one administration: tablets, capsules, ml, patches (from the unit and the product)."""
    if is_patch(med):
        return _plural(quantity, "patch", "patches")
    if any(i.unit == "mg/ml" for i in med.ingredients):
        return "ml"
    name = f"{form_words(med)} {med.product or ''}".lower()
    for word, singular, plural in (
        ("capsule", "capsule", "capsules"),
        ("tablet", "tablet", "tablets"),
        ("spray", "spray", "sprays"),
        ("suppositor", "suppository", "suppositories"),
        ("injection", "injection", "injections"),
    ):
        if word in name:
            return _plural(quantity, singular, plural)
    return _plural(quantity, "dose", "doses")


def times_words(times: float) -> str:
    """``once``, ``twice``, ``three times``, ``8 times``."""
    if times == int(times) and int(times) in _TIMES_IN_WORDS:
        return _TIMES_IN_WORDS[int(times)]
    return f"{format_number(times)} times"


def frequency_words(med: Medication) -> str:
    """ "four times a day", "up to twice a day when required", "change every 72 hours" for patches."""
    if is_patch(med):
        match = _PATCH_WEAR.search(form_words(med))
        if match is None:
            return ""
        span = match["low"] if match["high"] is None else f"{match['low']} to {match['high']}"
        return f"change every {span} {match['unit']}s"
    if med.times_per_day is None:
        return ""
    if med.as_required:
        return f"up to {times_words(med.times_per_day)} a day when required"
    return f"{times_words(med.times_per_day)} a day"


def regular_or_as_required(med: Medication) -> str:
    """The Medicines table column: "Regular", or "As required, maximum 4 doses in 24 hours"."""
    if not med.as_required:
        return "Regular"
    if med.times_per_day is None:
        return "As required"
    times = med.times_per_day
    return f"As required, maximum {format_number(times)} {_plural(times, 'dose', 'doses')} in 24 hours"


def daily_amount_words(med: Medication) -> str:
    """Each ingredient's daily amount: "240 mg"; "codeine 240 mg, paracetamol 4,000 mg"; patches per hour."""
    parts: list[str] = []
    for ingredient in med.ingredients:
        if ingredient.unit == "microgram/hour":
            amount = format_strength(
                Ingredient(ingredient.name, ingredient.strength * med.dose_quantity, ingredient.unit)
            )
        else:
            mg = daily_mg(med, ingredient)
            if mg is None:
                continue
            amount = format_strength(Ingredient(ingredient.name, mg, "mg"))
        parts.append(amount if len(med.ingredients) == 1 else f"{ingredient.name.lower()} {amount}")
    return ", ".join(parts)


SegmentKind = Literal["text", "generic", "dose_label", "dose"]


@dataclass(frozen=True)
class Segment:
    """A piece of a medication line: plain text, a generic name, the DOSE label or the dose amount."""

    text: str
    kind: SegmentKind = "text"


def medication_line(med: Medication) -> tuple[Segment, ...]:
    """drug — strength — form — DOSE dose — route — frequency (MEDi-051), as segments to render."""
    segments: list[Segment] = []
    for index, ingredient in enumerate(med.ingredients):
        if index:
            segments.append(Segment(" and "))
        segments.append(Segment(ingredient.name.lower(), "generic"))
    strengths = " and ".join(format_strength(i) for i in med.ingredients)
    segments.append(Segment(SEPARATOR + strengths))
    if form := form_words(med):
        segments.append(Segment(SEPARATOR + form))
    segments.append(Segment(SEPARATOR))
    segments.append(Segment(DOSE_LABEL, "dose_label"))
    quantity = med.dose_quantity
    segments.append(Segment(" "))
    segments.append(Segment(f"{format_number(quantity)} {dose_unit_words(med, quantity)}", "dose"))
    segments.append(Segment(SEPARATOR + med.route))
    if frequency := frequency_words(med):
        segments.append(Segment(SEPARATOR + frequency))
    return tuple(segments)


def to_markdown(segments: tuple[Segment, ...]) -> str:
    """Generic names in ``**bold**``, for golden tests and plain-text exports."""
    return "".join(f"**{s.text}**" if s.kind == "generic" else s.text for s in segments)


def to_plain(segments: tuple[Segment, ...]) -> str:
    """The line as a screen reader reads it."""
    return "".join(s.text for s in segments)


def to_html(segments: tuple[Segment, ...]) -> str:
    """Rich text for labels and table cells: bold names and dose, DOSE label small and grey (MEDi-007)."""
    parts: list[str] = []
    previous = ""
    for segment in segments:
        text = html.escape(segment.text)
        if segment.kind == "dose" or previous == "dose_label":
            text = text.replace(" ", "&nbsp;")  # "DOSE 2 tablets" never splits across lines
        previous = segment.kind
        if segment.kind == "dose_label":
            parts.append(f'<span style="font-size:small; color:#4c6272">{text}</span>')
        elif segment.kind in {"generic", "dose"}:
            parts.append(f"<b>{text}</b>")
        else:
            parts.append(text)
    return "".join(parts)


def medication_line_text(med: Medication) -> str:
    """Shorthand: the markdown form of the line."""
    return to_markdown(medication_line(med))


_MODIFIED_RELEASE_OPIOIDS = (
    "morphine",
    "oxycodone",
    "tramadol",
    "tapentadol",
    "dihydrocodeine",
    "hydromorphone",
)


def pick_list_warning(product: Product) -> str:
    """MSP-0700/0720: a short warning for products commonly mis-selected for a neighbour; "" when none."""
    name = product.name.lower()
    generic = product.ingredients[0].name.lower() if product.ingredients else ""
    if generic in _MODIFIED_RELEASE_OPIOIDS and len(product.ingredients) == 1 and product.route == "oral":
        if "modified-release" in name:
            return "Modified-release: check it is not the immediate-release product"
        if "solution" not in name:
            return "Immediate-release: check it is not the modified-release product"
    if generic == "buprenorphine" and product.route == "transdermal":
        days = "7 days" if "seven day" in name else "3 to 4 days"
        return f"Patch worn for {days}: check the patch type"
    if generic == "buprenorphine" and product.route == "sublingual":
        if product.ingredients[0].unit == "microgram":
            return "Micrograms, for pain: check it is not the milligram product for opioid dependence"
        return "Milligrams, for opioid dependence: check it is not the microgram product for pain"
    if "solution" in name and any(i.unit == "mg/ml" and i.strength >= 10 for i in product.ingredients):
        return "Concentrated solution: check the strength per ml"
    return ""

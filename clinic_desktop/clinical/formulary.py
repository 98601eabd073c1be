"""The formulary: which class each ingredient belongs to, and the UK product list offered while typing.

The data lives in ``data/formulary-v2.json`` (versioned, each class with its source) so that the
Clinical Safety Officer can review it without reading code.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from clinic_desktop.clinical.assessment import Ingredient, Medication

CLASS_IDS: tuple[str, ...] = (
    "opioid",
    "benzodiazepine",
    "z_drug",
    "gabapentinoid",
    "antidepressant",
    "serotonergic_antidepressant",
    "anxiolytic_hypnotic",
    "mood_stabiliser",
    "antipsychotic",
    "naloxone",
    "naltrexone",
    "paracetamol",
)


@dataclass(frozen=True)
class FormularyClass:
    """One class of ingredients, with where its membership comes from."""

    id: str
    label: str
    source: str
    ingredients: frozenset[str]


@dataclass(frozen=True)
class Product:
    """A UK product the clinician can pick; its fields fill a medication line."""

    name: str
    ingredients: tuple[Ingredient, ...]
    route: str
    form: str
    indication: str

    def to_medication(self, dose_quantity: float, times_per_day: float | None) -> Medication:
        """A medication line for this product with the given dose (dates and flags left to the caller)."""
        return Medication(
            ingredients=self.ingredients,
            route=self.route,
            dose_quantity=dose_quantity,
            times_per_day=times_per_day,
            product=self.name,
            indication=self.indication,
        )


def _load(name: str) -> dict[str, Any]:
    text = resources.files("clinic_desktop.clinical").joinpath(f"data/{name}").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _build_classes(raw: dict[str, Any]) -> dict[str, FormularyClass]:
    classes: dict[str, FormularyClass] = {}
    # Classes that include other classes ("anxiolytic_hypnotic" = benzodiazepines + Z-drugs + ...)
    # are resolved after their members, so data order does not matter.
    pending = dict(raw)
    while pending:
        for class_id, entry in list(pending.items()):
            included = entry.get("includes_classes", [])
            if any(name not in classes for name in included):
                continue
            members = {str(n).lower() for n in entry["ingredients"]}
            for name in included:
                members |= classes[name].ingredients
            classes[class_id] = FormularyClass(
                class_id, str(entry["label"]), str(entry["source"]), frozenset(members)
            )
            del pending[class_id]
    return classes


def _build_products(raw: list[dict[str, Any]]) -> tuple[Product, ...]:
    return tuple(
        Product(
            name=str(p["name"]),
            ingredients=tuple(Ingredient(str(n), s, str(u)) for n, s, u in p["ingredients"]),
            route=str(p["route"]),
            form=str(p["form"]),
            indication=str(p["indication"]),
        )
        for p in raw
    )


_DATA = _load("formulary-v2.json")
FORMULARY_VERSION: str = str(_DATA["version"])
CLASSES: dict[str, FormularyClass] = _build_classes(_DATA["classes"])
PRODUCTS: tuple[Product, ...] = _build_products(_DATA["products"])

_CLASSES_BY_INGREDIENT: dict[str, frozenset[str]] = {}
for _class in CLASSES.values():
    for _name in _class.ingredients:
        _CLASSES_BY_INGREDIENT[_name] = _CLASSES_BY_INGREDIENT.get(_name, frozenset()) | {_class.id}


def ingredient_key(name: str) -> str:
    """How ingredient names are compared: case and surrounding or repeated spaces do not matter."""
    return " ".join(name.split()).lower()


def _build_everyday(raw: dict[str, Any]) -> dict[str, str]:
    """Every name an everyday ingredient may be written as, mapped to its main (BNF) name."""
    names: dict[str, str] = {}
    for chapter in raw["chapters"]:
        for entry in chapter["ingredients"]:
            spellings = [entry] if isinstance(entry, str) else list(entry)
            for spelling in spellings:
                names[ingredient_key(str(spelling))] = str(spellings[0])
    return names


_EVERYDAY = _load("everyday-medicines-v1.json")
EVERYDAY_VERSION: str = str(_EVERYDAY["version"])
EVERYDAY_SOURCE: str = str(_EVERYDAY["source"])
EVERYDAY_NAMES: dict[str, str] = _build_everyday(_EVERYDAY)
"""Spelling (compared as ``ingredient_key``) -> main name, for everyday medicines with no class."""
EVERYDAY_INGREDIENTS: frozenset[str] = frozenset(EVERYDAY_NAMES.values())


def classes_of(ingredient_name: str) -> frozenset[str]:
    """The formulary classes of a generic ingredient name (case-insensitive); empty when unknown."""
    return _CLASSES_BY_INGREDIENT.get(ingredient_key(ingredient_name), frozenset())


def is_known_ingredient(name: str) -> bool:
    """True when the formulary knows this generic ingredient name (case-insensitive), in a class or
    among the everyday medicines."""
    key = ingredient_key(name)
    return key in _CLASSES_BY_INGREDIENT or key in EVERYDAY_NAMES


def medication_classes(med: Medication) -> frozenset[str]:
    """The union of the classes of the medication's ingredients."""
    result: frozenset[str] = frozenset()
    for ingredient in med.ingredients:
        result |= classes_of(ingredient.name)
    return result


_WORD_SPLIT = re.compile(r"[\s/()]+")


def _search_words(product: Product) -> tuple[str, ...]:
    # Whole words ("co-codamol", "30mg") plus their hyphen parts ("codamol", "modified"), and the
    # ingredient names, so that "co-cod", "codamol" and "codeine" all find co-codamol.
    words: list[str] = []
    for word in _WORD_SPLIT.split(product.name.lower()):
        if word:
            words.append(word)
            words.extend(part for part in word.split("-") if part and part != word)
    words.extend(i.name.lower() for i in product.ingredients)
    return tuple(dict.fromkeys(words))


_PRODUCT_WORDS: tuple[tuple[Product, tuple[str, ...]], ...] = tuple((p, _search_words(p)) for p in PRODUCTS)


def search_products(text: str, limit: int = 20) -> list[Product]:
    """Products whose words start with every word typed (case-insensitive), best matches first.

    Products whose name starts with the text come first; otherwise the formulary's own order (which
    keeps strengths of one product together, weakest first) is kept. Blank text finds nothing.
    """
    terms = [t for t in _WORD_SPLIT.split(text.lower()) if t]
    if not terms or limit <= 0:
        return []
    typed = text.strip().lower()
    matches = [
        product
        for product, words in _PRODUCT_WORDS
        if all(any(word.startswith(term) for word in words) for term in terms)
    ]
    matches.sort(key=lambda p: not p.name.lower().startswith(typed))
    return matches[:limit]

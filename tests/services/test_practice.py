"""Practice settings: first run, crisis pathway, safety actions, local services; nothing partial."""

from __future__ import annotations

from dataclasses import replace

import pytest

from clinic_desktop.clinical.rules import SERVICES
from clinic_desktop.clinical.safety import DEFAULT_SAFETY_ACTIONS, safety_actions_or_default
from clinic_desktop.services.database import Services
from clinic_desktop.services.errors import FieldErrors
from clinic_desktop.services.practice import LOCAL_SERVICE_IDS, LocalService, PracticeSettings

GOOD = PracticeSettings(
    practice_name=" Park Row  Surgery ",
    address_lines=("1 Park Row", "", "Leeds"),
    postcode="ls1 5ab",
    phone="0113 496 0000",
    email="reception@example.nhs.uk",
    ods_code="b82005",
    clinician_name="Dr Siân O'Brien",
    clinician_role="GP",
    registration_number="7654321",
)


def test_none_before_the_first_run_dialog(services: Services) -> None:
    assert services.practice.load() is None


def test_save_normalises_and_load_returns_it(services: Services) -> None:
    saved = services.practice.save(GOOD)
    assert saved == PracticeSettings(
        practice_name="Park Row Surgery",
        address_lines=("1 Park Row", "Leeds"),
        postcode="LS1 5AB",
        phone="0113 496 0000",
        email="reception@example.nhs.uk",
        ods_code="B82005",
        clinician_name="Dr Siân O'Brien",
        clinician_role="GP",
        registration_number="7654321",
    )
    assert services.practice.load() == saved


def test_saving_again_replaces_the_single_row(services: Services) -> None:
    services.practice.save(GOOD)
    second = services.practice.save(PracticeSettings(practice_name="Quay Clinic", clinician_name="Dr B"))
    assert services.practice.load() == second


def test_required_fields(services: Services) -> None:
    assert set(services.practice.validate(PracticeSettings())) == {"practice_name", "clinician_name"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "reception@"),
        ("email", "reception example.nhs.uk"),
        ("ods_code", "B8"),
        ("ods_code", "B82-005"),
        ("ods_code", "B820051234X"),
        ("postcode", "LS1"),
        ("phone", "0113"),
        ("registration_number", "1" * 21),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(services: Services, field: str, value: str) -> None:
    bad = replace(GOOD, **{field: value})
    assert set(services.practice.validate(bad)) == {field}
    with pytest.raises(FieldErrors) as raised:
        services.practice.save(bad)
    assert set(raised.value.errors) == {field}
    assert services.practice.load() is None


def test_optional_fields_may_be_blank(services: Services) -> None:
    minimal = PracticeSettings(practice_name="Quay Clinic", clinician_name="Dr B")
    assert services.practice.validate(minimal) == {}
    assert services.practice.save(minimal) == minimal


PAIN_CLINIC = LocalService(
    service_id="pain_management",
    name=" Leeds  Pain Service ",
    address_lines=("Chapel Allerton Hospital", " ", "Leeds"),
    postcode="ls7 4sa",
    phone="0113 392 4000",
    email=" pain.clinic@example.nhs.uk ",
)


def test_new_settings_default_to_empty_and_the_default_actions_apply() -> None:
    settings = PracticeSettings()
    assert (settings.crisis_pathway, settings.safety_actions, settings.local_services) == ("", (), ())
    assert safety_actions_or_default(settings.safety_actions) == DEFAULT_SAFETY_ACTIONS
    assert settings.local_service("pain_management") is None


def test_crisis_pathway_actions_and_local_services_round_trip(services: Services) -> None:
    services.practice.save(GOOD)  # a row as the first run leaves it, then the advanced settings
    saved = services.practice.save(
        replace(
            GOOD,
            crisis_pathway="  Leeds crisis line  0800 183 1485\n\nSame-day GP via the duty doctor ",
            safety_actions=(" Safety plan agreed ", "", "Crisis line given", "Safety plan agreed"),
            local_services=(LocalService("mental_health", "", (), "", "", ""), PAIN_CLINIC),
        )
    )
    assert saved.crisis_pathway == "Leeds crisis line 0800 183 1485\nSame-day GP via the duty doctor"
    assert saved.safety_actions == ("Safety plan agreed", "Crisis line given")
    # The blank mental health entry is dropped: "not set" is one state, not two.
    assert saved.local_services == (
        LocalService(
            service_id="pain_management",
            name="Leeds Pain Service",
            address_lines=("Chapel Allerton Hospital", "Leeds"),
            postcode="LS7 4SA",
            phone="0113 392 4000",
            email="pain.clinic@example.nhs.uk",
        ),
    )
    loaded = services.practice.load()
    assert loaded == saved
    assert loaded is not None and loaded.local_service("pain_management") == saved.local_services[0]
    assert loaded.local_service("mental_health") is None


def test_local_services_keep_the_referral_order(services: Services) -> None:
    every = tuple(LocalService(i, f"{i} team", (), "", "", "") for i in reversed(LOCAL_SERVICE_IDS))
    saved = services.practice.save(replace(GOOD, local_services=every))
    assert tuple(s.service_id for s in saved.local_services) == LOCAL_SERVICE_IDS
    assert set(LOCAL_SERVICE_IDS) == set(SERVICES)  # every service RULES.md can suggest, no others


def test_a_local_service_email_error_names_the_service_and_field(services: Services) -> None:
    bad = replace(GOOD, local_services=(replace(PAIN_CLINIC, email="pain@"),))
    errors = services.practice.validate(bad)
    assert errors == {
        "local_services.pain_management.email": (
            "Pain management service email: 'pain@' is not an email address (e.g. team@example.nhs.uk)"
        )
    }
    with pytest.raises(FieldErrors):
        services.practice.save(bad)
    assert services.practice.load() is None


@pytest.mark.parametrize(
    ("change", "key", "start"),
    [
        ({"postcode": "LS7"}, "postcode", "Pain management service postcode: 'LS7' is not a UK postcode"),
        ({"phone": "0113"}, "phone", "Pain management service phone: '0113' has 4 digits"),
        ({"name": "x" * 101}, "name", "Pain management service name: is longer than 100"),
        ({"address_lines": ("a",) * 6}, "address_lines", "Pain management service address: has more than 5"),
    ],
)
def test_local_service_fields_are_checked(
    services: Services, change: dict[str, object], key: str, start: str
) -> None:
    errors = services.practice.validate(replace(GOOD, local_services=(replace(PAIN_CLINIC, **change),)))
    assert list(errors) == [f"local_services.pain_management.{key}"]
    assert errors[f"local_services.pain_management.{key}"].startswith(start)


def test_unknown_and_repeated_service_ids_are_refused(services: Services) -> None:
    unknown = services.practice.validate(
        replace(GOOD, local_services=(replace(PAIN_CLINIC, service_id="other"),))
    )
    assert unknown["local_services"].startswith("Local services: unknown service ID 'other'")
    twice = services.practice.validate(replace(GOOD, local_services=(PAIN_CLINIC, PAIN_CLINIC)))
    assert twice == {"local_services": "Local services: 'pain_management' is given more than once"}


def test_crisis_pathway_and_actions_have_limits(services: Services) -> None:
    errors = services.practice.validate(
        replace(GOOD, crisis_pathway="x" * 1001, safety_actions=tuple(f"Action {n}" for n in range(21)))
    )
    assert set(errors) == {"crisis_pathway", "safety_actions"}
    long_action = services.practice.validate(replace(GOOD, safety_actions=("y" * 121,)))
    assert set(long_action) == {"safety_actions"}

"""The gazetteer: name keys, aliases, what it refuses, and the settings it is built from."""

from __future__ import annotations

import pytest

from factpull.components.gazetteer import GazetteerSettings, name_key


@pytest.fixture(scope="module")
def gaz(nlp):
    return nlp.get_pipe("factpull_places").gaz


@pytest.mark.parametrize(
    "alias, canonical",
    [("Philly", "Philadelphia"), ("U.S.", "United States"), ("the UK", "United Kingdom"),
     ("Holland", "Netherlands"), ("Bombay", "Mumbai"), ("D.C.", "Washington, D.C."),
     ("NYC", "New York City")],
)
def test_gazetteer_aliases(gaz, alias: str, canonical: str) -> None:
    entry = gaz.lookup(alias)
    assert entry is not None and entry.name == canonical


@pytest.mark.parametrize("code", ["PHL", "LAX", "North", "Centre"])
def test_gazetteer_rejects_codes_and_compass_regions(gaz, code: str) -> None:
    assert gaz.lookup(code) is None


def test_name_key() -> None:
    assert name_key("the United States's") == "United States"
    assert name_key("U.S.") == "US"
    assert name_key("Washington, D.C.") == "Washington, DC"


def test_settings_refuse_an_unknown_city_file() -> None:
    with pytest.raises(ValueError, match="cities250"):
        GazetteerSettings(cities="cities250")


@pytest.mark.parametrize(
    "text, name, kind, container",
    [
        ("Portland", "Portland", "city", "Oregon"),
        ("Cook County", "Cook County", "county", None),  # a county name of two states: no container
        ("Queensland", "Queensland", "state", "Australia"),
        ("Ore.", "Oregon", "state", "United States"),
        ("Holland", "Netherlands", "country", None),
    ],
)
def test_lookup(gaz, text: str, name: str, kind: str, container: str | None) -> None:
    entry = gaz.lookup(text)
    assert (entry.name, entry.kind, entry.container) == (name, kind, container)


def test_containers_and_within(gaz) -> None:
    assert gaz.container("OR").name == "Oregon"
    assert gaz.container("Denver") is None
    assert gaz.within("Portland", "Maine").container == "Maine"
    assert [e.container for e in gaz.homonyms("Valencia")][:2] == ["Venezuela", "Spain"]

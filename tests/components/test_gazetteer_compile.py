"""The compiled gazetteer: built once into the cache directory, keyed on its inputs."""

from __future__ import annotations

from factpull import lexicon
from factpull.components import gazetteer
from factpull.components.gazetteer import GazetteerSettings, compiled_path

RULES = {name: lexicon.load(name) for name in ("place_words.json", "place_gazetteer_extra.json")}


def test_compiled_file_lives_in_the_cache_dir(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FACTPULL_CACHE_DIR", str(tmp_path))
    path = compiled_path(RULES, GazetteerSettings())
    assert path.parent == tmp_path and path.suffix == ".sqlite"


def test_any_input_changes_the_file_name() -> None:
    base = compiled_path(RULES, GazetteerSettings())
    assert compiled_path(RULES, GazetteerSettings(cities="cities15000")) != base
    edited = {**RULES, "place_gazetteer_extra.json": {**RULES["place_gazetteer_extra.json"], "places": []}}
    assert compiled_path(edited, GazetteerSettings()) != base


def test_build_once_then_open(monkeypatch, tmp_path, capsys) -> None:
    """A small build (the 15,000+ city file) into an empty cache: one line on stderr, then reused."""
    monkeypatch.setenv("FACTPULL_CACHE_DIR", str(tmp_path))
    settings = GazetteerSettings(cities="cities15000")
    gaz = gazetteer.gazetteer_for(RULES, settings)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "building the place gazetteer" in err
    assert gaz.lookup("Philly").geonames_id == 4560349
    assert list(tmp_path.glob("gazetteer-*.sqlite")) == [compiled_path(RULES, settings)]
    gazetteer._OPENED.clear()
    again = gazetteer.gazetteer_for(RULES, settings)
    assert capsys.readouterr().err == ""
    assert again.lookup("Portland, Maine") is None and again.within("Portland", "Maine") is not None

"""Twenty short news articles written for these tests (never copied from a corpus).

Four story shapes filled from our own lists of towns, officials and numbers, so each article
differs in its counts, places, quotes and speakers.
"""

from __future__ import annotations

from pathlib import Path

TOWNS = [
    ("Denver", "Colorado"), ("Tucson", "Arizona"), ("Boise", "Idaho"), ("Omaha", "Nebraska"),
    ("Spokane", "Washington"), ("Raleigh", "North Carolina"), ("Dayton", "Ohio"),
    ("Madison", "Wisconsin"), ("Fresno", "California"), ("Albany", "New York"),
]
OFFICIALS = [
    ("Maria Lopez", "Police Chief"), ("David Chen", "Fire Chief"), ("Sarah Okafor", "Mayor"),
    ("James Porter", "Sheriff"), ("Linda Novak", "County Commissioner"),
]
SHAPES = [
    (
        "Police arrested {n} people in {town} on Tuesday after a week of protests downtown.\n\n"
        "\"We will not tolerate violence on our streets,\" {title} {name} said at a news conference.\n\n"
        "Officers also seized {m} vehicles, and {k} officers were injured, according to the department.\n"
    ),
    (
        "Floods forced {n} families from their homes in {town}, {state}, officials said on Monday.\n\n"
        "{title} {name} said the city had opened {m} shelters. \"The water is still rising,\" "
        "{surname} told reporters.\n\nThe state has set aside $2.5 million for repairs.\n"
    ),
    (
        "{title} {name} announced that {n} new teachers will join schools in {town} this autumn.\n\n"
        "\"Every classroom deserves a teacher who stays,\" {surname} said.\n\n"
        "The district lost {m} teachers last year, and {k} schools are still short of staff.\n"
    ),
    (
        "A fire destroyed {n} homes near {town} overnight, and {m} residents were evacuated.\n\n"
        "\"Our crews worked through the night,\" said {title} {name}. \"Nobody was killed.\"\n\n"
        "Investigators said {k} buildings remain unsafe.\n"
    ),
]


def article(i: int) -> str:
    town, state = TOWNS[i % len(TOWNS)]
    name, title = OFFICIALS[i % len(OFFICIALS)]
    return SHAPES[i % len(SHAPES)].format(
        n=12 + 7 * i, m=3 + i, k=2 + i % 5, town=town, state=state, name=name, title=title,
        surname=name.split()[-1],
    )


def write_articles(folder: Path, count: int = 20) -> list[Path]:
    """Write `count` articles as story_NN.txt into `folder`; their paths, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"story_{i:02d}.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    return paths

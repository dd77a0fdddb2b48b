"""One spaCy component per claim type; each module holds a pure finder and a thin component."""

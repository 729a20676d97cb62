"""Coverage-guided fuzzing of the loader's public API with atheris (pip install atheris).

    python bench/fuzz_parse.py -max_total_time=300 [CORPUS_DIR]

Inputs start from the seed documents (examples/documents, ../shared/corpus/dev when present,
read at run time) and are mutated by libFuzzer. Anything but LoadError naming the input is a
crash: atheris stops, prints the traceback and writes the input to crash-*.
"""
from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from policykg.loaders import LoadError, load_text
    from policykg.loaders.text import decode

ROOT = Path(__file__).resolve().parents[1]


def one_input(data: bytes) -> None:
    try:
        load_text(decode(data, "fuzz.txt"), "fuzz.txt")
    except LoadError as error:
        if "fuzz.txt" not in str(error):
            raise AssertionError(f"LoadError without the file name: {error}") from error


def main() -> None:
    seeds = ROOT / ".fuzz-seeds"
    seeds.mkdir(exist_ok=True)
    for folder in (ROOT / "examples" / "documents", ROOT.parent / "shared" / "corpus" / "dev"):
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            (seeds / path.name).write_bytes(path.read_bytes())
    atheris.Setup([*sys.argv, str(seeds)], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

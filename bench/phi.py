"""PHI scanner throughput on realistic notes, and its worst case on adversarial input.

    .venv/bin/python bench/phi.py

Realistic corpus: the development and held-out notes of the evaluation set
and the ICU notes and posts written for every letter case (tests/phi/eval),
repeated to about 1 MB, scanned as written, in capitals and in lower case.
Reference, measured in the same run over the same text: one
``re.findall(r"\\w+", text.lower())`` pass, the cost
of merely tokenising it. Adversarial inputs (200 KB each) are shaped to make a
backtracking regex go super-linear, or a rule that looks around each candidate
go quadratic; each is reported in ms/KB next to the realistic corpus, and the
same input at half the size shows whether time grows linearly (ratio ~2).

Times are CPU time of this process (``time.process_time``), best of three: the
scanner runs on one core, and CPU time leaves out the time that other programs
on a busy machine take from it.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casecrowd.phi import scan  # noqa: E402
from tests.phi.evalset import load  # noqa: E402

ADVERSARIAL_SIZE = 200_000
ADVERSARIAL: dict[str, str] = {
    "1/1/1/...": "1/",
    "aaaa@aaaa@...": "aaaa@",
    "long digit run": "1",
    "Dr. Dr. Dr. ...": "Dr. ",
    "Smith Smith ...": "Smith ",
    "Jones Jones ... (name list)": "Jones ",
    "a.a.a. ...": "a.",
    "1:1:1: ...": "1:",
    "12-12-12- ...": "12-",
    "spaces": " ",
    "1 1 1 ...": "1 ",
    "http://aaaa...": "http://" + "a" * 50,
    "A. A. A. ...": "A. ",
    "A1-A1- ...": "A1-",
    "12 Ab Ab Ab Ab ...": "12 Ab Ab Ab Ab ",
    "March 1, March 1, ...": "March 1, ",
    "ninety-ninety- ...": "ninety-",
    "a:a:a: ...": "a:",
    "St. St. St. ...": "St. ",
    "www.www.www. ...": "www.",
    "Hospital Hospital ...": "Hospital ",
    "in Boston in Boston ...": "in Boston ",
    "her daughter her daughter ...": "her daughter ",
    "MRN MRN 123 ...": "MRN 123 ",
    "Our Lady of Our Lady of ...": "Our Lady of ",
    "Drs. Ab, Ab, Ab, ...": "Drs. Ab, Ab, ",
    "near Cedar Key near ...": "near Cedar Key ",
    "1st and 2nd and 3rd ...": "1st and ",
    "Children's of Children's ...": "Children's of ",
    "Mercy Health Mercy ...": "Mercy Health ",
    "lives in Lives in ...": "lives in Lives ",
    "~1/1 ~1/1 ...": "~1/1 ",
    "Christmas Eve ...": "Christmas Eve ",
    "Ab City Ab City ...": "Ab City ",
    "UPMC UPMC ...": "UPMC ",
    "the VA in Ab the VA in ...": "the VA in Ab ",
}


def best_of(repeats: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeats):
        start = time.process_time()
        action()
        timings.append(time.process_time() - start)
    return min(timings)


def main() -> None:
    corpus = "\n\n".join(
        note.text for note in load("notes", "clean", "holdout", "icu_dev", "posts_dev")
    )
    text = corpus * max(1, 1_000_000 // len(corpus))
    size_mb = len(text.encode()) / 1e6
    scan(corpus)  # load the word lists before timing
    reference = best_of(3, lambda: re.findall(r"\w+", text.lower()))
    scanner = best_of(3, lambda: scan(text))
    print(f"realistic corpus: {size_mb:.2f} MB ({len(corpus)} characters of notes, repeated)")
    print(f"  scan:      {size_mb / scanner:7.2f} MB/s  ({scanner * 1000:.0f} ms)")
    print(f"  reference: {size_mb / reference:7.2f} MB/s  (re.findall(r'\\w+', text.lower()))")
    print(f"  scan takes {scanner / reference:.1f}x the reference")
    for casing, recase in (("in capitals", str.upper), ("in lower case", str.lower)):
        recased = recase(text)
        elapsed = best_of(3, lambda recased=recased: scan(recased))
        print(f"  scan {casing + ':':<15} {size_mb / elapsed:5.2f} MB/s  ({elapsed * 1000:.0f} ms)")
    realistic_ms_per_kb = scanner * 1000 / (len(text) / 1000)
    print(
        f"\nadversarial inputs, {ADVERSARIAL_SIZE // 1000} KB each "
        f"(realistic corpus: {realistic_ms_per_kb:.3f} ms/KB):"
    )
    worst = ("", 0.0)
    for name, unit in ADVERSARIAL.items():
        full = (unit * (ADVERSARIAL_SIZE // len(unit) + 1))[:ADVERSARIAL_SIZE]
        elapsed = best_of(3, lambda full=full: scan(full))
        half = best_of(3, lambda full=full: scan(full[: ADVERSARIAL_SIZE // 2]))
        ms_per_kb = elapsed * 1000 / (ADVERSARIAL_SIZE / 1000)
        growth = elapsed / half if half else float("nan")
        print(
            f"  {name:<32} {ms_per_kb:8.3f} ms/KB  {ms_per_kb / realistic_ms_per_kb:6.1f}x "
            f"realistic   200 KB / 100 KB time: {growth:.2f}"
        )
        if ms_per_kb > worst[1]:
            worst = (name, ms_per_kb)
    print(
        f"worst case: {worst[0]!r} at {worst[1]:.3f} ms/KB "
        f"({worst[1] / realistic_ms_per_kb:.1f}x the realistic corpus)"
    )


if __name__ == "__main__":
    main()

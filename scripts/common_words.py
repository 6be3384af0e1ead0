"""Build pulse/lint/data/common-words.txt.gz: English words written only in lower case, for the blame
check's name heuristics (a capitalised "Museum" or "Workspace" opening a line is no person's name).

Source: Debian's ``wamerican`` package (SCOWL, size 50 list; permissive licence, notice in
pulse/lint/data/common-words.LICENSE). Run with the package's word list, for example:

    apt-get download wamerican && dpkg-deb -x wamerican_*.deb /tmp/wamerican
    python scripts/common_words.py /tmp/wamerican/usr/share/dict/american-english

A word the list also writes capitalised ("Grace", "Mark", "Will", "Hamilton") is left out: it may be a
name. So are words shorter than three letters.
"""

import gzip
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "pulse" / "lint" / "data" / "common-words.txt.gz"


def main(source: str) -> None:
    words = Path(source).read_text(encoding="utf-8").split()
    words = [w for w in words if "'" not in w]
    capitalised = {w.casefold() for w in words if w[:1].isupper()}
    common = sorted({w for w in words if w.islower() and len(w) >= 3} - capitalised)
    # mtime=0: the same list gives the same bytes.
    with gzip.GzipFile(OUT, "wb", mtime=0) as f:
        f.write(("\n".join(common) + "\n").encode("utf-8"))
    print(f"{len(common)} words written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])

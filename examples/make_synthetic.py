#!/usr/bin/env python3
"""Writes examples/synthetic-stories.jsonl from NGEC's synthetic stories (MIT).

    python3 examples/make_synthetic.py ../shared/data/ngec-synthetic/synthetic-plover-stories.csv

Takes, in file order, the first 300 stories that name one of the actors of the seed story's
system (Syria, Iran, Israel, Turkey, Russia, the United States, Lebanon, Iraq, Hezbollah), so
that the example network has something to show. The stories are machine-written fiction: each
record says so in `note`. They carry no publication date, so each gets a SYNTHETIC one, spread
evenly over 2024 in file order (story k of 300: 2024-01-01 plus k * 366 / 300 days), which lets
the example show time series; these dates are not facts.
"""
import csv
import datetime
import json
import sys

csv.field_size_limit(10**9)
WANT = ["Syria", "Iran", "Israel", "Turkey", "Russia", "United States", "U.S.", "Lebanon",
        "Iraq", "Hezbollah"]
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
picked = [(i, r) for i, r in enumerate(rows) if any(w in r["text"] for w in WANT)][:300]
start = datetime.date(2024, 1, 1)
with open("examples/synthetic-stories.jsonl", "w", encoding="utf-8") as out:
    for k, (i, r) in enumerate(picked):
        date = start + datetime.timedelta(days=k * 366 // len(picked))
        rec = {
            "id": f"ngec-synthetic-{i}",
            "title": r["title"],
            "text": r["text"],
            "date": date.isoformat(),
            "source": "NGEC synthetic (not news)",
            "note": "SYNTHETIC story (NGEC, A. Halterman, MIT): the facts are fiction; "
                    "the date is assigned for the example, not real",
        }
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
print(f"wrote {len(picked)} stories", file=sys.stderr)

#!/usr/bin/env python3
"""Writes the demo company's course catalog (catalog.jsonl) from the hand-written course files in courses/.

    python3 inference-server/demo/make_catalog.py [--framework FILE] [--out FILE]

Run make_framework.py first: competencies are named in the course files by their ESCO preferred label and looked
up in framework.jsonl (a label that is not there stops the script).

Course file format (courses/*.txt, UTF-8; lines starting with '#' are comments):

    == Title of the course
    Provider; format; level; minutes; language[; rating]
    skills: ESCO label | ESCO label            (optional: a course without it has no explicit competencies)
    Description, one or more lines, up to the next '==' line.

format is a CourseFormat without its prefix (course, video, workshop, ...); level is beginner, intermediate,
advanced, expert or '-' (unknown); rating is 'R/N' (average R from N ratings) or 'none'. Without a rating
field the rating is drawn from a fixed seed, so the output is the same on every run.

Ids are the file's prefix (its name up to the first '-' or '.') and the course's position in the file, e.g.
dev-007: adding courses at the end of a file keeps the ids of the others. Lines are proto3 JSON of
`upskill.v1.Course`, as `JsonFormat.printer().omittingInsignificantWhitespace()` prints them.
"""
import argparse
import json
import pathlib
import random
import re
import sys
import unicodedata

import protojson

HERE = pathlib.Path(__file__).resolve().parent
RESOURCES = HERE.parent / "src/main/resources/dev/upskill/inference/demo"

FORMATS = {"course", "video", "article", "workshop", "book", "podcast", "webinar", "mentoring", "other"}
LEVELS = {"beginner", "intermediate", "advanced", "expert", "-"}


def slug(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def parse_file(path):
    """Yields (line number, title, header, skills, description) for each course of one file."""
    entry = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        if line.startswith("== "):
            if entry:
                yield entry
            entry = {"line": number, "title": line[3:].strip(), "header": None, "skills": [], "text": []}
        elif not line:
            continue
        elif entry is None:
            sys.exit(f"{path}:{number}: text before the first '== title' line")
        elif entry["header"] is None:
            entry["header"] = line
        elif line.startswith("skills:") and not entry["text"]:
            entry["skills"] = [s.strip() for s in line[len("skills:"):].split("|") if s.strip()]
        else:
            entry["text"].append(line)
    if entry:
        yield entry


def course_json(entry, course_id, framework, rng, where):
    fields = [f.strip() for f in (entry["header"] or "").split(";")]
    if len(fields) not in (5, 6):
        sys.exit(f"{where}: header needs 'provider; format; level; minutes; language[; rating]'")
    provider, fmt, level, minutes, language = fields[:5]
    if fmt not in FORMATS:
        sys.exit(f"{where}: format {fmt!r} is not one of {sorted(FORMATS)}")
    if level not in LEVELS:
        sys.exit(f"{where}: level {level!r} is not one of {sorted(LEVELS)}")
    minutes = int(minutes.removesuffix("min").strip())
    description = " ".join(entry["text"])
    if not description:
        sys.exit(f"{where}: no description")

    course = {
        "id": course_id,
        "title": entry["title"],
        "description": description,
        "provider": provider,
        "url": f"https://learn.example.com/{slug(provider) or 'provider'}/{slug(entry['title']) or course_id}",
        "language": language,
    }
    if level != "-":
        course["level"] = "LEVEL_" + level.upper()
    course["durationMinutes"] = minutes
    course["format"] = "COURSE_FORMAT_" + fmt.upper()
    ids = []
    for label in entry["skills"]:
        if label not in framework:
            sys.exit(f"{where}: competency {label!r} is not in framework.jsonl")
        ids.append(framework[label])
    if ids:
        course["competencyIds"] = ids

    # Drawn for every course, used or not, so that an explicit rating does not shift the others' draws.
    # A few ratings average out near the extremes; thousands of them rarely do (and never at exactly 5.0).
    drawn_count = int(round(10 ** rng.uniform(0.5, 4.3)))
    spread = 0.25 + 1.2 / drawn_count ** 0.5
    drawn_rating = min(5.0 if drawn_count < 20 else 4.9, max(1.0, round(rng.gauss(4.3, spread), 1)))
    unrated = rng.random() < 0.08
    rating = fields[5] if len(fields) == 6 else None
    if rating == "none" or (rating is None and unrated):
        pass
    elif rating is None:
        course["rating"] = drawn_rating
        course["ratingCount"] = str(drawn_count)  # proto3 JSON writes int64 as a string
    else:
        value, count = rating.split("/")
        course["rating"] = float(value)
        course["ratingCount"] = str(int(count))
    return protojson.dumps(course)


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--framework", type=pathlib.Path, default=RESOURCES / "framework.jsonl")
    args.add_argument("--out", type=pathlib.Path, default=RESOURCES / "catalog.jsonl")
    opts = args.parse_args()

    framework = {}
    for line in opts.framework.read_text(encoding="utf-8").splitlines():
        competency = json.loads(line)
        framework[competency["name"]] = competency["id"]

    rng = random.Random(20261121)
    lines, titles = [], {}
    for path in sorted((HERE / "courses").glob("*.txt")):
        prefix = re.split(r"[-.]", path.name)[0]
        for position, entry in enumerate(parse_file(path), start=1):
            where = f"{path.name}:{entry['line']}"
            if entry["title"] in titles:
                sys.exit(f"{where}: title already used at {titles[entry['title']]}")
            titles[entry["title"]] = where
            lines.append(course_json(entry, f"{prefix}-{position:03d}", framework, rng, where))

    opts.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} courses to {opts.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

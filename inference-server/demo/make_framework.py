#!/usr/bin/env python3
"""Writes the demo company's competency framework (framework.jsonl) from the ESCO v1.1.1 CSV files.

    python3 inference-server/demo/make_framework.py [--esco DIR] [--out FILE]

Defaults: --esco /work/shared/data/esco-v1.1.1, --out
inference-server/src/main/resources/dev/upskill/inference/demo/framework.jsonl (relative to the repository root).

The framework is the essential skills of six office and tech occupations (minus the ones a company's course
catalog would not teach, listed in EXCLUDED), plus a few named technical skills and transversal skills that a
course catalog for those roles covers. Each line is an `upskill.v1.Competency` in proto3 JSON, as
`com.google.protobuf.util.JsonFormat.printer().omittingInsignificantWhitespace()` prints it:
id = ESCO conceptUri, name = preferredLabel, description = description, parentId = the first ESCO broader
concept (from the digital and transversal skill collections) that is itself in the framework, else absent.
Output order is by name, so re-running the script on the same ESCO files gives the same bytes.
"""
import argparse
import csv
import pathlib
import sys

import protojson

OCCUPATIONS = [
    "software developer",
    "ICT project manager",
    "commercial sales representative",
    "human resources manager",
    "data analyst",
    "customer service representative",
]

# Essential skills of those occupations that an office training catalog would not teach, or that repeat a
# kept skill in other words. Removing them keeps the framework near 110 skills.
EXCLUDED = {
    "technical drawings", "use technical drawing software", "perform scientific research", "engineering principles",
    "engineering processes", "manage engineering project", "develop automated migration methods",
    "resource description framework query language", "determine charges for customer services",
    "process order forms with customer's information", "prospect new regional contracts",
    "advise on merchandise features", "characteristics of products", "characteristics of services",
    "product comprehension", "record customers' personal data", "information structure",
    "information categorisation", "documentation types", "unstructured data", "handle data samples",
    "collect ICT data", "integrate ICT data", "establish data processes", "execute analytical mathematical calculations",
    "use an application-specific interface", "utilise computer-aided software engineering tools",
    "interpret technical requirements", "ensure compliance with purchasing and contracting regulations",
    "identify with the company's goals", "support employability of people with disabilities",
    "negotiate with employment agencies", "outplacement", "human resources department processes",
    "monitor company policy", "process data", "perform multiple tasks at the same time", "control of expenses",
    "coordinate operational activities", "project management", "manage project information",
    "information extraction", "process refunds", "contact customers", "answer requests for quotation",
    "apply knowledge of human behaviour", "create flowchart diagram", "define data quality criteria",
    "identify necessary human resources", "plan medium to long term objectives",
    "ensure compliance with legal requirements", "keep records on sales", "internal risk management policy",
    "demonstrate motivation for sales", "organise staff assessment",
}

# Skills the catalog teaches that are not essential to the six occupations, by ESCO preferred label.
EXTRA = [
    # technical
    "SQL", "Python (computer programming)", "JavaScript", "Agile project management", "DevOps",
    "cloud technologies", "GDPR", "web application security threats", "machine learning",
    "use spreadsheets software", "levels of software testing",
    # transversal
    "work in teams", "lead others", "negotiate compromises", "resolve conflicts", "address an audience",
    "manage time", "show empathy", "think critically", "adapt to change", "motivate others",
    "use communication and collaboration software",
    # cross-sector
    "communication", "negotiate with stakeholders", "give live presentation", "give constructive feedback",
    "leadership principles",
]

DEFAULT_ESCO = pathlib.Path("/work/shared/data/esco-v1.1.1")
ROOT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "inference-server/src/main/resources/dev/upskill/inference/demo/framework.jsonl"


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--esco", type=pathlib.Path, default=DEFAULT_ESCO, help="directory of the ESCO v1.1.1 CSVs")
    args.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="framework.jsonl to write")
    opts = args.parse_args()

    skills = {r["conceptUri"]: r for r in read_csv(opts.esco / "skills_en.csv")}
    by_label = {}
    for uri, row in skills.items():
        by_label.setdefault(row["preferredLabel"].strip(), []).append(uri)
    occupations = {r["preferredLabel"]: r["conceptUri"] for r in read_csv(opts.esco / "occupations_en.csv")}

    wanted_occupations = {occupations[name] for name in OCCUPATIONS}
    chosen = set()
    for rel in read_csv(opts.esco / "occupationSkillRelations.csv"):
        if rel["occupationUri"] in wanted_occupations and rel["relationType"] == "essential":
            if skills[rel["skillUri"]]["preferredLabel"].strip() not in EXCLUDED:
                chosen.add(rel["skillUri"])
    for label in EXTRA:
        uris = by_label.get(label, [])
        if len(uris) != 1:
            sys.exit(f"EXTRA label {label!r} matches {len(uris)} ESCO skills, expected 1")
        chosen.add(uris[0])

    # ESCO's broader concepts of a skill (pipe-separated) appear in the collection files; skills_en.csv has none.
    broader = {}
    for name in ("digitalSkillsCollection_en.csv", "transversalSkillsCollection_en.csv"):
        for row in read_csv(opts.esco / name):
            broader[row["conceptUri"]] = [u.strip() for u in row["broaderConceptUri"].split("|") if u.strip()]

    lines = []
    for uri in sorted(chosen, key=lambda u: (skills[u]["preferredLabel"].strip().lower(), u)):
        row = skills[uri]
        competency = {"id": uri, "name": row["preferredLabel"].strip()}
        description = " ".join(row["description"].split())
        if description:
            competency["description"] = description
        parent = next((b for b in broader.get(uri, []) if b in chosen and b != uri), None)
        if parent:
            competency["parentId"] = parent
        lines.append(protojson.dumps(competency))

    opts.out.parent.mkdir(parents=True, exist_ok=True)
    opts.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parents = sum('"parentId"' in line for line in lines)
    print(f"wrote {len(lines)} competencies ({parents} with a parent) to {opts.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Measures multilingual search on ../shared's Ukrainian and Arabic corpora.

    go build -o /tmp/sitrep ./cmd/sitrep
    python3 docs/multilingual/measure.py /tmp/sitrep [INDEX_DIR]

Builds an index of data/corpus/articles.uk.jsonl and articles.ar.jsonl in
INDEX_DIR (a temporary folder when not given; an existing index is reused),
then prints, for the location filters on Kharkiv and Gaza, how many of the
articles that name the place in their own language the filter finds, and
for each set of word forms (cases of a Ukrainian word, Arabic clitics)
how many articles each form finds and whether they are the same articles.
The texts are read from ../shared and never copied into the project.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared")
CORPUS = os.path.join(SHARED, "data", "corpus")
ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, superscript alef, tatweel


def load(name):
    with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def text(a):
    return ARABIC_MARKS.sub("", (a.get("title") or "") + "\n" + (a.get("text") or ""))


def ids(binary, idx, *args):
    """Every article id a search finds (near-duplicates not collapsed)."""
    out, page = set(), 1
    while True:
        cmd = [binary, "search", "--index", idx, "--json", "--collapse=false", "--sort", "date",
               "--size", "100", "--page", str(page), *args]
        res = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        out.update(h["id"] for h in res["hits"])
        if page * 100 >= res["total"] or not res["hits"]:
            return out
        page += 1


def recall(label, found, gold):
    hit = len(found & gold)
    print(f"  {label}: finds {hit} of {len(gold)} ({100 * hit / max(1, len(gold)):.1f}%), "
          f"and {len(found - gold)} articles outside that set")


def forms(binary, idx, words):
    sets = {w: ids(binary, idx, w) for w in words}
    base = sets[words[0]]
    same = all(s == base for s in sets.values())
    print("  " + ", ".join(f"{w} {len(s)}" for w, s in sets.items()) + ("  (the same articles)" if same else "  (DIFFERENT)"))
    return same


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    binary = sys.argv[1]
    if not os.path.isdir(CORPUS):
        sys.exit(f"no corpus at {CORPUS}")
    idx = sys.argv[2] if len(sys.argv) > 2 else os.path.join(tempfile.mkdtemp(), "idx")
    if not os.path.isdir(idx):
        subprocess.run([binary, "ingest", "--index", idx, os.path.join(CORPUS, "articles.uk.jsonl"),
                        os.path.join(CORPUS, "articles.ar.jsonl")], check=True, capture_output=True)
    uk, ar = load("articles.uk.jsonl"), load("articles.ar.jsonl")

    # Ukrainian: Харків in any form (the city's cases, the oblast's names,
    # the adjective), then the city alone and the oblast alone.
    any_k = {a["id"] for a in uk if "Харк" in text(a)}
    city = {a["id"] for a in uk if re.search(r"Харк(ів|ова|ові|овом|ову)(?![а-яіїєґʼ'])", text(a))}
    oblast = {a["id"] for a in uk if re.search(r"Харківщин|Харківськ\w+ област", text(a))}
    print(f"Ukrainian ({len(uk)} articles): {len(any_k)} name Харк- in any form; {len(city)} the city (Харків, "
          f"Харкова, ...), {len(oblast)} the oblast (Харківщина, Харківська область), {len(oblast - city)} only the oblast")
    kharkiv = ids(binary, idx, "--location", "Kharkiv")
    recall("--location Kharkiv over Харк- in any form", kharkiv, any_k)
    recall("--location Kharkiv over the city's forms", kharkiv, city)
    recall("--location Kharkiv over the oblast's names", kharkiv, oblast)
    word = ids(binary, idx, "Харків")
    print(f"  search Харків: {len(word)}; --location Kharkiv: {len(kharkiv)}; in one only: {len(word ^ kharkiv)}")

    # Arabic: غزة, alone or with attached clitics, and قطاع غزة.
    gaza = {a["id"] for a in ar if "غزة" in text(a)}
    strip_only = {a["id"] for a in ar if "غزة" in text(a) and not re.search(r"(?<!قطاع )\b\w{0,2}غزة", text(a))}
    print(f"Arabic ({len(ar)} items): {len(gaza)} name غزة; {len(strip_only)} only as قطاع غزة (Gaza Strip)")
    raw = {a["id"] for a in ar if "غزة" in (a.get("title") or "") + "\n" + (a.get("text") or "")}
    print(f"  ({len(raw)} write غزة without diacritics inside the word)")
    g = ids(binary, idx, "--location", "Gaza")
    recall("--location Gaza over غزة", g, gaza)
    recall("--location Gaza over غزة written without diacritics", g, raw)
    word = ids(binary, idx, "غزة")
    print(f"  search غزة: {len(word)}; --location Gaza: {len(g)}; in one only: {len(word ^ g)}")

    # A query in one script and a filter value in another.
    zel = {a["id"] for a in uk if re.search(r"Зеленськ|Зеленск", text(a))}
    actor = ids(binary, idx, "--actor", "Volodymyr Zelensky")
    recall("--actor 'Volodymyr Zelensky' over Зеленськ- in any form", actor, zel)
    word = ids(binary, idx, "Зеленського")
    print(f"  search Зеленського: {len(word)}; --actor 'Volodymyr Zelensky': {len(actor)}; in one only: {len(word ^ actor)}")
    recall("--location Gaza over قطاع غزة only", g, strip_only)

    print("Word forms (free text):")
    ok = True
    for words in (["Харків", "Харкова", "Харкові", "Харковом", "Харкову"],
                  ["обстріл", "обстріли", "обстрілів", "обстрілу", "обстрілами"],
                  ["ракета", "ракети", "ракет", "ракетами", "ракету"],
                  ["окупант", "окупанти", "окупантів", "окупантам"],
                  ["Україна", "України", "Україні", "Україну", "Україною"],
                  ["غزة", "بغزة", "لغزة", "وغزة", "فغزة"],
                  ["الاحتلال", "احتلال", "والاحتلال", "بالاحتلال", "للاحتلال"],
                  ["فلسطين", "لفلسطين", "بفلسطين", "وفلسطين"]):
        ok = forms(binary, idx, words) and ok
    print("all word-form sets agree" if ok else "some word-form sets differ")


if __name__ == "__main__":
    main()

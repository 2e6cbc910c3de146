#!/usr/bin/python3
"""Checks a QA evaluation set against the article(s) it is about.

usage: check_questions.py QUESTIONS.json ARTICLE.txt [ARTICLE.txt ...]

Every answerable question needs a non-empty `expect` list and a `cite` list
whose entries are at least 20 characters long and occur verbatim (curly
quotes included) inside a single paragraph of one of the articles. Exits 1
and prints one line per problem, else prints the counts."""
import json
import sys

KINDS = {"backs", "stakes", "person", "number", "place", "date", "quote",
         "yesno", "other"}


def paragraphs(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    if "---" in lines and all(":" in l for l in lines[:lines.index("---")]):
        text = "\n".join(lines[lines.index("---") + 1:])
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        questions = json.load(f)
    paras = [p for path in argv[2:] for p in paragraphs(path)]
    problems = []
    seen = set()
    n_ans = n_unans = 0
    for i, q in enumerate(questions):
        where = "question %d (%r)" % (i + 1, q.get("q"))
        if not isinstance(q.get("q"), str) or not q["q"].strip():
            problems.append(where + ": no question text")
            continue
        key = q["q"].strip().lower()
        if key in seen:
            problems.append(where + ": duplicate question")
        seen.add(key)
        if q.get("answerable") is False:
            n_unans += 1
            if q.get("expect") or q.get("cite"):
                problems.append(where + ": unanswerable but has expect/cite")
            continue
        if q.get("answerable") is not True:
            problems.append(where + ": answerable must be true or false")
            continue
        n_ans += 1
        if q.get("kind") not in KINDS:
            problems.append(where + ": bad kind %r" % q.get("kind"))
        expect = q.get("expect")
        if not isinstance(expect, list) or not expect or \
                not all(isinstance(e, str) and e.strip() for e in expect):
            problems.append(where + ": expect must be a list of strings")
        cite = q.get("cite")
        if not isinstance(cite, list) or not cite:
            problems.append(where + ": cite must be a non-empty list")
            continue
        for c in cite:
            if not isinstance(c, str) or len(c) < 20:
                problems.append(where + ": cite %r shorter than 20" % (c,))
            elif not any(c in p for p in paras):
                problems.append(where + ": cite %r not in the article" % c)
    for p in problems:
        print(p)
    print("%d answerable, %d unanswerable, %d problems"
          % (n_ans, n_unans, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

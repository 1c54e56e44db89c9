#!/usr/bin/env python3
"""Writes a synthetic pubpack pack of N pages, and the same pages for cmark-gfm and Hugo.

    bench/generate.py --pages 500 --out bench/out/500

makes, under the output folder:

    pubpack/content/   pack.yaml, inspection.yaml (the repo's sample), page-00001.md ... (front
                       matter + about 7 KB of GFM with data tags such as {{council.name}})
    pubpack/templates/ a copy of the repo's templates/ (or, with --nav index, the same
                       templates with the layout's lists of every document taken out)
    cmark/pages/       page-00001.md ...: each page body alone, data tags already filled in, no
                       front matter: the text cmark-gfm parses inside pubpack, page by page (the
                       per-page floor, bench/cmark_floor.c, reads these)
    hugo/              a Hugo site with the same pages and minimal layouts like ours

Python standard library only; the same N and seed give the same files.
"""

import argparse
import os
import random
import re
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The data tags the pages use, with the values pubpack fills in from the sample
# content/inspection.yaml (checked by bench/run: the first page's HTML must match cmark-gfm's).
TAGS = {
    "council.name": "Fernleigh Borough Council",
    "council.ofstedName": "Fernleigh",
    "judgements.overallEffectiveness.grade": "Good",
    "judgements.overallEffectiveness.gradeLower": "good",
    "judgements.helpAndProtection.grade": "Requires improvement to be good",
    "judgements.careLeavers.grade": "Outstanding",
    "inspection.dates": "8 to 19 June 2026",
    "inspection.leadInspector": "Jo Bennett, His Majesty's Inspector",
    "report.publicationDate.long": "4 August 2026",
    "media.pressOfficePhone": "01632 960000",
}

WORDS = (
    "children families social workers carers partners leaders managers council services care "
    "leavers plans assessments help protection early support schools health police housing "
    "placements foster homes adoption advocacy participation voice feedback practice quality "
    "audit supervision caseloads recruitment retention training workforce budget priorities "
    "outcomes stability permanence reunification transitions education attendance exclusion "
    "safeguarding referrals contacts thresholds strategy meetings conferences reviews visits"
).split()
TOPICS = [
    "Early help", "Front door", "Assessment teams", "Child protection", "Children in care",
    "Care leavers", "Fostering", "Adoption", "Corporate parenting", "Workforce", "Quality assurance",
    "Participation", "Education of children in care", "Health of children in care", "Youth justice",
    "Disabled children", "Private fostering", "Missing children", "Exploitation", "Housing",
]
AREAS = ["the north locality", "the south locality", "the east locality", "the west locality",
         "the central hub", "the borough", "partnership work", "the emergency duty team"]


def sentence(rng, n_tags):
    words = rng.sample(WORDS, rng.randint(9, 16))
    words[0] = words[0].capitalize()
    i = rng.randrange(1, len(words))
    words[i] = "*" + words[i] + "*"
    if rng.random() < 0.4:
        j = rng.randrange(1, len(words))
        words[j] = "**" + words[j].strip("*") + "**"
    if rng.random() < 0.15:
        j = rng.randrange(1, len(words))
        words[j] = "~~" + words[j].strip("*") + "~~"
    text = " ".join(words)
    if n_tags:
        text += ", said {{council.name}}"
    return text + "."


def paragraph(rng, page, n):
    parts = []
    for k in range(rng.randint(3, 5)):
        s = sentence(rng, k == 0 and rng.random() < 0.5)
        if rng.random() < 0.35:
            other = rng.randint(1, n)
            s += f" See [the page on {rng.choice(TOPICS).lower()}](page-{other:05d}.md)."
        if rng.random() < 0.2:
            s += f" Ofsted's [report](https://reports.ofsted.gov.uk/provider/44/999999#p{page})."
        if rng.random() < 0.1:
            s += " More on [our children's services pages](https://www.fernleigh.example/children)."
        parts.append(s)
    # Hard-wrapped at about 100 columns, as people write Markdown.
    text = " ".join(parts)
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > 100:
            lines.append(line)
            line = word
        else:
            line = word if not line else line + " " + word
    lines.append(line)
    return "\n".join(lines)


def page_body(rng, page, n):
    out = []
    out.append(
        f"{{{{council.name}}}} has published this page about {rng.choice(TOPICS).lower()} in "
        f"{rng.choice(AREAS)}. Ofsted judged our services **{{{{judgements.overallEffectiveness.gradeLower}}}}** "
        f"overall after visiting from {{{{inspection.dates}}}}; help and protection was judged "
        f"*{{{{judgements.helpAndProtection.grade}}}}*.[^p{page}-1]")
    out.append(paragraph(rng, page, n))
    for section in range(3):
        out.append(f"## {rng.choice(TOPICS)} in {rng.choice(AREAS)} ({section + 1})")
        out.append(paragraph(rng, page, n))
        kind = section % 3
        if kind == 0:
            out.append("\n".join(f"- {sentence(rng, 0)}" for _ in range(rng.randint(3, 5))))
        elif kind == 1:
            rows = ["| Measure | This year | Last year | Change |", "| :--- | ---: | ---: | :---: |"]
            for _ in range(rng.randint(4, 6)):
                a, b = rng.randint(10, 99), rng.randint(10, 99)
                rows.append(f"| {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} | {a}% | {b}% | "
                            f"{'up' if a > b else '~~down~~ steady' if a == b else 'down'} |")
            out.append("\n".join(rows))
        else:
            out.append("\n".join(f"{i + 1}. {sentence(rng, 0)}" for i in range(rng.randint(3, 5))))
        out.append(paragraph(rng, page, n))
    out.append("### What happens next")
    out.append("\n".join([
        f"- [x] Action plan agreed with {{{{council.ofstedName}}}}'s partners",
        f"- [ ] Report to the corporate parenting board by {{{{report.publicationDate.long}}}}",
        f"- [ ] Care leavers' offer ({{{{judgements.careLeavers.grade}}}}) reviewed with young people",
    ]))
    out.append("> " + sentence(rng, 0) + "\n> The lead inspector was {{inspection.leadInspector}}.")
    out.append(paragraph(rng, page, n))
    out.append(f"Media enquiries: {{{{media.pressOfficePhone}}}}.")
    out.append(f"[^p{page}-1]: Ofsted's overall judgement: {{{{judgements.overallEffectiveness.grade}}}}.")
    return "\n\n".join(out) + "\n"


def fill(text):
    for name, value in TAGS.items():
        text = text.replace("{{" + name + "}}", value)
    assert "{{" not in text, text[text.index("{{"):][:60]
    return text


HUGO_CONFIG = """baseURL = "https://www.fernleigh.example/ofsted-2026/"
languageCode = "en-GB"
title = "Our Ofsted inspection 2026"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = false
[markup.goldmark.extensions]
typographer = true
linkify = true
strikethrough = true
table = true
taskList = true
footnote = true
"""

HUGO_HEAD = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} - {{ .Site.Title }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">
{{ end }}<link rel="canonical" href="{{ .Permalink }}">
<meta property="og:type" content="article">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:site_name" content="Fernleigh Borough Council">
<link rel="stylesheet" href="{{ "assets/pubpack.css" | relURL }}">
<link rel="alternate" type="application/atom+xml" title="{{ .Site.Title }}" href="{{ "index.xml" | relURL }}">
</head>
<body>
<a class="skip-link" href="#main-content">Skip to main content</a>
<header class="site-header">
<div class="container">
<p class="site-header__council"><a href="https://www.fernleigh.example">Fernleigh Borough Council</a></p>
<p class="site-header__title"><a href="{{ "" | relURL }}">{{ .Site.Title }}</a></p>
</div>
</header>
"""
HUGO_NAV = """<nav class="pack-nav" aria-label="Documents in this pack">
<div class="container">
<ul>
{{ $current := . }}{{ range .Site.RegularPages }}<li><a href="{{ .RelPermalink }}"{{ if eq . $current }} aria-current="page"{{ end }}>{{ .Title }}</a></li>
{{ end }}</ul>
</div>
</nav>
"""
HUGO_FOOT = """<footer class="site-footer">
<div class="container">
<p>Fernleigh Borough Council</p>
<p>Media enquiries: <a href="mailto:press@fernleigh.example">press@fernleigh.example</a>, 01632 960000</p>
</div>
</footer>
</body>
</html>
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--out", required=True, help="a folder outside the repo, or bench/out/...")
    parser.add_argument("--nav", choices=["pack", "index"], default="pack",
                        help="pack: the repo's templates as they are (every page lists every "
                             "document); index: the layout without those lists (pages link to the "
                             "landing page, which lists every document)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = os.path.abspath(args.out)
    if os.path.exists(out):
        shutil.rmtree(out)

    content = os.path.join(out, "pubpack", "content")
    os.makedirs(content)
    write(os.path.join(content, "pack.yaml"),
          "site:\n  title: Our Ofsted inspection 2026\n"
          "  baseURL: https://www.fernleigh.example/ofsted-2026/\n"
          # No share images: an rsvg-convert run per page is not what the build is measured
          # on, and neither the floor nor Hugo draws pictures.
          "  shareImages: false\n"
          "markdown:\n  rawHTML: false\n")
    shutil.copy(os.path.join(REPO, "content", "inspection.yaml"), os.path.join(content, "inspection.yaml"))
    templates = os.path.join(out, "pubpack", "templates")
    shutil.copytree(os.path.join(REPO, "templates"), templates)
    if args.nav == "index":
        # Every list of documents goes from the layout (the navigation and the footer's pages):
        # pages link to the landing page, which lists every document. Hugo's layouts get none.
        layout_path = os.path.join(templates, "layout.mustache")
        with open(layout_path, encoding="utf-8") as f:
            layout = f.read()
        layout, lists = re.subn(r"\{\{#(documents|inspectionDocuments|supportPages|supportPagesOnLanding)\}\}.*?"
                                r"\{\{/\1\}\}\n?", "", layout, flags=re.S)
        assert lists, "the layout has no list of documents to take out"
        write(layout_path, layout)

    hugo = os.path.join(out, "hugo")
    write(os.path.join(hugo, "hugo.toml"), HUGO_CONFIG)
    nav = HUGO_NAV if args.nav == "pack" else ""
    write(os.path.join(hugo, "layouts", "_default", "single.html"),
          HUGO_HEAD + nav + '<main id="main-content" class="container" tabindex="-1">\n'
          '<article class="document document--page">\n<h1>{{ .Title }}</h1>\n{{ .Content }}\n</article>\n'
          "</main>\n" + HUGO_FOOT)
    write(os.path.join(hugo, "layouts", "index.html"),
          HUGO_HEAD + nav + '<main id="main-content" class="container" tabindex="-1">\n'
          '<h1>{{ .Site.Title }}</h1>\n<ul class="document-list">\n{{ range .Site.RegularPages }}'
          '<li><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>\n'
          "{{ end }}</ul>\n</main>\n" + HUGO_FOOT)
    shutil.copytree(os.path.join(REPO, "templates", "assets"), os.path.join(hugo, "static", "assets"))

    total = 0
    floor = os.path.join(out, "cmark", "pages")
    os.makedirs(floor)
    for page in range(1, args.pages + 1):
        title = f"{rng.choice(TOPICS)} in {rng.choice(AREAS)}: update {page}"
        summary = f"What {rng.choice(AREAS)} is doing about {rng.choice(TOPICS).lower()}."
        body = page_body(rng, page, args.pages)
        total += len(body.encode())
        name = f"page-{page:05d}.md"
        write(os.path.join(content, name),
              f"---\ntitle: \"{title}\"\nkind: page\nsummary: \"{summary}\"\n---\n{body}")
        filled = fill(body)
        write(os.path.join(hugo, "content", name), f"---\ntitle: \"{title}\"\nsummary: \"{summary}\"\n---\n{filled}")
        write(os.path.join(floor, name), filled)
    print(f"{out}: {args.pages} pages, {total // args.pages} bytes of Markdown a page on average",
          file=sys.stderr)


if __name__ == "__main__":
    main()

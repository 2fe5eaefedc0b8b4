"""Write SYNTHETIC GRETA evaluation reports (fiction, in the real format) for tests.

A report has a title page (code, country, round, adoption and publication dates), numbered
paragraphs under chapters ("I. Introduction", "II. Overview of developments ...", "III.
Article-by-article findings", "Conclusions"), sub-headings and Convention article headings,
GRETA's findings ("GRETA urges / considers that ... should / invites", "Le GRETA exhorte /
considère que ... devraient / invite") and, optionally, the appendix "List of GRETA's
conclusions and proposals for action" where each proposal refers back to its paragraph.

House variants (`Style`): English or French; chapters numbered in roman numerals, arabic
numbers or letters; findings in bold, italic or plain text; with or without the appendix;
with running headers and page numbers left in the text; with footnotes ("[3] ...").

`make_report(seed, style)` returns the text and the truth (`Truth`): every numbered
paragraph with its chapter, article and finding strength, and every proposal with the
paragraph it refers to. Deterministic for a seed.

    python scripts/make_greta_report.py OUT.txt [--seed 3] [--lang fr] [--headings roman]
        [--findings bold] [--no-appendix] [--furniture] [--notes] [--pdf OUT.pdf]
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

HEADINGS = ("roman", "numbers", "letters")
FINDINGS = ("bold", "italic", "plain")

COUNTRIES = [  # (English, French, English adjective, French adjective plural)
    ("Freedonia", "Freedonie", "Freedonian", "freedoniennes"),
    ("Ruritania", "Ruritanie", "Ruritanian", "ruritaniennes"),
    ("Sylvania", "Sylvanie", "Sylvanian", "sylvaniennes"),
    ("Latveria", "Latvérie", "Latverian", "latvériennes"),
]
REAL_COUNTRIES = [  # member States whose French names differ from their English ones
    ("Azerbaijan", "Azerbaïdjan", "Azerbaijani", "azerbaïdjanaises"),
    ("Bosnia and Herzegovina", "Bosnie-Herzégovine", "Bosnian", "bosniennes"),
    ("Republic of Moldova", "République de Moldova", "Moldovan", "moldaves"),
    ("North Macedonia", "Macédoine du Nord", "North Macedonian", "nord-macédoniennes"),
    ("Slovak Republic", "République slovaque", "Slovak", "slovaques"),
    ("Netherlands", "Pays-Bas", "Dutch", "néerlandaises"),
    ("United Kingdom", "Royaume-Uni", "British", "britanniques"),
    ("Georgia", "Géorgie", "Georgian", "géorgiennes"),
]

# (article, English title, French title, English action, French action, English topic,
#  French topic)
ARTICLES = [
    (5, "Measures to prevent trafficking", "Mesures de prévention de la traite",
     "strengthen awareness-raising campaigns aimed at groups at risk of trafficking",
     "renforcer les campagnes de sensibilisation destinées aux groupes exposés à la traite",
     "prevention", "la prévention"),
    (10, "Identification of victims", "Identification des victimes",
     "ensure that victims of trafficking are identified proactively, including among "
     "asylum seekers and migrant workers",
     "veiller à ce que les victimes de la traite soient identifiées de manière proactive, "
     "y compris parmi les demandeurs d'asile et les travailleurs migrants",
     "identification", "l'identification"),
    (12, "Assistance to victims", "Assistance aux victimes",
     "guarantee access to safe accommodation and psychological assistance for all victims",
     "garantir l'accès à un hébergement sûr et à une assistance psychologique pour toutes "
     "les victimes",
     "assistance", "l'assistance"),
    (13, "Recovery and reflection period", "Délai de rétablissement et de réflexion",
     "grant a recovery and reflection period of at least 30 days to every presumed victim",
     "accorder un délai de rétablissement et de réflexion d'au moins 30 jours à toute "
     "victime présumée",
     "the recovery period", "le délai de rétablissement"),
    (15, "Compensation and legal redress", "Indemnisation et recours",
     "make compensation from the perpetrators effectively available to victims, including "
     "through a state compensation fund",
     "rendre l'indemnisation par les auteurs effectivement accessible aux victimes, y "
     "compris au moyen d'un fonds public d'indemnisation",
     "compensation", "l'indemnisation"),
    (16, "Repatriation and return of victims", "Rapatriement et retour des victimes",
     "ensure that the return of victims is voluntary and preceded by a risk assessment",
     "veiller à ce que le retour des victimes soit volontaire et précédé d'une évaluation "
     "des risques",
     "return", "le retour"),
    (23, "Sanctions and measures", "Sanctions et mesures",
     "ensure that trafficking offences lead to effective, proportionate and dissuasive "
     "sanctions",
     "veiller à ce que les infractions de traite donnent lieu à des sanctions effectives, "
     "proportionnées et dissuasives",
     "sanctions", "les sanctions"),
    (26, "Non-punishment provision", "Disposition de non-sanction",
     "adopt a provision on the non-punishment of victims for their involvement in "
     "unlawful activities they were compelled to commit",
     "adopter une disposition sur la non-sanction des victimes pour avoir pris part à des "
     "activités illicites lorsqu'elles y ont été contraintes",
     "non-punishment", "la non-sanction"),
    (29, "Specialised authorities and coordinating bodies",
     "Autorités spécialisées et instances de coordination",
     "give the national coordinator the staff and budget needed to coordinate all public "
     "bodies",
     "doter le coordinateur national du personnel et du budget nécessaires pour coordonner "
     "l'ensemble des organismes publics",
     "coordination", "la coordination"),
]

STRENGTHS = ("urges", "considers", "invites")
TEXT = {
    "en": {
        "title": "Evaluation Report",
        "by": "Report concerning the implementation of the Council of Europe Convention on "
              "Action against Trafficking in Human Beings by {country}",
        "round": "{Round} evaluation round",
        "rounds": ["Third", "Fourth"],
        "focus": "Thematic focus: Access to justice and effective remedies for victims of "
                 "trafficking in human beings",
        "adopted": "Adopted on {adopted}",
        "published": "Published on {published}",
        "months": ["January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December"],
        "chapters": ["Introduction", "Overview of developments in the implementation of the "
                     "Convention by {country}", "Article-by-article findings"],
        "parts": ["Prevention of trafficking in human beings",
                  "Protection of victims of trafficking",
                  "Substantive criminal law and procedure"],
        "conclusions": "Conclusions",
        "appendix": "Appendix 1 – List of GRETA's conclusions and proposals for action",
        "intro": "The {round} evaluation of {country} was carried out on the basis of the "
                 "reply submitted by the authorities in {year} and of a country visit.",
        "overview": "Since the previous evaluation, {country} has adopted a new national "
                    "action plan and amended its Criminal Code in {year}.",
        "fact": "According to the authorities, the number of identified victims concerned "
                "by {topic} rose from {a} in {year} to {b} in {year2}.",
        "notes": "GRETA notes that the practice regarding {topic} varies between regions.",
        "neutral": "GRETA considers that the legal framework on {topic} is in line with the "
                   "Convention.",
        "urges": "GRETA urges the {adj} authorities to {action}.",
        "considers": "GRETA considers that the {adj} authorities should {action}.",
        "invites": "GRETA invites the {adj} authorities to {action}.",
        "list_intro": "GRETA urges the {adj} authorities to take further steps to:",
        "list_items": ["{action};", "monitor the results of these measures."],
        "concl": "GRETA welcomes the cooperation of the {adj} authorities throughout the "
                 "evaluation.",
        "refer": "(paragraph {n})",
        "bodies": "Appendix 2 – List of public bodies and non-governmental organisations with "
                  "which GRETA held consultations",
        "body_names": ["Ministry of Internal Affairs", "Office of the Prosecutor General",
                       "Shelter Foundation"],
        "note": "See the reply of the authorities to the questionnaire, page {page}.",
    },
    "fr": {
        "title": "Rapport d'évaluation",
        "by": "Rapport concernant la mise en œuvre de la Convention du Conseil de l'Europe "
              "sur la lutte contre la traite des êtres humains par la {country}",
        "round": "{Round} cycle d'évaluation",
        "rounds": ["Troisième", "Quatrième"],
        "focus": "Thème : accès à la justice et recours effectifs pour les victimes de la "
                 "traite",
        "adopted": "Adopté le {adopted}",
        "published": "Publié le {published}",
        "months": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                   "septembre", "octobre", "novembre", "décembre"],
        "chapters": ["Introduction", "Aperçu des développements dans la mise en œuvre de la "
                     "Convention par la {country}", "Constats article par article"],
        "parts": ["Prévention de la traite des êtres humains",
                  "Protection des victimes de la traite",
                  "Droit pénal matériel et procédure"],
        "conclusions": "Conclusions",
        "appendix": "Annexe 1 – Liste des conclusions et propositions d'action du GRETA",
        "intro": "Le {round} cycle d'évaluation de la {country} a été mené sur la base de la "
                 "réponse soumise par les autorités en {year} et d'une visite dans le pays.",
        "overview": "Depuis la précédente évaluation, la {country} a adopté un nouveau plan "
                    "d'action national et modifié son Code pénal en {year}.",
        "fact": "Selon les autorités, le nombre de victimes identifiées concernées par "
                "{topic} est passé de {a} en {year} à {b} en {year2}.",
        "notes": "Le GRETA note que la pratique concernant {topic} varie selon les régions.",
        "neutral": "Le GRETA considère que le cadre juridique relatif à {topic} est conforme "
                   "à la Convention.",
        "urges": "Le GRETA exhorte les autorités {adj} à {action}.",
        "considers": "Le GRETA considère que les autorités {adj} devraient {action}.",
        "invites": "Le GRETA invite les autorités {adj} à {action}.",
        "list_intro": "Le GRETA exhorte les autorités {adj} à prendre des mesures "
                      "supplémentaires pour :",
        "list_items": ["{action} ;", "suivre les résultats de ces mesures."],
        "concl": "Le GRETA salue la coopération des autorités {adj} tout au long de "
                 "l'évaluation.",
        "refer": "(paragraphe {n})",
        "bodies": "Annexe 2 – Liste des instances publiques et des organisations non "
                  "gouvernementales avec lesquelles le GRETA a tenu des consultations",
        "body_names": ["Ministère de l'Intérieur", "Bureau du Procureur général",
                       "Fondation Refuge"],
        "note": "Voir la réponse des autorités au questionnaire, page {page}.",
    },
}


@dataclass
class Style:
    """A house variant of a report."""

    lang: str = "en"
    headings: str = "roman"  # chapters "I." / "1." / "A."
    findings: str = "bold"  # how GRETA's findings are set: bold, italic, plain
    appendix: bool = True
    furniture: bool = False  # running headers and page numbers left in the text
    notes: bool = False  # footnotes "[n] ..."
    article_headings: bool = True  # "Article 10 – ..." headings, else "(Article 10)" titles


@dataclass
class Truth:
    """What the parser must find."""

    code: str
    country: str  # in English, as the replies name it, whatever the report's language
    round: str
    adopted: str
    published: str
    lang: str
    named: str = ""  # the country as the report names it (in French in a French report)
    paragraphs: dict[int, dict] = field(default_factory=dict)  # number -> chapter, article...
    proposals: list[dict] = field(default_factory=list)  # refers_to, strength, article
    chapters: list[str] = field(default_factory=list)  # the citation labels, in order


def random_style(rng: random.Random) -> Style:
    return Style(lang=rng.choice(("en", "fr")), headings=rng.choice(HEADINGS),
                 findings=rng.choice(FINDINGS), appendix=rng.random() < 0.7,
                 furniture=rng.random() < 0.5, notes=rng.random() < 0.5,
                 article_headings=rng.random() < 0.6)


class _Writer:
    def __init__(self, rng: random.Random, style: Style, truth: Truth, names: dict) -> None:
        self.rng, self.style, self.truth, self.names = rng, style, truth, names
        self.t = TEXT[style.lang]
        self.out: list[str] = []
        self.number = 0
        self.chapter = ""
        self.article: int | None = None
        self.blocks = 0
        self.page = 1
        self.notes = 0

    def block(self, text: str) -> None:
        self.out += [text, ""]
        self.blocks += 1
        if self.style.furniture and self.blocks % 9 == 0:  # a page break copied with the text
            self.page += 1
            self.out += [str(self.page), "", self.truth.code, ""]

    def emphasise(self, sentence: str) -> str:
        return {"bold": f"**{sentence}**", "italic": f"*{sentence}*",
                "plain": sentence}[self.style.findings]

    def paragraph(self, text: str, strength: str | None = None, items: tuple = ()) -> int:
        self.number += 1
        self.block("\n".join([f"{self.number}. {text}", *items]))
        self.truth.paragraphs[self.number] = {
            "chapter": self.chapter, "article": self.article, "strength": strength}
        if self.style.notes and self.rng.random() < 0.25:
            self.notes += 1
            self.block(f"[{self.notes}] " + self.t["note"].format(page=self.rng.randint(2, 80)))
        return self.number

    def heading(self, level: int, index: int, title: str) -> None:
        style = self.style.headings
        if level == 1:
            label = {"roman": ["I", "II", "III", "IV", "V"][index],
                     "numbers": str(index + 1), "letters": "ABCDE"[index]}[style]
            self.chapter = f"Chapter {label}"
            self.truth.chapters.append(self.chapter)
            self.block(f"{label}. {title}")
        else:  # a part of the findings chapter
            label = {"roman": "ABCDE"[index], "numbers": f"3.{index + 1}",
                     "letters": str(index + 1)}[style]
            self.block(f"{label}. {title}")
        self.article = None


def make_report(seed: int, style: Style | None = None,
                state: tuple[str, str, str, str] | None = None) -> tuple[str, Truth]:
    """A synthetic report and the truth about it; `state` (as in COUNTRIES) replaces the
    fictional State the seed chooses (the rest of the report is the same)."""
    rng = random.Random(seed)
    style = style or random_style(rng)
    t = TEXT[style.lang]
    en, fr, adj_en, adj_fr = rng.choice(COUNTRIES)
    if state is not None:
        en, fr, adj_en, adj_fr = state
    country, adj = (en, adj_en) if style.lang == "en" else (fr, adj_fr)
    year = rng.randint(2018, 2026)
    number = rng.randint(1, 40)
    code = f"GRETA({year}){number:02d}"
    round_index = rng.randrange(2)
    month = rng.randrange(12)
    adopted = f"{rng.randint(1, 28)} {t['months'][month]} {year}"
    published = f"{rng.randint(1, 28)} {t['months'][(month + 3) % 12]} {year + (month > 8)}"
    truth = Truth(code, en, t["rounds"][round_index], adopted, published, style.lang, country)
    w = _Writer(rng, style, truth, {})
    for line in (f"{t['title']}\n{country.upper()}", t["round"].format(
            Round=t["rounds"][round_index]), t["focus"], t["adopted"].format(adopted=adopted),
            f"{code} – " + t["published"].format(published=published),
            t["by"].format(country=country)):
        w.block(line)
    fill = {"country": country, "adj": adj, "year": year - 2,
            "round": t["rounds"][round_index].lower()}
    w.heading(1, 0, t["chapters"][0])
    for _ in range(rng.randint(2, 4)):
        w.paragraph(t["intro"].format(**fill))
    w.heading(1, 1, t["chapters"][1].format(country=country))
    for _ in range(rng.randint(1, 3)):
        w.paragraph(t["overview"].format(**fill))
    w.heading(1, 2, t["chapters"][2])
    articles = sorted(rng.sample(ARTICLES, rng.randint(4, 7)))
    proposals: list[tuple[int, int, str, str]] = []  # (article, paragraph, strength, text)
    parts = 0
    for part_index, part in enumerate(t["parts"]):
        chosen = [a for a in articles if [5, 10, 23][part_index] <= a[0] < [10, 23, 99][
            part_index]]
        if not chosen:
            continue
        w.heading(2, parts, part)
        parts += 1
        for sub, article in enumerate(chosen, start=1):
            number_, title = article[0], article[1 if style.lang == "en" else 2]
            action = article[3 if style.lang == "en" else 4]
            topic = article[5 if style.lang == "en" else 6]
            w.article = number_
            if style.article_headings:
                w.block(f"Article {number_} – {title}")
            else:
                label = {"roman": f"{sub}.", "numbers": f"3.{parts}.{sub}",
                         "letters": f"{parts}.{sub}"}[style.headings]
                w.block(f"{label} {title} (Article {number_})")
            a = rng.randint(5, 90)
            w.paragraph(t["fact"].format(topic=topic, a=a, b=a + rng.randint(1, 40),
                                         year=year - 4, year2=year - 1))
            if rng.random() < 0.5:
                w.paragraph(t[rng.choice(("notes", "neutral"))].format(topic=topic))
            strength = rng.choice(STRENGTHS)
            sentence = t[strength].format(adj=adj, action=action)
            if rng.random() < 0.3:  # a finding after an observation, in one paragraph
                body = t["notes"].format(topic=topic) + " " + w.emphasise(sentence)
                n = w.paragraph(body, strength)
            elif rng.random() < 0.25:  # a finding that introduces a list
                strength = "urges"
                intro = t["list_intro"].format(adj=adj)
                items = [f"- {item.format(action=action)}" for item in t["list_items"]]
                n = w.paragraph(w.emphasise(intro), strength, tuple(items))
                sentence = f"{intro} {' '.join(item[2:] for item in items)}"
            else:
                n = w.paragraph(w.emphasise(sentence), strength)
            proposals.append((number_, n, strength, sentence))
            if rng.random() < 0.3 and strength != "invites":  # a weaker finding besides
                extra = t["invites"].format(adj=adj, action=t["list_items"][1].rstrip(" .;"))
                proposals.append((number_, w.paragraph(w.emphasise(extra), "invites"),
                                  "invites", extra))
    w.article = None
    conclusions = {"roman": "IV", "numbers": "4", "letters": "D"}[style.headings]
    if rng.random() < 0.5:
        w.chapter = t["conclusions"]
        w.truth.chapters.append(w.chapter)
        w.block(t["conclusions"])
    else:
        w.chapter = f"Chapter {conclusions}"
        w.truth.chapters.append(w.chapter)
        w.block(f"{conclusions}. {t['conclusions']}")
    w.paragraph(t["concl"].format(adj=adj))
    if style.appendix:
        w.chapter = t["appendix"]
        w.block(t["appendix"])
        current = None
        for article, n, strength, sentence in proposals:
            if article != current:
                current = article
                w.block(f"Article {article}")
            w.block(f"- {sentence} {t['refer'].format(n=n)}")
            truth.proposals.append({"refers_to": n, "strength": strength, "article": article})
    w.block(t["bodies"])
    for body in t["body_names"]:
        w.block(body)
    return "\n".join(w.out).rstrip() + "\n", truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lang", choices=("en", "fr"), default="en")
    parser.add_argument("--headings", choices=HEADINGS, default="roman")
    parser.add_argument("--findings", choices=FINDINGS, default="bold")
    parser.add_argument("--no-appendix", action="store_true")
    parser.add_argument("--furniture", action="store_true")
    parser.add_argument("--notes", action="store_true")
    parser.add_argument("--pdf", type=Path, help="also render it to this PDF")
    args = parser.parse_args(argv)
    style = Style(args.lang, args.headings, args.findings, not args.no_appendix,
                  args.furniture, args.notes)
    text, truth = make_report(args.seed, style)
    args.output.write_text(text, encoding="utf-8")
    print(f"{args.output}: {truth.code}, {truth.country}, {len(truth.paragraphs)} paragraphs, "
          f"{sum(1 for p in truth.paragraphs.values() if p['strength'])} findings")
    if args.pdf:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from render_pdf import render_pdf

        render_pdf(args.output, args.pdf)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

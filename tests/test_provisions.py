"""Tests for greta_search.provisions: every citation form of the Azerbaijan seed reply
(sentences quoted from corpus/greta-2023-11-aze-reply.txt), the traps, and look-ups over the
whole document."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from greta_search.provisions import (
    Lookup,
    Provision,
    canonical_instrument,
    extract_provisions,
    find_in_query,
    matches,
    parse_lookup,
    suggest_instruments,
)

SEED = Path(__file__).resolve().parent.parent / "corpus" / "greta-2023-11-aze-reply.txt"
CC = "Criminal Code"
CPC = "Criminal Procedure Code"
LC = "Labour Code"
CAO = "Code of Administrative Offences"
MC = "Migration Code"
ANTI_TRAFFICKING_LAW = 'Law "On Combating Human Trafficking"'


def cited(paragraphs: list[str]) -> list[tuple[str, str | None]]:
    """(instrument, article) of every citation, in order."""
    return [(p.instrument, p.article) for p in extract_provisions(paragraphs)]


def articles_of(paragraphs: list[str]) -> list[tuple[str, str | None]]:
    """Like `cited`, without instrument-only citations."""
    return [pair for pair in cited(paragraphs) if pair[1] is not None]


# --- one test per citation form ------------------------------------------------------------


def test_article_of_code_of_the_republic() -> None:
    text = (
        "Thus, Article 144-1 of the Criminal Code of the Republic of Azerbaijan (human "
        "trafficking) recognizes various forms of exploitation (sexual exploitation, forced "
        "labor, etc.) as the purpose of human trafficking. Article 61 of the Criminal Code "
        "(aggravating circumstances) recognizes the commission of a crime against a minor."
    )
    found = extract_provisions([text])
    assert [(p.instrument, p.article) for p in found] == [(CC, "144-1"), (CC, "61")]
    assert found[0].cited == "Article 144-1 of the Criminal Code of the Republic of Azerbaijan"
    assert found[0].quote.startswith("Thus, Article 144-1") and found[0].quote.endswith(
        "the purpose of human trafficking."
    )
    assert found[1].quote.startswith("Article 61 of the Criminal Code")


def test_parenthesis_between_article_and_instrument() -> None:
    text = (
        "Answer – In 2025, based on 34 facts committed using information technologies, 4 "
        "criminal cases were initiated and investigated under Article 144-1 (human trafficking – "
        "sexual exploitation) of the Criminal Code."
    )
    [found] = extract_provisions([text])
    assert (found.instrument, found.article) == (CC, "144-1")
    assert found.cited == "Article 144-1 of the Criminal Code"


def test_list_of_articles_sharing_one_instrument() -> None:
    text = (
        "For example, from the judgment of the Baku Court for Serious Crimes dated 20 November "
        "2023 in case No. 1(101)-121/2023, by which [AA] was found guilty and convicted under "
        "Articles 144-1.2.1, 144-1.2.2, 144-1.2.4-1 and 144-3.4 of the Criminal Code, it appears "
        "that, along with other episodes, at the end of January 2014, in Baku city, she contacted "
        "an acquaintance."
    )
    assert cited([text]) == [
        (CC, "144-1.2.1"),
        (CC, "144-1.2.2"),
        (CC, "144-1.2.4-1"),
        (CC, "144-3.4"),
    ]


def test_list_of_administrative_offences_and_labor_code() -> None:
    offences = (
        "Thus, during the period from 01.01.2019 to 31.12.2025, the State Migration Service "
        "adopted 1,595 administrative decisions against employers who engaged foreigners and "
        "stateless persons in illegal labor activity, in accordance with Articles 578.1 and 578.2 "
        "of the Code of Administrative Offences of the Republic of Azerbaijan."
    )
    labour = (
        "According to Articles 292 and 294 of the Labor Code, labor migrants have the right to "
        "apply to court instances on the same grounds and conditions as предусмотренные for "
        "citizens of the Republic of Azerbaijan."
    )
    assert cited([offences]) == [(CAO, "578.1"), (CAO, "578.2")]
    assert cited([labour]) == [(LC, "292"), (LC, "294")]


def test_list_with_descriptions_added_to_a_code() -> None:
    text = (
        "Furthermore, Articles 189-1 (Entering into a transaction related to marriage concerning "
        "a person under the age of sixteen), 189-2 (Conducting ceremonies related to early "
        "marriages of minors), and 189-3 (Religious marriage ceremony concerning minors) were "
        "added to the Code of Administrative Offenses."
    )
    found = extract_provisions([text])
    assert [(p.instrument, p.article) for p in found] == [
        (CAO, "189-1"),
        (CAO, "189-2"),
        (CAO, "189-3"),
    ]
    assert found[0].cited == (
        "Articles 189-1, 189-2, and 189-3 were added to the Code of Administrative Offenses"
    )


def test_article_added_to_a_code() -> None:
    procedure = (
        "At the same time, on 29.11.2016, a new Article 123-1 was added to the Criminal "
        "Procedure Code, which provides a mechanism for granting a recovery and reflection "
        "period to victims of human trafficking."
    )
    # A page break split "Criminal | Code" in the seed; the parser joins the two halves.
    criminal = (
        "Amendments were also made to Article 176-1 of the Criminal Code, criminalizing not only "
        "the coercion of a woman but, in general, the act of forcing a person into marriage and "
        "early marriage. In addition, Article 176-2 was added to the Criminal Code, establishing "
        "criminal liability for organizing the early marriage of a person under the age of "
        "sixteen."
    )
    assert cited([procedure]) == [(CPC, "123-1")]
    assert cited([criminal]) == [(CC, "176-1"), (CC, "176-2")]


def test_same_code_and_said_code_refer_back_to_the_last_code() -> None:
    migration = (
        "According to Article 45 of the Migration Code, foreigners and stateless persons "
        "recognized as victims of human trafficking are granted temporary residence permits in "
        "the territory of the Republic of Azerbaijan. In accordance with Article 64 of the same "
        "Code, foreigners and stateless persons recognized as victims of human trafficking are "
        "not required to obtain a work permit. According to Article 79.4 of the said Code, no "
        "decision on expulsion is adopted with respect to foreigners and stateless persons "
        "recognized as victims of human trafficking for a period of 1 year."
    )
    criminal = (
        "Thus, according to Article 144-1.1 of the Criminal Code, human trafficking is the "
        "recruitment, acquisition, harboring, concealment, transportation, transfer or receipt "
        "of a person for the purpose of exploitation. Articles 144-1.2.3 and 144-1.2.4 of the "
        "same Code establish that committing human trafficking against a minor or against a "
        "woman who is obviously pregnant for the offender constitutes part of the elements of "
        "the offence of human trafficking."
    )
    assert cited([migration]) == [(MC, "45"), (MC, "64"), (MC, "79.4")]
    assert cited([criminal]) == [(CC, "144-1.1"), (CC, "144-1.2.3"), (CC, "144-1.2.4")]


def test_same_law_refers_back_to_the_last_law_not_a_code() -> None:
    paragraphs = [
        "According to Article 13-2.3 of the Law of the Republic of Azerbaijan “On Information, "
        "Informatization and Protection of Information”, the owner of an internet information "
        "resource and its domain name or the user of an information-telecommunication network "
        "must not allow placement of information related to pornography, including child "
        "pornography, in that information resource. According to Article 13-3 of the same Law, "
        "if the Ministry of Digital Development and Transport directly identifies cases of "
        "placement of information prohibited for dissemination in an internet information "
        "resource, it issues a written warning. According to Article 305 of the Civil Code of "
        "the Republic of Azerbaijan, cases related to removal of information prohibited for "
        "dissemination are considered by general courts under special proceedings."
    ]
    law = 'Law "On Information, Informatization and Protection of Information"'
    assert cited(paragraphs) == [(law, "13-2.3"), (law, "13-3"), ("Civil Code", "305")]


def test_said_law_carries_the_law_and_its_date() -> None:
    text = (
        "According to the Law of the Republic of Azerbaijan dated 21 May 1999 “On the Status of "
        "Refugees and Internally Displaced Persons (Persons Displaced within the Country)”, "
        "foreigners and stateless persons who have applied for refugee status are in no case "
        "sent or forcibly returned to a country where their life or freedom is threatened. "
        "According to Article 15 of the said Law, a person who has submitted an application for "
        "refugee status cannot be sent, extradited or forcibly returned to another country until "
        "their case is resolved by the State Migration Service."
    )
    law = (
        'Law "On the Status of Refugees and Internally Displaced Persons (Persons Displaced '
        'within the Country)"'
    )
    found = extract_provisions([text])
    assert [(p.instrument, p.article, p.date) for p in found] == [
        (law, None, "21 May 1999"),
        (law, "15", "21 May 1999"),
    ]


def test_hereinafter_the_code_is_the_labour_code_in_that_answer() -> None:
    # Question 7: "the Code" is defined as the Labor Code, while "the same Code" after a
    # Migration Code citation is the Migration Code.
    answer = [
        "Answer (general) – Issues related to the regulation of migrants’ labor activities are "
        "governed by the Migration Code of the Republic of Azerbaijan, while other issues "
        "related to labor relations are regulated by the Labor Code of the Republic of "
        "Azerbaijan (hereinafter – the Code).",
        "According to Article 16 of the Code, any discrimination among employees on the basis "
        "of citizenship, gender, race, religion, nationality, language, place of residence, "
        "property status, social origin, age, family status is strictly prohibited.",
        "According to Article 45 of the Migration Code, foreigners and stateless persons "
        "recognized as victims of human trafficking are granted temporary residence permits in "
        "the territory of the Republic of Azerbaijan. In accordance with Article 64 of the same "
        "Code, foreigners and stateless persons recognized as victims of human trafficking are "
        "not required to obtain a work permit.",
    ]
    found = extract_provisions(answer)
    assert [(p.instrument, p.article) for p in found] == [
        (MC, None),
        (LC, None),
        (LC, "16"),
        (MC, "45"),
        (MC, "64"),
    ]
    assert [p.paragraph for p in found] == [0, 0, 1, 2, 2]
    assert found[2].cited == "Article 16 of the Code"
    # The definition holds even after another code was cited in between...
    assert articles_of([answer[0], answer[2], answer[1]]) == [(MC, "45"), (MC, "64"), (LC, "16")]
    # ...and only in its own answer: elsewhere "the Code" is the last code cited.
    assert articles_of(answer[2:] + answer[1:2]) == [(MC, "45"), (MC, "64"), (MC, "16")]


def test_the_code_is_the_migration_code_in_question_26() -> None:
    answer = [
        "Answer – The Migration Code of the Republic of Azerbaijan contains necessary provisions "
        "regarding provision of legal assistance to foreigners and stateless persons who are "
        "considered victims of human trafficking. Thus, in accordance with Article 45.1.10-1 of "
        "the Migration Code of the Republic of Azerbaijan, when foreigners and stateless persons "
        "are considered victims of human trafficking, they are granted (or their permit is "
        "extended for) temporary residence in the territory of the Republic of Azerbaijan. In "
        "accordance with Article 46.6 of the Code, during application, certain documents are not "
        "required from them.",
        "At the same time, in accordance with Article 50.2 of the Code, certain grounds for "
        "refusal to grant a temporary residence permit do not apply to foreigners and stateless "
        "persons considered victims of human trafficking.",
        "Article 64.0.15-1 of the Code provides that persons considered victims of human "
        "trafficking or assisting criminal prosecution authorities are not required to obtain a "
        "work permit to engage in paid labor activity in the territory of the country.",
    ]
    assert articles_of(answer) == [
        (MC, "45.1.10-1"),
        (MC, "46.6"),
        (MC, "50.2"),
        (MC, "64.0.15-1"),
    ]
    assert not any(
        matches(parse_lookup("Labour Code art 16"), p) for p in extract_provisions(answer)
    )


def test_hereinafter_cpc_then_the_code() -> None:
    answer = [
        "Answer – Article 222 of the Criminal Procedure Code of the Republic of Azerbaijan "
        "(hereinafter – CPC) provides for the inadmissibility of disclosure of preliminary "
        "investigation data (with certain exceptions).",
        "In order to ensure non-disclosure of information related to the identity of minors "
        "participating in criminal proceedings, restrictions are предусмотрены in the CPC. Thus, "
        "in accordance with Article 222.7 of the Code, disclosure of information about the "
        "identity of minor suspects, accused or victims is allowed only with the consent of "
        "those persons and their legal representatives.",
    ]
    assert articles_of(answer) == [(CPC, "222"), (CPC, "222.7")]
    # "CPC" is understood without a definition too (the seed's sentence, abbreviated).
    undefined = answer[1].replace("Article 222.7 of the Code", "Article 222.7 of the CPC")
    assert articles_of([undefined]) == [(CPC, "222.7")]


def test_law_by_title_curly_and_straight_quotes() -> None:
    curly = (
        "Answer – According to Article 16 of the Law “On Combating Human Trafficking”, when "
        "assistance is provided to a child who is a victim of human trafficking, his/her best "
        "interests must be given priority."
    )
    straight = (
        "Answer – The activities of private employment agencies in the country are regulated in "
        'accordance with the Law "On Employment". According to Article 14 of the Law, mediation '
        "activities in employment of jobseekers and unemployed persons are carried out only by "
        "legal entities in compliance with the requirements of this Law."
    )
    of_the_republic = (
        "Article 18.58 of the Law of the Republic of Azerbaijan “On State Duty” establishes "
        "state fees for issuance and extension of work permits to foreigners and stateless "
        "persons."
    )
    assert cited([curly]) == [(ANTI_TRAFFICKING_LAW, "16")]
    employment = 'Law "On Employment"'
    assert cited([straight]) == [(employment, None), (employment, "14")]
    assert cited([of_the_republic]) == [('Law "On State Duty"', "18.58")]


def test_law_cited_without_article() -> None:
    text = (
        "Thus, the Law “On Combating Human Trafficking” has been adopted as a basic normative "
        "document, and the Main Department for Combating Human Trafficking of the Ministry of "
        "Internal Affairs operates as the leading force in this field, while coordination among "
        "state bodies is ensured through “National Action Plans”."
    )
    [found] = extract_provisions([text])
    assert (found.instrument, found.article) == (ANTI_TRAFFICKING_LAW, None)
    assert found.cited == "Law “On Combating Human Trafficking”"


def test_resolution_by_number_and_date() -> None:
    text = (
        "Answer (general) – The “Rules (Indicators) for Identification of Victims of Human "
        "Trafficking”, which determine mechanisms enabling the identification of a person as a "
        "victim of human trafficking, were approved by Resolution No. 131 of the Cabinet of "
        "Ministers of the Republic of Azerbaijan dated 3 September 2009. These Rules reflect "
        "issues such as legal aspects of victim identification."
    )
    found = extract_provisions([text])
    assert [(p.instrument, p.article, p.date) for p in found] == [
        ("Rules (Indicators) for Identification of Victims of Human Trafficking", None, None),
        ("Resolution No. 131 of the Cabinet of Ministers", None, "3 September 2009"),
    ]
    assert found[1].cited == (
        "Resolution No. 131 of the Cabinet of Ministers of the Republic of Azerbaijan dated "
        "3 September 2009"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "According to paragraph 4.2 of the “Rules for State Control over the Implementation "
            "of Children’s Rights”, approved by Decree No. 626 of the President of the Republic "
            "of Azerbaijan dated 8 May 2012, general state control over the implementation of "
            "children’s rights is carried out.",
            ("Decree No. 626 of the President", "8 May 2012"),
        ),
        (
            "Answer – By Order No. 530 of the President of the Republic of Azerbaijan dated 19 "
            "March 2025, the “Strategy of the Republic of Azerbaijan on Artificial Intelligence "
            "for 2025–2028” was approved.",
            ("Order No. 530 of the President", "19 March 2025"),
        ),
        (
            "- by Decision No. 158 of the Cabinet of Ministers dated 16 May 2023, the "
            "“Composition, Organization and Rules of Operation of the Working Group under the "
            "National Coordinator on Combating Human Trafficking” were approved.",
            ("Decision No. 158 of the Cabinet of Ministers", "16 May 2023"),
        ),
        (
            "By the Law No. 1198-VIQD dated 28 June 2024, amendments were made to the Family "
            "Code, removing the provision that allowed local executive authorities to permit the "
            "reduction of the marriage age by no more than one year.",
            ("Law No. 1198-VIQD", "28 June 2024"),
        ),
    ],
)
def test_numbered_acts(text: str, expected: tuple[str, str]) -> None:
    acts = [(p.instrument, p.date) for p in extract_provisions([text]) if p.date]
    assert acts == [expected]


def test_list_of_resolutions_and_issuer_carried_over() -> None:
    pair = (
        "draft resolutions of the Cabinet of Ministers “On approval of the Rules for Creation of "
        "Jobs Beyond the Quota” and “On approval of the Rules for Implementation of Targeted "
        "Programs” were prepared by the Ministry and approved respectively by Resolutions No. "
        "551 and 552 of the Cabinet of Ministers dated 29 December 2024."
    )
    amendments = (
        "Resolution No. 152 of the Cabinet of Ministers of the Republic of Azerbaijan dated 2006 "
        "approved determination of the amount of allowance paid to persons who suffered from "
        "human trafficking during the reintegration period. Amendments were made to this "
        "Resolution by Resolution No. 99 dated 7 May 2010 replacing the words “30 times the "
        "conditional financial unit” with “200 manats”."
    )
    assert cited([pair]) == [
        ("Resolution No. 551 of the Cabinet of Ministers", None),
        ("Resolution No. 552 of the Cabinet of Ministers", None),
    ]
    found = extract_provisions([amendments])
    assert [(p.instrument, p.date) for p in found] == [
        ("Resolution No. 152 of the Cabinet of Ministers", "2006"),
        ("Resolution No. 99 of the Cabinet of Ministers", "7 May 2010"),
    ]


def test_paragraphs_and_sections_of_rules() -> None:
    rules = "Rules (Indicators) for Identification of Victims of Human Trafficking"
    paragraph = (
        "According to paragraph 3.1.2 of the “Rules (Indicators) for Identification of Victims "
        "of Human Trafficking”, approved by Resolution No. 131 of the Cabinet of Ministers of "
        "the Republic of Azerbaijan dated 3 September 2009, indicators for identification of "
        "child victims of human trafficking have been specified."
    )
    said = (
        "According to paragraph 4.2 of the “Rules for State Control over the Implementation of "
        "Children’s Rights”, approved by Decree No. 626 of the President of the Republic of "
        "Azerbaijan dated 8 May 2012, general state control is carried out. According to Section "
        "6 of the said Rules, monitoring in social service institutions is carried out on the "
        "basis of a decision of the commission on the protection of children’s rights."
    )
    found = extract_provisions([paragraph])
    assert [(p.instrument, p.article) for p in found] == [
        (rules, "3.1.2"),
        ("Resolution No. 131 of the Cabinet of Ministers", None),
    ]
    assert found[0].cited == (
        "paragraph 3.1.2 of the “Rules (Indicators) for Identification of Victims of Human "
        "Trafficking”"
    )
    control = "Rules for State Control over the Implementation of Children’s Rights"
    assert articles_of([said]) == [(control, "4.2"), (control, "6")]


def test_article_paths_with_zero_and_inserted_components() -> None:
    text = (
        "Article 1.0.1 of the Law of the Republic of Azerbaijan “On Combating Human Trafficking” "
        "includes commission of human trafficking through abuse of a position of weakness as a "
        "component of the definition of human trafficking."
    )
    assert cited([text]) == [(ANTI_TRAFFICKING_LAW, "1.0.1")]


def test_bare_article_takes_the_instrument_of_its_sentence_only() -> None:
    text = (
        "Article 145 of the Criminal Code (forced labor) establishes criminal liability for "
        "coercing a person to perform work; Article 149 (rape) – for sexual intercourse with the "
        "victim by use of force; Article 150 (violent acts of a sexual nature) – for committing "
        "sodomy or other acts of a sexual nature by use of force; Article 243 (involvement in "
        "prostitution) – for involving the victim in prostitution."
    )
    heading = "I. PREVENTION (Articles 5, 6 and 7)"
    next_sentence = "Article 145 of the Criminal Code applies. Article 149 (rape) also applies."
    assert cited([text]) == [(CC, "145"), (CC, "149"), (CC, "150"), (CC, "243")]
    assert cited([heading]) == []
    assert cited([next_sentence]) == [(CC, "145")]


def test_instrument_supplemented_with_articles() -> None:
    text = (
        "draft laws on supplementing the Criminal Code of the Republic of Azerbaijan with Article "
        "144-4 (use of services of a victim of human trafficking), and the Law “On Combating "
        "Human Trafficking” with Articles 21.1-1 (use by a person, who is not a trafficker, of "
        "services arising from exploitation of a victim of human trafficking entails criminal "
        "liability) and 21.1-2 (illegal acts with documents for the purpose of human trafficking "
        "entail criminal liability), as well as a draft decree on amending Presidential Decree "
        "No. 387 dated 25 August 2000 in order to determine the body conducting investigation "
        "under Article 144-4 of the Criminal Code."
    )
    assert cited([text]) == [
        (CC, "144-4"),
        (ANTI_TRAFFICKING_LAW, "21.1-1"),
        (ANTI_TRAFFICKING_LAW, "21.1-2"),
        ("Decree No. 387 of the President", None),
        (CC, "144-4"),
    ]


def test_part_of_article_and_range_of_articles() -> None:
    part = (
        "According to Part I of Article 20 of the Law “On Lawyers and Legal Practice”, "
        "remuneration of a lawyer providing services to children who are victims of sexual "
        "exploitation is paid from the state budget."
    )
    range_ = (
        "According to Article 143-1 of the Family Code, the Ministry conducts monitoring of the "
        "condition of children placed in foster families. If, during monitoring, the Ministry "
        "identifies one of the grounds specified in Articles 143.2.1–143.2.3 of this Code, it "
        "immediately unilaterally terminates the contract."
    )
    assert cited([part]) == [('Law "On Lawyers and Legal Practice"', "20.1")]
    family = "Family Code"
    assert cited([range_]) == [
        (family, "143-1"),
        (family, "143.2.1"),
        (family, "143.2.2"),
        (family, "143.2.3"),
    ]


def test_said_convention() -> None:
    answer = [
        "Answer – Approval of the Convention on Cybercrime, signed in Budapest on 23 November "
        "2001, by the Law of the Republic of Azerbaijan dated 30 September 2009, with relevant "
        "declarations and reservations, is one of the important steps taken in the field of "
        "combating cybercrime.",
        "Based on the provisions of that Convention, relevant amendments have been made to the "
        "Criminal Code of the Republic of Azerbaijan. Thus, the acts предусмотренные in Article "
        "9 of the said Convention have been criminalized and prohibited under various articles "
        "of the Criminal Code.",
    ]
    assert ("Convention on Cybercrime", "9") in cited(answer)


# --- traps ---------------------------------------------------------------------------------


def provision(instrument: str, article: str | None) -> Provision:
    return Provision(instrument, article, cited="", quote="", paragraph=0)


def test_article_144_1_never_matches_144_10_or_144_11() -> None:
    lookup = parse_lookup("Article 144-1 of the Criminal Code")
    for article in ("144-1", "144-1.1", "144-1.2.3", "144-1.2.4-1"):
        assert matches(lookup, provision(CC, article)), article
    for article in ("144-10", "144-11", "144-10.1", "144", "144-2.2.6", "14"):
        assert not matches(lookup, provision(CC, article)), article
    assert not matches(lookup, provision(CC, None))


def test_50_2_never_matches_150_2_5() -> None:
    answer_37 = (
        "For example, from the judgment of the Ganja Court for Serious Crimes dated 26 December "
        "2019 in case No. 1(100)-112/2019, by which [AA] and others were found guilty and "
        "convicted under Articles 144-1.2.5 (as in force until 9 May 2013), 125, 144-2.2.6, "
        "144-3.4 and 150.2.5 of the Criminal Code, it appears that [AA] deceived the victim."
    )
    found = extract_provisions([answer_37])
    assert (CC, "150.2.5") in [(p.instrument, p.article) for p in found]
    assert not any(matches(parse_lookup("50.2"), p) for p in found)
    assert matches(parse_lookup("50.2"), provision(MC, "50.2.1"))


def test_article_of_another_law_is_not_the_criminal_code() -> None:
    text = (
        "According to Article 13-2.3 of the Law of the Republic of Azerbaijan “On Information, "
        "Informatization and Protection of Information”, the owner of an internet information "
        "resource must not allow placement of information related to pornography."
    )
    [found] = extract_provisions([text])
    assert found.instrument != CC
    assert not matches(parse_lookup("Article 13 of the Criminal Code"), found)
    assert not matches(parse_lookup("Article 13-2.3 of the Criminal Code"), found)
    assert matches(parse_lookup("13-2.3"), found)


def test_article_16_of_the_law_is_not_article_16_of_the_labour_code() -> None:
    law = extract_provisions(
        [
            "Answer – According to Article 16 of the Law “On Combating Human Trafficking”, when "
            "assistance is provided to a child who is a victim of human trafficking, his/her "
            "best interests must be given priority."
        ]
    )
    labour = parse_lookup("Article 16 of the Labour Code")
    anti_trafficking = parse_lookup('Article 16 of the Law "On Combating Human Trafficking"')
    assert not any(matches(labour, p) for p in law)
    assert any(matches(anti_trafficking, p) for p in law)
    assert not matches(anti_trafficking, provision(LC, "16"))


# --- look-ups ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Article 144-1 of the Criminal Code", Lookup(CC, "144-1")),
        ("Art. 50.2 Migration Code", Lookup(MC, "50.2")),
        ("Resolution No. 131", Lookup("Resolution No. 131", None)),
        ("resolution 131", Lookup("Resolution No. 131", None)),
        ("CPC 123-1", Lookup(CPC, "123-1")),
        ("Art 123-1 Code of Criminal Procedure", Lookup(CPC, "123-1")),
        ("Labour Code art 16", Lookup(LC, "16")),
        ("Article 16 of the Labor Code", Lookup(LC, "16")),
        ("Articles 578 Code of Administrative Offenses", Lookup(CAO, "578")),
        ("144-1", Lookup(None, "144-1")),
        ("Criminal Code", Lookup(CC, None)),
        (
            'Article 16 of the Law "On Combating Human Trafficking"',
            Lookup(ANTI_TRAFFICKING_LAW, "16"),
        ),
        ("Law No. 1198-VIQD", Lookup("Law No. 1198-VIQD", None)),
        ("Crimnal Cde art 5", Lookup("Crimnal Cde", "5")),
    ],
)
def test_parse_lookup(query: str, expected: Lookup) -> None:
    assert parse_lookup(query) == expected


def test_unquoted_lowercase_law_title_matches_the_quoted_one() -> None:
    lookup = parse_lookup("law on combating human trafficking art. 16")
    assert lookup.article == "16"
    assert matches(lookup, provision(ANTI_TRAFFICKING_LAW, "16"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Labor Code", LC),
        ("the Labour Code of the Republic of Azerbaijan", LC),
        ("Code of Administrative Offenses", CAO),
        ("CPC", CPC),
        ("Code of Criminal Procedure", CPC),
        ("Criminal Procedure Code", CPC),
        ("migration code", MC),
        ("Family Code", "Family Code"),
        (
            "Resolution No. 131 of the Cabinet of Ministers",
            "Resolution No. 131 of the Cabinet of Ministers",
        ),
        ("Law “On Combating Human Trafficking”", ANTI_TRAFFICKING_LAW),
        ("UN Convention on the Rights of the Child", "Convention on the Rights of the Child"),
        ("victims of trafficking", None),
    ],
)
def test_canonical_instrument(name: str, expected: str | None) -> None:
    assert canonical_instrument(name) == expected


def test_numbered_act_lookup_ignores_missing_issuer_but_not_a_different_one() -> None:
    cabinet = provision("Resolution No. 131 of the Cabinet of Ministers", None)
    assert matches(parse_lookup("Resolution No. 131"), cabinet)
    assert matches(parse_lookup("Resolution No. 131 of the Cabinet of Ministers"), cabinet)
    assert not matches(parse_lookup("Resolution No. 13"), cabinet)
    assert not matches(parse_lookup("Decree No. 131"), cabinet)
    assert not matches(Lookup("Resolution No. 131 of the President", None), cabinet)
    assert not matches(Lookup(None, None), cabinet)


def test_suggest_instruments() -> None:
    known = [CC, CPC, LC, MC, CAO, "Family Code", ANTI_TRAFFICKING_LAW]
    assert suggest_instruments("Crimnal Code", known)[0] == CC
    assert suggest_instruments("Labor", known) == [LC]
    assert suggest_instruments("administrative offences code", known)[0] == CAO
    assert suggest_instruments("Law on combatting trafficking", known)[0] == ANTI_TRAFFICKING_LAW
    assert len(suggest_instruments("Code", known, n=2)) == 2
    assert suggest_instruments("xyz", known) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "Article 222 of the Criminal Procedure Code non-disclosure of investigation data",
            [Lookup(CPC, "222")],
        ),
        ("CPC 123-1 reflection period", [Lookup(CPC, "123-1")]),
        ("Labour Code art 16 discrimination", [Lookup(LC, "16")]),
        ("Art. 50.2 Migration Code residence permit", [Lookup(MC, "50.2")]),
        ("Resolution No. 131 identification indicators", [Lookup("Resolution No. 131", None)]),
        ("article 144-1 sexual exploitation", [Lookup(None, "144-1")]),
        (
            "fines under Articles 578.1 and 578.2 of the Code of Administrative Offences",
            [Lookup(CAO, "578.1"), Lookup(CAO, "578.2")],
        ),
        (
            'Article 16 of the Law "On Combating Human Trafficking" and Article 16 of the Labour '
            "Code",
            [Lookup(ANTI_TRAFFICKING_LAW, "16"), Lookup(LC, "16")],
        ),
        (
            "Article 16 of the Law On Combating Human Trafficking child assistance",
            [Lookup(ANTI_TRAFFICKING_LAW, "16")],
        ),
        ("victims identified in 2019-2025 under the Criminal Code 2023", []),
        ("recovery and reflection period of 30 days", []),
        ("Article 5 of the Questionnaire", []),
    ],
)
def test_find_in_query(query: str, expected: list[Lookup]) -> None:
    assert find_in_query(query) == expected


# --- the whole seed document ---------------------------------------------------------------

QUESTION_LINE = re.compile(r"^(?:- )?(\d{1,2})\. ")
SENTENCE_END = tuple(".:;!?)”\"’'»")


def split_answers(text: str) -> dict[int, list[str]]:
    """Question number -> its paragraphs (question text included), as the parser gives them:
    bold markers dropped, list lines kept together, page-break halves joined."""
    answers: dict[int, list[str]] = {}
    lines: list[str] = []

    def flush() -> None:
        if not answers or not lines:
            return
        block = "\n".join(lines)
        paragraphs = answers[max(answers)]
        last = paragraphs[-1] if paragraphs else ""
        if last and not last.endswith(SENTENCE_END) and (block[0].islower() or len(last) > 100):
            paragraphs[-1] = f"{last} {block}"
        else:
            paragraphs.append(block)
        lines.clear()

    for raw in text.splitlines():
        line = raw.replace("**", "").strip()
        question = QUESTION_LINE.match(line)
        if question and int(question[1]) == len(answers) + 1:  # list items "1." do not restart
            flush()
            answers[int(question[1])] = []
        if line:
            lines.append(line)
        else:
            flush()
    flush()
    return answers


@pytest.fixture(scope="module")
def seed() -> dict[int, list[Provision]]:
    answers = split_answers(SEED.read_text(encoding="utf-8"))
    assert sorted(answers) == list(range(1, 43))
    return {number: extract_provisions(paragraphs) for number, paragraphs in answers.items()}


def questions_citing(seed: dict[int, list[Provision]], query: str) -> set[int]:
    lookup = parse_lookup(query)
    return {q for q, found in seed.items() if any(matches(lookup, p) for p in found)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Q1 "Article 144-1 of the Criminal Code" (twice); Q15 "Article 144-1 (human trafficking
        # – sexual exploitation) of the Criminal Code"; Q32 144-1.1 and "144-1.2.3 and
        # 144-1.2.4 of the same Code"; Q33 144-1.2.3/144-1.2.4 and 144-1; Q34 144-1.1 and the two
        # judgments; Q37 judgments citing 144-1.2.5 and 144-1.2.3 (144-4 is not 144-1).
        ("Article 144-1 of the Criminal Code", {1, 15, 32, 33, 34, 37}),
        # Q1 "a new Article 123-1 was added to the Criminal Procedure Code"; Q36 "According to
        # Article 123-1 of the Criminal Procedure Code"; Q40 cites 123-2, not 123-1.
        ("Article 123-1 of the CPC", {1, 36}),
        # Q6 (twice), Q20 and Q40 ("paragraph 3.1.2 of the Rules ... approved by Resolution No.
        # 131"); Q41/Q42 name the Rules without the Resolution.
        ("Resolution No. 131", {6, 20, 40}),
        # Q8 only: "Article 578 of the Code of Administrative Offences" and "Articles 578.1 and
        # 578.2" of it.
        ("Article 578 of the Code of Administrative Offences", {8}),
        # Q7 only: "Article 16 of the Code" after "Labor Code ... (hereinafter – the Code)".
        # Q2 cites Article 16 of the anti-trafficking Law.
        ("Article 16 of the Labour Code", {7}),
        ('Article 16 of the Law "On Combating Human Trafficking"', {2}),
        ("Art. 50.2", {26}),
        ("Migration Code 64", {6, 7, 9, 26}),
    ],
)
def test_questions_citing_a_provision(
    seed: dict[int, list[Provision]], query: str, expected: set[int]
) -> None:
    assert questions_citing(seed, query) == expected


def test_every_seed_quote_contains_its_citation(seed: dict[int, list[Provision]]) -> None:
    for found in seed.values():
        for p in found:
            number = (p.article or "").split(".")[0]
            assert number in p.quote, p
            assert p.quote == p.quote.strip() and "\n" not in p.quote, p


def test_extraction_is_fast_and_pure_python() -> None:
    answers = split_answers(SEED.read_text(encoding="utf-8"))
    start = time.perf_counter()
    for paragraphs in answers.values():
        extract_provisions(paragraphs)
    assert time.perf_counter() - start < 1.0
    probe = (
        "import sys, greta_search.provisions; "
        "print(sorted(m for m in ('numpy', 'torch', 'faiss', 'sentence_transformers') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

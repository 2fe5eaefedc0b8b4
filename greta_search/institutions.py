"""One vocabulary of the nouns that name an institution, for every module that reads bodies:
the question's type (`answer_types`: "which inspectorate ..." asks a body), the verb a "which
body / who" question asks the doer of (`span_roles`), a body written in lower case and named
by its place (`body_fit`: "the labour court of Brelnitsa") and an organisation named with no
institution word of its own (`org_names`: "the NGO La Strada", "Caritas, a charity").

Each noun is a regular expression of its singular and plural. The tiers say where a noun
names an institution: `STRONG` ones wherever they head a phrase ("which Bordurian court"),
`BARE` ones only right after "which" ("which service", but "what support services" asks a
list), `VAGUE` ones only in a question's wording ("which actors coordinate ...")."""

from __future__ import annotations

STRONG = (
    "bod(?:y|ies)", "authorit(?:y|ies)", "agenc(?:y|ies)", "ministr(?:y|ies)", "courts?",
    "tribunals?", "inspections?", "inspectorates?", "offices?", "boards?", "commissions?",
    "councils?", "committees?", "directorates?", "police", "ombuds(?:man|men|person)",
)
BARE = ("institutions?", "organi[sz]ations?", "services?", "departments?", "units?", "ngos?",
        "entit(?:y|ies)", "cent(?:er|re)s?")
VAGUE = ("structures?", "actors?", "partners?", "stakeholders?")
# Nouns that also name an act, a thing or a kind ("the organisation of the Conference",
# "the body of a victim", "an entity of the Federation"): no lower-case body by its place.
NOT_BY_PLACE = frozenset({"bod(?:y|ies)", "organi[sz]ations?", "institutions?", "ngos?",
                          "entit(?:y|ies)"})

# "which labour inspectorate": a noun naming an institution even when qualified.
INSTITUTION = "(?:" + "|".join(STRONG) + ")"
# "which service": a noun naming an institution right after "which" only.
INSTITUTION_BARE = "(?:" + "|".join(BARE + (r"state\s+bod(?:y|ies)",)) + ")"
# Any noun a "which ... / who" question may ask the doer with ("Which board funds ...?").
BODY_WORDS = "|".join(STRONG + BARE + VAGUE)
# The head of a body written in lower case and named by its place ("the municipal inspection
# of Tarzov", "the district courts of Brelnitsa"): singular but for courts ("information
# boards in Azerbaijani", "the local authorities of the Republic" are none).
LOWER_HEADS = "|".join(
    n if n == "courts?" else n.replace("(?:y|ies)", "y").replace(
        "(?:man|men|person)", "(?:man|person)").removesuffix("s?")
    for n in STRONG + BARE if n not in NOT_BY_PLACE)

# Words that introduce or describe an organisation by its kind: "the NGO La Strada",
# "Caritas, a charity", "Open Door (a non-governmental organisation)".
ORGANISATION_KINDS = (
    r"NGOs?|non-governmental\s+organi[sz]ations?|non-profit\s+organi[sz]ations?"
    r"|civil\s+society\s+organi[sz]ations?|international\s+organi[sz]ations?"
    r"|organi[sz]ations?|(?:public\s+|charitable\s+)?associations?|foundations?|charit(?:y|ies)"
    r"|networks?|trade\s+unions?|unions?"
)

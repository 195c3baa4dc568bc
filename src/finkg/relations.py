"""Stakes and people's roles to triples: FIBO entity ownerships and W3C ORG memberships.

A stake becomes an ``fkg:Stake`` (a FIBO ``EntityOwnership``) between two nodes, each company an
``fkg:Company`` named by its canonical name (``skos:prefLabel``) and its other surface forms
(``skos:altLabel``), a person a ``schema:Person``. A person's role becomes an ``org:Membership``
with an ``org:Role``. Every IRI comes from names and dates, so the same facts give the same graph.

>>> from datetime import date
>>> from decimal import Decimal
>>> from finkg.loaders.entities import Stake
>>> from finkg.loaders.facts import SourceSpan
>>> stake = Stake("Acme Inc.", "Beta Tools", Decimal("60"), "ConsolidatedSubsidiary",
...               date(2024, 3, 31), SourceSpan("a.txt", 3, "Beta Tools, a 60% subsidiary"))
>>> print(stake_iri(stake))
https://w3id.org/finkg/id/stake/acme/beta-tools/consolidated-subsidiary/2024-03-31
>>> graph = relation_triples([stake], [], issuer="Acme Inc.")
>>> sorted(str(label) for label in graph.objects(company_iri("Acme Inc."), SKOS.altLabel))
['Acme Inc.']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from finkg.graph import company_iri, document_iri, slug, span_iri
from finkg.loaders.entities import PersonRole, Stake, StakeKind
from finkg.loaders.facts import SourceSpan
from finkg.loaders.names import canonical_company_name
from finkg.vocab import DATA, FIBO_LEI, FIBO_OPTY, FKG, ORG, SCHEMA

__all__ = [
    "membership_iri",
    "person_iri",
    "relation_triples",
    "role_iri",
    "stake_iri",
]

_KIND_SLUG: dict[StakeKind, str] = {
    "ConsolidatedSubsidiary": "consolidated-subsidiary",
    "EquityMethodInvestee": "equity-method-investee",
    "Affiliate": "affiliate",
    "Shareholding": "shareholding",
}


def person_iri(name: str) -> URIRef:
    """The IRI of a person, from their name.

    >>> print(person_iri("Jane Doe"))
    https://w3id.org/finkg/id/person/jane-doe
    """
    return DATA[f"person/{slug(name)}"]


def role_iri(role: str) -> URIRef:
    """The IRI of a role, from its name.

    >>> print(role_iri("President and CEO"))
    https://w3id.org/finkg/id/role/president-and-ceo
    """
    return DATA[f"role/{slug(role)}"]


def _key(iri: URIRef) -> str:
    return str(iri).removeprefix(str(DATA)).split("/", 1)[1]


def _owner_iri(stake: Stake) -> URIRef:
    return person_iri(stake.owner) if stake.owner_is_person else company_iri(stake.owner)


def stake_iri(stake: Stake) -> URIRef:
    """The IRI of a stake: owner, owned company, kind and date (``undated`` without one)."""
    day = stake.as_of.isoformat() if stake.as_of else "undated"
    owner, owned = _key(_owner_iri(stake)), _key(company_iri(stake.owned))
    return DATA[f"stake/{owner}/{owned}/{_KIND_SLUG[stake.kind]}/{day}"]


def membership_iri(role: PersonRole) -> URIRef:
    """The IRI of a person's membership in an organisation in one role.

    >>> from finkg.loaders.facts import SourceSpan
    >>> print(membership_iri(PersonRole("Jane Doe", "CFO", "Acme Inc.", SourceSpan("a", 1, "x"))))
    https://w3id.org/finkg/id/membership/jane-doe/acme/cfo
    """
    person, organization = _key(person_iri(role.person)), _key(company_iri(role.organization))
    return DATA[f"membership/{person}/{organization}/{slug(role.role)}"]


class _Writer:
    def __init__(self) -> None:
        self.graph = Graph()
        self.names: dict[URIRef, list[str]] = {}

    def company(self, name: str, aliases: Iterable[str] = ()) -> URIRef:
        node = company_iri(name)
        forms = self.names.setdefault(node, [])
        for form in (name, *aliases):
            if form not in forms:
                forms.append(form)
        return node

    def person(self, name: str) -> URIRef:
        node = person_iri(name)
        self.graph.add((node, RDF.type, SCHEMA.Person))
        self.graph.add((node, SKOS.prefLabel, Literal(name)))
        return node

    def span(self, span: SourceSpan) -> URIRef:
        node = span_iri(span)
        self.graph.add((node, RDF.type, FKG.SourceSpan))
        self.graph.add((node, FKG.inDocument, document_iri(span.document)))
        self.graph.add((node, FKG.lineNumber, Literal(span.line, datatype=XSD.integer)))
        self.graph.add((node, FKG.verbatimText, Literal(span.text)))
        return node

    def stake(self, stake: Stake, percents: dict[URIRef, Literal]) -> None:
        if stake.owner_is_person:
            owner = self.person(stake.owner)
        else:
            owner = self.company(stake.owner, stake.owner_aliases)
        owned = self.company(stake.owned, stake.owned_aliases)
        node = stake_iri(stake)
        percent = (
            Literal(stake.percent, datatype=XSD.decimal) if stake.percent is not None else None
        )
        ordinal = 1
        while node in percents and percents[node] != percent:
            ordinal += 1  # the same stake stated with another percentage: keep both
            node = URIRef(f"{stake_iri(stake)}/{ordinal}")
        if percent is not None:
            percents[node] = percent
        add = self.graph.add
        add((node, RDF.type, FKG.Stake))
        add((node, FIBO_OPTY.hasOwningEntity, owner))
        add((node, FIBO_OPTY.hasOwnedEntity, owned))
        if percent is not None:
            add((node, FIBO_LEI.hasOwnershipPercentage, percent))
        add((node, FKG.stakeKind, FKG[stake.kind]))
        if stake.as_of is not None:
            add((node, FKG.asOfDate, Literal(stake.as_of, datatype=XSD.date)))
        add((node, PROV.wasDerivedFrom, self.span(stake.source)))
        if stake.business:
            add((owned, SCHEMA.description, Literal(stake.business)))

    def membership(self, role: PersonRole) -> None:
        node = membership_iri(role)
        role_node = role_iri(role.role)
        add = self.graph.add
        add((node, RDF.type, ORG.Membership))
        add((node, ORG.member, self.person(role.person)))
        add((node, ORG.organization, self.company(role.organization)))
        add((node, ORG.role, role_node))
        add((node, PROV.wasDerivedFrom, self.span(role.source)))
        add((role_node, RDF.type, ORG.Role))
        add((role_node, RDFS.label, Literal(role.role)))

    def company_labels(self) -> None:
        for node, forms in self.names.items():
            preferred = canonical_company_name(forms[0])
            self.graph.add((node, RDF.type, FKG.Company))
            self.graph.add((node, SKOS.prefLabel, Literal(preferred)))
            for form in forms:
                for label in (form, canonical_company_name(form)):
                    if label != preferred:
                        self.graph.add((node, SKOS.altLabel, Literal(label)))


def relation_triples(
    stakes: Sequence[Stake],
    people: Sequence[PersonRole],
    *,
    issuer: str | None,
    document_hashes: Mapping[str, str] | None = None,
) -> Graph:
    """Build the triples of a document's stakes and people's roles.

    Args:
        stakes: stakes from :func:`finkg.loaders.entities.read_relations`.
        people: people's roles from the same.
        issuer: the issuer's full name (None when unknown); its node is named first, so that
            its preferred label is its canonical name whatever form the stakes use.
        document_hashes: file name -> SHA-256 of the source documents. When given, each
            document a span is in gets its ``fkg:Document`` node (file name and digest), and the
            graph conforms to the shapes on its own; without it the spans point at documents
            that :func:`finkg.graph.document_graph` describes.

    >>> from finkg.loaders.facts import SourceSpan
    >>> role = PersonRole("Jane Doe", "CFO", "Acme Inc.", SourceSpan("a.txt", 9, "said Jane Doe"))
    >>> graph = relation_triples([], [role], issuer="Acme Inc.")
    >>> print(graph.value(membership_iri(role), ORG.role))
    https://w3id.org/finkg/id/role/cfo
    """
    writer = _Writer()
    if issuer and (stakes or people):
        writer.company(issuer)
    percents: dict[URIRef, Literal] = {}
    for stake in stakes:
        writer.stake(stake, percents)
    for role in people:
        writer.membership(role)
    writer.company_labels()
    for file_name, digest in sorted((document_hashes or {}).items()):
        node = document_iri(file_name)
        if (None, FKG.inDocument, node) in writer.graph:
            writer.graph.add((node, RDF.type, FKG.Document))
            writer.graph.add((node, FKG.fileName, Literal(file_name)))
            writer.graph.add((node, FKG.sha256, Literal(digest)))
    return writer.graph

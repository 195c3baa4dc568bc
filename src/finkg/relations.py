"""Who is who to triples: stakes, roles, services, customers, ties, events and contact points.

A stake becomes an ``fkg:Stake`` (a FIBO ``EntityOwnership``) between two nodes, each company an
``fkg:Company`` named by its canonical name (``skos:prefLabel``) and its other surface forms
(``skos:altLabel``), a person a ``schema:Person``. A person's role becomes an ``org:Membership``
with an ``org:Role``. Services are ``schema:Service``, customers ``fkg:CustomerRelationship``
(one per document), ties ``fkg:Partnership`` and events ``fkg:Event`` with their kind concepts
(``dcterms:type``). Company names go through the document's entity resolution
(:func:`finkg.loaders.resolution.resolve_names`). Every IRI comes from names and dates, so the
same facts give the same graph.

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

import re
from collections.abc import Iterable, Mapping, Sequence

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, TIME

from finkg.graph import company_iri, document_iri, period_iri, segment_iri, slug, span_iri
from finkg.loaders.business import (
    BusinessFacts,
    CorporateEvent,
    CustomerTie,
    ServiceFact,
    Tie,
    When,
)
from finkg.loaders.cues import kind_labels
from finkg.loaders.entities import PersonRole, Stake, StakeKind
from finkg.loaders.facts import DocumentFacts, SourceSpan
from finkg.loaders.names import canonical_company_name
from finkg.loaders.periods import FiscalCalendar, Period
from finkg.loaders.profile import ContactItem
from finkg.vocab import DATA, FIBO_LEI, FIBO_OPTY, FKG, KIND, ORG, SCHEMA

__all__ = [
    "contact_point_iri",
    "customer_iri",
    "document_relation_triples",
    "event_iri",
    "membership_iri",
    "partnership_iri",
    "person_iri",
    "relation_triples",
    "role_iri",
    "service_iri",
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


def service_iri(provider: str, name: str) -> URIRef:
    """The IRI of a service, under its provider.

    >>> print(service_iri("Acme Inc.", "Acme Cloud"))
    https://w3id.org/finkg/id/service/acme/acme-cloud
    """
    return DATA[f"service/{_key(company_iri(provider))}/{slug(name)}"]


def customer_iri(supplier: str, customer: str, document: str) -> URIRef:
    """The IRI of a customer relationship as one document states it: supplier, customer, document.

    Like an observation, the statement is one node per document: two documents that name the
    same customer for different periods or business lines do not mix.

    >>> print(customer_iri("Acme Inc.", "Bolt Bank Ltd.", "q2.txt"))
    https://w3id.org/finkg/id/customer/acme/bolt-bank/q2.txt
    """
    supplier_key, customer_key = _key(company_iri(supplier)), _key(company_iri(customer))
    return DATA[f"customer/{supplier_key}/{customer_key}/{slug(document)}"]


def partnership_iri(partners: Iterable[str], kind: str) -> URIRef:
    """The IRI of a tie: its partners in key order and its kind.

    >>> print(partnership_iri(["Orca Corp.", "Acme Inc."], "JointVenture"))
    https://w3id.org/finkg/id/partnership/acme/orca/joint-venture
    """
    keys = sorted({_key(company_iri(partner)) for partner in partners})
    return DATA[f"partnership/{'/'.join(keys)}/{slug(re.sub(r'(?<!^)(?=[A-Z])', ' ', kind))}"]


def event_iri(kind: str, involved: Iterable[URIRef], when: When | None) -> URIRef:
    """The IRI of an event: its kind, who takes part (in key order) and its date.

    >>> from datetime import date
    >>> print(event_iri("StockSplit", [company_iri("Acme Inc.")], When(date(2024, 5, 1), "day")))
    https://w3id.org/finkg/id/event/stock-split/acme/2024-05-01
    """
    keys = sorted({_key(node).replace("/", "-") for node in involved})
    day = when.iso() if when else "undated"
    kind_slug = slug(re.sub(r"(?<!^)(?=[A-Z])", " ", kind))
    return DATA[f"event/{kind_slug}/{'+'.join(keys)}/{day}"]


def _when_literal(when: When) -> Literal:
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[when.precision]
    return Literal(when.iso(), datatype=datatype)


class _Writer:
    def __init__(self, names: Mapping[str, str] | None = None) -> None:
        self.graph = Graph()
        self.names: dict[URIRef, list[str]] = {}
        self.resolved: Mapping[str, str] = names or {}

    def company(self, name: str, aliases: Iterable[str] = ()) -> URIRef:
        canonical = self.resolved.get(name, name)
        node = company_iri(canonical)
        forms = self.names.setdefault(node, [])
        others = sorted(f for f, c in self.resolved.items() if c == canonical and f != canonical)
        for form in (canonical, name, *aliases, *others):
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

    def period(self, period: Period, calendar: FiscalCalendar | None) -> URIRef:
        node = period_iri(period, calendar)
        add = self.graph.add
        if period.is_instant or period.start is None:
            return node
        kinds = {"year": FKG.FiscalYear, "half": FKG.FiscalHalf, "quarter": FKG.FiscalQuarter}
        add((node, RDF.type, kinds.get(period.kind, FKG.ReportingPeriod)))
        add((node, FKG.fiscalLabel, Literal(period.label)))
        if period.fiscal_year is not None and period.kind in kinds:
            add((node, FKG.fiscalYear, Literal(period.fiscal_year, datatype=XSD.integer)))
        for predicate, day in ((TIME.hasBeginning, period.start), (TIME.hasEnd, period.end)):
            instant = DATA[f"instant/{day.isoformat()}"]
            add((node, predicate, instant))
            add((instant, RDF.type, TIME.Instant))
            add((instant, TIME.inXSDDate, Literal(day, datatype=XSD.date)))
        return node

    def segment(self, company: URIRef, label: str) -> URIRef:
        node = segment_iri(company, label)
        self.graph.add((node, RDF.type, FKG.BusinessSegment))
        if (node, SKOS.prefLabel, None) not in self.graph:
            self.graph.add((node, SKOS.prefLabel, Literal(label)))
        self.graph.add((node, FKG.segmentOf, company))
        return node

    def service(self, service: ServiceFact) -> URIRef:
        provider = self.company(service.provider)
        node = service_iri(self.resolved.get(service.provider, service.provider), service.name)
        add = self.graph.add
        add((node, RDF.type, SCHEMA.Service))
        if (node, SKOS.prefLabel, None) not in self.graph:
            add((node, SKOS.prefLabel, Literal(service.name)))
        add((node, SCHEMA.provider, provider))
        for label in service.segments:
            add((node, FKG.revenueRecognizedIn, self.segment(provider, label)))
        if service.launched is not None and (node, FKG.launchDate, None) not in self.graph:
            add((node, FKG.launchDate, _when_literal(service.launched)))
        add((node, PROV.wasDerivedFrom, self.span(service.source)))
        return node

    def customer(self, tie: CustomerTie, calendar: FiscalCalendar | None) -> None:
        supplier = self.company(tie.supplier)
        customer = self.company(tie.customer)
        if supplier == customer:
            return
        node = customer_iri(
            self.resolved.get(tie.supplier, tie.supplier),
            self.resolved.get(tie.customer, tie.customer),
            tie.source.document,
        )
        add = self.graph.add
        add((node, RDF.type, FKG.CustomerRelationship))
        add((node, FKG.supplier, supplier))
        add((node, FKG.customer, customer))
        if tie.business_line and tie.line_is_service:
            provider = self.resolved.get(tie.supplier, tie.supplier)
            add((node, FKG.businessLine, service_iri(provider, tie.business_line)))
        elif tie.business_line:
            add((node, FKG.businessLine, self.segment(supplier, tie.business_line)))
        if tie.industry:
            add((node, FKG.industry, Literal(tie.industry)))
        if tie.period is not None:
            add((node, FKG.duringPeriod, self.period(tie.period, calendar)))
        add((node, PROV.wasDerivedFrom, self.span(tie.source)))

    def tie(self, tie: Tie) -> None:
        partners = [self.company(partner) for partner in tie.partners]
        node = partnership_iri([self.resolved.get(p, p) for p in tie.partners], tie.kind)
        add = self.graph.add
        add((node, RDF.type, FKG.Partnership))
        for partner in partners:
            add((node, FKG.partner, partner))
        add((node, FKG.tieKind, Literal(tie.label)))
        add((node, DCTERMS.type, KIND[tie.kind]))
        add((node, PROV.wasDerivedFrom, self.span(tie.source)))

    def events(self, events: Sequence[CorporateEvent], launches: Sequence[ServiceFact]) -> None:
        """Events, one node for those of one kind and parties whose dates agree."""
        found: list[tuple[str, str, frozenset[URIRef], When | None, list[SourceSpan]]] = []
        items = [(e.kind, e.label, [self.company(p) for p in e.involves], e.when, e.source)
                 for e in events]  # fmt: skip
        labels = kind_labels()
        for service in launches:
            if service.launched is not None:
                involved = [self.company(service.provider), self.service(service)]
                items.append(("Launch", labels["Launch"], involved, service.launched,
                              service.source))  # fmt: skip
        for kind, label, involved, when, source in items:
            parties = frozenset(involved)
            for index, (k, _, p, w, sources) in enumerate(found):
                if k != kind or p != parties:
                    continue
                if w is None or when is None or w.refines(when) or when.refines(w):
                    best = w if w is not None and (when is None or w.refines(when)) else when
                    found[index] = (k, label, p, best, [*sources, source])
                    break
            else:
                found.append((kind, label, parties, when, [source]))
        add = self.graph.add
        for kind, label, parties, when, sources in found:
            node = event_iri(kind, parties, when)
            add((node, RDF.type, FKG.Event))
            add((node, FKG.eventKind, Literal(label)))
            add((node, DCTERMS.type, KIND[kind]))
            if when is not None:
                add((node, DCTERMS.date, _when_literal(when)))
            for party in sorted(parties):
                add((node, FKG.involves, party))
            for source in sources:
                add((node, PROV.wasDerivedFrom, self.span(source)))

    def business(self, business: BusinessFacts, calendar: FiscalCalendar | None) -> None:
        for service in business.services:
            self.service(service)
        for customer in business.customers:
            self.customer(customer, calendar)
        for tie in business.ties:
            self.tie(tie)
        self.events(business.events, business.services)

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
    names: Mapping[str, str] | None = None,
    business: BusinessFacts | None = None,
    calendar: FiscalCalendar | None = None,
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
        names: every company name -> the name of the company it means
            (:func:`finkg.loaders.resolution.resolve_names`); a name not in it means itself.
        business: customers, services, ties and events (:mod:`finkg.loaders.business`).
        calendar: the issuer's fiscal calendar, for the periods of customer relationships.

    >>> from finkg.loaders.facts import SourceSpan
    >>> role = PersonRole("Jane Doe", "CFO", "Acme Inc.", SourceSpan("a.txt", 9, "said Jane Doe"))
    >>> graph = relation_triples([], [role], issuer="Acme Inc.")
    >>> print(graph.value(membership_iri(role), ORG.role))
    https://w3id.org/finkg/id/role/cfo
    """
    writer = _Writer(names)
    has_business = business is not None and any(
        (business.customers, business.services, business.ties, business.events)
    )
    if issuer and (stakes or people or has_business):
        writer.company(issuer)
    percents: dict[URIRef, Literal] = {}
    for stake in stakes:
        writer.stake(stake, percents)
    for role in people:
        writer.membership(role)
    if business is not None:
        writer.business(business, calendar)
    writer.company_labels()
    for file_name, digest in sorted((document_hashes or {}).items()):
        node = document_iri(file_name)
        if (None, FKG.inDocument, node) in writer.graph:
            writer.graph.add((node, RDF.type, FKG.Document))
            writer.graph.add((node, FKG.fileName, Literal(file_name)))
            writer.graph.add((node, FKG.sha256, Literal(digest)))
    return writer.graph


def contact_point_iri(company: str, document: str) -> URIRef:
    """The IRI of the contact details a document gives for a company.

    >>> print(contact_point_iri("Acme Inc.", "q2.txt"))
    https://w3id.org/finkg/id/contact/acme/q2.txt
    """
    return DATA[f"contact/{_key(company_iri(company))}/{slug(document)}"]


_CONTACT_PREDICATES = {
    "url": SCHEMA.url,
    "email": SCHEMA.email,
    "telephone": SCHEMA.telephone,
    "address": SCHEMA.address,
}


def _contact_triples(graph: Graph, issuer: str, items: Sequence[ContactItem]) -> None:
    """The issuer's contact point: a ``schema:ContactPoint`` per document, with its sources."""
    if not items:
        return
    node = contact_point_iri(issuer, items[0].source.document)
    graph.add((company_iri(issuer), SCHEMA.contactPoint, node))
    graph.add((node, RDF.type, SCHEMA.ContactPoint))
    for item in items:
        datatype = XSD.anyURI if item.kind == "url" else None
        graph.add((node, _CONTACT_PREDICATES[item.kind], Literal(item.value, datatype=datatype)))
        span = span_iri(item.source)
        graph.add((node, PROV.wasDerivedFrom, span))
        graph.add((span, RDF.type, FKG.SourceSpan))
        graph.add((span, FKG.inDocument, document_iri(item.source.document)))
        graph.add((span, FKG.lineNumber, Literal(item.source.line, datatype=XSD.integer)))
        graph.add((span, FKG.verbatimText, Literal(item.source.text)))


def document_relation_triples(facts: DocumentFacts, *, with_document: bool = False) -> Graph:
    """Build the triples of everything a document says about who is who (its relations).

    Stakes, people's roles, customers, services, ties and events, with company names resolved
    by the document's :attr:`~finkg.loaders.facts.DocumentFacts.company_names`.

    Args:
        facts: one document's facts (:func:`finkg.loaders.document.read_document`).
        with_document: also describe the document node (file name and digest), so that the
            graph conforms to the shapes on its own.

    >>> from finkg.loaders.facts import DocumentInfo
    >>> len(document_relation_triples(DocumentFacts(DocumentInfo("a.txt", "0" * 64))))
    0
    """
    info = facts.info
    graph = relation_triples(
        facts.stakes,
        facts.people,
        issuer=info.issuer,
        names=facts.company_names,
        business=facts.business,
        calendar=info.calendar,
    )
    if info.issuer and facts.contact:
        _contact_triples(graph, info.issuer, facts.contact)
        if (company_iri(info.issuer), SKOS.prefLabel, None) not in graph:
            graph.add((company_iri(info.issuer), RDF.type, FKG.Company))
            label = canonical_company_name(info.issuer)
            graph.add((company_iri(info.issuer), SKOS.prefLabel, Literal(label)))
    if with_document:
        node = document_iri(info.file_name)
        if (None, FKG.inDocument, node) in graph:
            graph.add((node, RDF.type, FKG.Document))
            graph.add((node, FKG.fileName, Literal(info.file_name)))
            graph.add((node, FKG.sha256, Literal(info.sha256)))
    return graph

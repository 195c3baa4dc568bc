"""Company names: the legal-form suffix dropped, so that forms of one name meet.

>>> canonical_company_name("Harbour Mills Corporation")
'Harbour Mills'
>>> canonical_company_name("Kestrel Data Holding Co., Ltd.")
'Kestrel Data Holding'
"""

from __future__ import annotations

import re

__all__ = ["LEGAL_SUFFIX", "canonical_company_name"]

LEGAL_SUFFIX = re.compile(
    r"[,\s]+(?:inc|incorporated|corporation|corp|co|company|ltd|limited|k\.?k|plc|llc|ag|sa|"
    r"s\.a|gmbh|nv|n\.v|se)\.?$",
    re.IGNORECASE,
)
"""A legal-form word at the end of a company name."""


def canonical_company_name(name: str) -> str:
    """Drop legal-form suffixes (repeatedly: "Co., Ltd.") and surrounding space."""
    previous = None
    name = " ".join(name.split())
    while previous != name:
        previous = name
        name = LEGAL_SUFFIX.sub("", name).strip(" ,")
    return name

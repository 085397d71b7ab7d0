"""The door of `issuing` (issue 18): what other apps may call. Everything else in this app is private to it;
`tests/test_import_order.py` refuses an import from another app that goes around this module.
Each function here is typed and says in its docstring what it promises.

An app that drafts an outgoing document (inspections' notices and records, awards' decisions,
evaluations' summaries) builds its `trienkhai.lib.content.Content` on the shared kit (`acting_unit`,
`default_issuer_code`, `base_content`, `section`, `numbered`, `default_signer`/`Signer`), hands it to
`create_draft`, and lets issuing number, render and register it (`issue_document`, which raises
`IssueRefused` and writes nothing when something is missing). Its pages check `can_issue` /
`require_issuer` before offering or making a draft.
"""

from __future__ import annotations

from .access import can_issue as can_issue
from .access import require_issuer as require_issuer
from .kit import acting_unit as acting_unit
from .kit import base_content as base_content
from .kit import default_issuer_code as default_issuer_code
from .kit import numbered as numbered
from .kit import section as section
from .signers import Signer as Signer
from .signers import default_signer as default_signer
from .workflow import IssueRefused as IssueRefused
from .workflow import create_draft as create_draft
from .workflow import issue_document as issue_document

__all__ = [
    "IssueRefused",
    "Signer",
    "acting_unit",
    "base_content",
    "can_issue",
    "create_draft",
    "default_issuer_code",
    "default_signer",
    "issue_document",
    "numbered",
    "require_issuer",
    "section",
]

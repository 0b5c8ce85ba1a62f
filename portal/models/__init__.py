"""Database models (SQLAlchemy 2.x typed mappings), one module per area. The database is the source of truth."""
from .penalties import (
    PARTY_TYPES,
    PENALTY_CATEGORIES,
    PENALTY_STATUSES,
    PUBLIC_STATUSES,
    WITHDRAWAL_EVENTS,
    CreditBatch,
    CreditChange,
    Penalty,
    PenaltyChange,
    PenaltyVersion,
)
from .powers import (
    BASIS_QUALITIES,
    BASIS_ROLES,
    CATEGORIES,
    STATUSES,
    Article,
    Law,
    LegalBasis,
    PowerItem,
    PowerVersion,
    Synonym,
)
from .staff import (
    REVIEW_CHECKS,
    REVIEW_LEVEL_NAMES,
    REVIEW_LEVELS,
    REVIEW_STAGES,
    ROLES,
    Attachment,
    AuditEvent,
    AuditHead,
    LoginAttempt,
    Review,
    User,
)

__all__ = [
    "BASIS_QUALITIES", "BASIS_ROLES", "CATEGORIES", "PARTY_TYPES", "PENALTY_CATEGORIES", "PENALTY_STATUSES",
    "PUBLIC_STATUSES", "STATUSES", "WITHDRAWAL_EVENTS", "Article", "CreditBatch", "CreditChange", "Law",
    "LegalBasis", "Penalty", "PenaltyChange", "PenaltyVersion", "PowerItem", "PowerVersion", "Synonym",
    "REVIEW_CHECKS", "REVIEW_LEVEL_NAMES", "REVIEW_LEVELS", "REVIEW_STAGES", "ROLES", "Attachment", "AuditEvent", "AuditHead", "LoginAttempt", "Review",
    "User",
]

"""Moved to `ucj.dates` (the content stamps dates too); kept for the modules that still import it here."""

from ucj.dates import FALLBACK_EPOCH, source_date, source_epoch

__all__ = ["FALLBACK_EPOCH", "source_date", "source_epoch"]

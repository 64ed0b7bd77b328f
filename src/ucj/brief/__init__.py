"""Regency briefs: data context, words and formats, display objects, charts and sections."""

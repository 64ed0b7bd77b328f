# %% [markdown]
# # Meeting view
#
# The report notebook behind `reports/meetings/<codes>.pdf`: several regencies side by side for a
# monitoring-and-evaluation (monev) meeting, e.g. Kota Padangsidimpuan with Tapanuli Selatan and
# Padang Lawas Utara. Run it with `.venv/bin/python -m ucj.cli meeting 12.77,12.03,12.20`. All logic
# lives in `ucj.brief.meeting`.

# %% tags=["parameters"]
regency_codes: str = "12.77,12.03,12.20"  # Kemendagri codes PP.RR, comma-separated
since: str = ""  # the previous meeting (YYYY-MM); empty: 1 January of last year
lang: str = "id"  # "id" (Bahasa Indonesia) or "en"

# %% tags=["remove-output"]
from ucj.brief import charts, meeting

charts.apply_style()

# %%
meeting.meeting(meeting.parse_codes(regency_codes), lang, since)

# %% [markdown]
# # Province summary
#
# The report notebook behind `reports/summaries/provinces/<PP>-<slug>.pdf`
# (`make reports` runs it with papermill once per province and renders its
# outputs to PDF; code and these Markdown cells are not printed). Change the
# parameters below to preview any province in JupyterLab. All logic lives in
# `ucj.summary`; it shows only this province's rows. Each call below is one
# section; the sections under one heading share a cell (every cell is a round
# trip to the kernel).

# %% tags=["parameters"]
province_code: str = "12"  # Kemendagri 2025 province code 'PP' (default: Sumatera Utara)
lang: str = "id"  # "id" (Bahasa Indonesia) or "en"

# %% tags=["remove-output"]
from ucj.brief import charts
from ucj.summary import data, sections

charts.apply_style()
ctx = data.load(province_code, lang)

# %% [markdown]
# ## Header, headline figures and caveats

# %%
sections.page_setup(ctx)
sections.header(ctx)
sections.headline_tiles(ctx)
sections.caveats(ctx)

# %% [markdown]
# ## Map of the province's regencies

# %%
sections.maps(ctx)

# %% [markdown]
# ## Regencies

# %%
sections.regency_table(ctx)
sections.baseline_sources(ctx)

# %% [markdown]
# ## Universal-coverage years and budget per scenario

# %%
sections.uc_years(ctx)
sections.budget(ctx)
sections.effort_ranking(ctx)

# %% [markdown]
# ## Data notes

# %%
sections.data_notes(ctx)

# %% [markdown]
# # National summary
#
# The report notebook behind `reports/summaries/national.pdf` (`make reports`
# runs it with papermill and renders its outputs to PDF; code and these Markdown
# cells are not printed). All logic lives in `ucj.summary`; each call below is
# one section of the summary, the sections under one heading share a cell (every
# cell is a round trip to the kernel).

# %% tags=["parameters"]
lang: str = "id"  # "id" (Bahasa Indonesia) or "en"

# %% tags=["remove-output"]
from ucj.brief import charts
from ucj.summary import data, sections

charts.apply_style()
ctx = data.load(None, lang)

# %% [markdown]
# ## Header, headline figures and caveats

# %%
sections.page_setup(ctx)
sections.header(ctx)
sections.headline_tiles(ctx)
sections.caveats(ctx)

# %% [markdown]
# ## Maps of all regencies

# %%
sections.maps(ctx)
sections.baseline_sources(ctx)

# %% [markdown]
# ## Universal-coverage years and budget per scenario

# %%
sections.uc_years(ctx)
sections.budget(ctx)
sections.effort_ranking(ctx)

# %% [markdown]
# ## Provinces

# %%
sections.province_table(ctx)
sections.province_uc_table(ctx)

# %% [markdown]
# ## Data notes

# %%
sections.data_as_of(ctx)
sections.data_notes(ctx)

# %% [markdown]
# # Regency brief
#
# The report notebook behind every regency PDF (`make reports` runs it with
# papermill once per regency and renders its outputs to PDF; code and these
# Markdown cells are not printed). Change the parameters below to preview any
# regency in JupyterLab. All logic lives in `ucj.brief`; each call below is one
# section of the brief. Sections share a cell under their heading (each cell is a
# round trip to the kernel: about 10 ms of a brief's 0.3 s); the two whose outputs
# nbval pins (tagged `nbval-check-output`) keep a cell of their own.

# %% tags=["parameters"]
regency_code: str = "12.14"  # Kemendagri 2025 code 'PP.RR' as text (papermill: -r regency_code 12.14)
lang: str = "id"  # "id" (Bahasa Indonesia) or "en"

# %% tags=["remove-output"]
from ucj.brief import charts, context, sections

charts.apply_style()
ctx = context.load(regency_code, lang)

# %% [markdown]
# ## Header and headline figures

# %%
sections.page_setup(ctx)
sections.header(ctx)

# %% tags=["nbval-check-output"]
sections.headline_tiles(ctx)

# %%
sections.actions(ctx)
sections.caveats(ctx)
sections.published_figures(ctx)

# %% [markdown]
# ## Projection to the horizon, by scenario, and what it takes

# %%
sections.projection(ctx)
sections.what_it_takes(ctx)

# %% [markdown]
# ## Levers

# %% tags=["nbval-check-output"]
sections.levers(ctx)

# %% [markdown]
# ## Position in the province, profile and data notes

# %%
sections.position(ctx)
sections.profile_tiles(ctx)
sections.locator(ctx)
sections.data_notes(ctx)

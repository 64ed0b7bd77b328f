# %% [markdown]
# # Regency brief
#
# The report notebook behind every regency PDF (`make reports` runs it with
# papermill once per regency and renders its outputs to PDF; code and these
# Markdown cells are not printed). Change the parameters below to preview any
# regency in JupyterLab. All logic lives in `ucj.brief`.

# %% tags=["parameters"]
regency_code = "12.14"  # Kemendagri 2025 code 'PP.RR' (default: Kabupaten Nias Selatan)
lang = "id"  # "id" (Bahasa Indonesia) or "en"

# %% tags=["remove-output"]
from ucj.brief import charts, context, sections

charts.apply_style()
ctx = context.load(regency_code, lang)

# %% [markdown]
# ## Page setup and header

# %%
sections.page_setup(ctx)
sections.header(ctx)

# %% [markdown]
# ## Profile of the regency

# %%
sections.profile_tiles(ctx)

# %%
sections.locator(ctx)

# %% [markdown]
# ## Data notes

# %%
sections.data_notes(ctx)

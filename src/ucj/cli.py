"""Command line entry points used by the Makefile (`python -m ucj.cli STAGE`).

Each stage loads its inputs, computes, and writes its outputs atomically.
Stages owned by other modules are imported lazily so a stage only pays for
what it uses.
"""

from __future__ import annotations

import argparse
import sys
import time

from ucj.errors import InputError, InputErrors


def _master(args: argparse.Namespace) -> None:
    from ucj import geo, manifest, master
    manifest.verify()
    print(f"wrote {master.write_master()}")
    print(f"wrote {geo.build_boundaries()}")


def _manifest(args: argparse.Namespace) -> None:
    from ucj import manifest
    if args.update:
        manifest.update_checksums()
        print("manifest checksums updated")
    manifest.verify()
    print("data/raw matches its manifest")


def _informal(args: argparse.Namespace) -> None:
    from ucj.informal import pipeline
    print(f"wrote {pipeline.run()}")


def _project(args: argparse.Namespace) -> None:
    start = time.perf_counter()
    from ucj.projection import pipeline
    result = pipeline.build(full=args.full)
    for path in result.written:
        print(f"wrote {path}")
    print(result.summary(time.perf_counter() - start))


def _notebook(args: argparse.Namespace) -> None:
    from ucj import batch
    print(f"wrote {batch.run_analysis_notebook(args.name, parameters=dict(args.param or []))}")


def _reports(args: argparse.Namespace) -> None:
    from ucj import batch
    sys.exit(batch.main_reports(jobs=args.jobs, only=args.only, lang=args.lang, force=args.force))


def _render(args: argparse.Namespace) -> None:
    import nbformat
    from pathlib import Path
    from ucj import notebooks, render
    nb = nbformat.read(args.notebook, as_version=4)
    print(f"wrote {render.notebook_to_pdf(notebooks.normalise(nb), Path(args.pdf))}")


def _param(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    import yaml
    return key, yaml.safe_load(value)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="ucj", description=__doc__)
    sub = parser.add_subparsers(dest="stage", required=True)
    sub.add_parser("master", help="verify data/raw and build the regency master table").set_defaults(func=_master)
    p = sub.add_parser("manifest", help="verify data/raw against MANIFEST.csv")
    p.add_argument("--update", action="store_true", help="recompute checksums after a deliberate refresh")
    p.set_defaults(func=_manifest)
    sub.add_parser("informal", help="estimate the informal workforce").set_defaults(func=_informal)
    p = sub.add_parser("project", help="coverage baseline and scenario projections (incremental)")
    p.add_argument("--full", action="store_true",
                   help="recompute every regency (default: only those whose inputs changed)")
    p.set_defaults(func=_project)
    p = sub.add_parser("notebook", help="execute an analysis notebook with papermill")
    p.add_argument("name", help="notebook name under notebooks/, without extension")
    p.add_argument("-p", "--param", action="append", type=_param, help="key=value (YAML value)")
    p.set_defaults(func=_notebook)
    p = sub.add_parser("reports", help="render regency briefs and summaries")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--only", nargs="*", help="regency codes (PP.RR) to build; default all")
    p.add_argument("--lang", default="id", choices=["id", "en"])
    p.add_argument("--force", action="store_true", help="rebuild even if up to date")
    p.set_defaults(func=_reports)
    p = sub.add_parser("render", help="render an executed notebook to PDF (outputs only)")
    p.add_argument("notebook")
    p.add_argument("pdf")
    p.set_defaults(func=_render)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        args.func(args)
    except (InputError, InputErrors) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    print(f"[{args.stage}] done in {time.perf_counter() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()

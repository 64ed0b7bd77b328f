"""Command line entry points used by the Makefile (`python -m ucj.cli COMMAND`).

Each stage loads its inputs, computes, and writes its outputs atomically.
Stages owned by other modules are imported lazily so a stage only pays for
what it uses.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import NoReturn

from ucj.errors import InputError, InputErrors


def _data(args: argparse.Namespace) -> None:
    from ucj import stages

    ran = stages.run_stages(force=args.force)
    print(f"data: {', '.join(ran) if ran else 'every stage up to date'}", file=sys.stderr)


def _stage(args: argparse.Namespace) -> None:
    """Run one stage now (whether stale or not) and record its fingerprint."""
    from ucj import stages
    from ucj.io import write_text_atomic

    stage = stages.stage(args.stage)
    if args.stage == "project" and getattr(args, "full", False):
        from ucj.projection import pipeline

        start = time.perf_counter()
        result = pipeline.build(full=True)
        written = result.written
        print(result.summary(time.perf_counter() - start))
    else:
        written = stage.run()
    for path in written:
        print(f"wrote {path}")
    write_text_atomic(stage.state_path(), stage.fingerprint() + "\n")


def _manifest(args: argparse.Namespace) -> None:
    from ucj import manifest

    if args.update:
        manifest.update_checksums()
        print("manifest checksums updated")
    manifest.verify()
    print("data/raw matches its manifest")


def _notebook(args: argparse.Namespace) -> None:
    from ucj.reports import run

    print(f"wrote {run.run_analysis_notebook(args.name, parameters=dict(args.param or []))}")


def _reports(args: argparse.Namespace) -> None:
    from ucj.reports import run

    if args.only:  # "--only 12.14,13.03" and "--only 12.14 13.03" mean the same
        args.only = [code.strip() for item in args.only for code in item.split(",") if code.strip()]

    if args.dry_run:
        print(run.dry_run(only=args.only, lang=args.lang))
        return
    sys.exit(run.main_reports(jobs=args.jobs, only=args.only, lang=args.lang, force=args.force))


def _meeting(args: argparse.Namespace) -> None:
    from ucj.reports import run

    codes = list(dict.fromkeys(c.strip() for c in args.codes.split(",") if c.strip()))
    print(f"wrote {run.run_meeting(codes, lang=args.lang, since=args.since)}")


def _render(args: argparse.Namespace) -> None:
    from pathlib import Path

    import nbformat

    from ucj.reports import execute as notebooks
    from ucj.reports import render

    nb = nbformat.read(args.notebook, as_version=4)
    print(f"wrote {render.notebook_to_pdf(notebooks.normalise(nb), Path(args.pdf))}")


def _param(text: str) -> tuple[str, object]:
    key, _, value = text.partition("=")
    import yaml

    return key, yaml.safe_load(value)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="ucj", description=__doc__)
    sub = parser.add_subparsers(dest="stage", required=True)
    p = sub.add_parser("data", help="run the data stages whose code, data, configuration or inputs changed")
    p.add_argument("--force", action="store_true", help="run every stage")
    p.set_defaults(func=_data)
    sub.add_parser("master", help="verify data/raw and build the regency master table").set_defaults(
        func=_stage
    )
    p = sub.add_parser("manifest", help="verify data/raw against MANIFEST.csv")
    p.add_argument("--update", action="store_true", help="recompute checksums after a deliberate refresh")
    p.set_defaults(func=_manifest)
    sub.add_parser("informal", help="estimate the informal workforce").set_defaults(func=_stage)
    p = sub.add_parser("project", help="coverage baseline and scenario projections (incremental)")
    p.add_argument(
        "--full",
        action="store_true",
        help="recompute every regency (default: only those whose inputs changed)",
    )
    p.set_defaults(func=_stage)
    p = sub.add_parser("notebook", help="execute an analysis notebook with papermill")
    p.add_argument("name", help="notebook name under notebooks/, without extension")
    p.add_argument("-p", "--param", action="append", type=_param, help="key=value (YAML value)")
    p.set_defaults(func=_notebook)
    p = sub.add_parser("reports", help="render regency briefs and summaries")
    p.add_argument(
        "--jobs",
        type=int,
        default=2,
        help="cores to use (one worker each, as many as the work is worth)",
    )
    p.add_argument("--only", nargs="*", help="regency codes (PP.RR) to build; default all")
    p.add_argument("--lang", default="id", choices=["id", "en"])
    p.add_argument("--force", action="store_true", help="rebuild even if up to date")
    p.add_argument("--dry-run", action="store_true", help="print what is stale and why; build nothing")
    p.set_defaults(func=_reports)
    p = sub.add_parser("meeting", help="one PDF setting several regencies side by side (a monev meeting)")
    p.add_argument("codes", help="regency codes PP.RR, comma-separated, e.g. 12.77,12.03,12.20")
    p.add_argument(
        "--since", default="", help="the previous meeting, YYYY-MM (default: January of last year)"
    )
    p.add_argument("--lang", default="id", choices=["id", "en"])
    p.set_defaults(func=_meeting)
    p = sub.add_parser("render", help="render an executed notebook to PDF (outputs only)")
    p.add_argument("notebook")
    p.add_argument("pdf")
    p.set_defaults(func=_render)
    args = parser.parse_args(argv)
    # before numpy is imported: the Makefile's settings when run directly (one BLAS thread, e.g.:
    # several made the informal model's cross-validation differ in its last digits between runs)
    from ucj.reports.run import use_default_settings

    use_default_settings()
    start = time.perf_counter()
    try:
        args.func(args)
    except (InputError, InputErrors) as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:  # Ctrl-C: outputs are written atomically, so nothing is left half-done
        print(f"\n[{args.stage}] interrupted", file=sys.stderr)
        sys.exit(130)
    print(f"[{args.stage}] done in {time.perf_counter() - start:.1f} s", file=sys.stderr)


def main_then_exit(argv: list[str] | None = None) -> NoReturn:
    """`main`, then end the process with its exit status without tearing the interpreter down.

    By then every output is written (atomically) and closed, the workers are stopped and the
    scratch folder is removed; the exit handlers still run (`atexit`: multiprocessing releases its
    semaphores, logging flushes), but freeing the tables and modules one by one, 0.2 s at the end
    of every `make reports` (`python -m ucj.cli`), is left to the system. An uncaught error still
    ends the usual way, with its traceback."""
    import atexit

    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):  # sys.exit("message"): print it, status 1
        print(code, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


if __name__ == "__main__":
    main_then_exit()

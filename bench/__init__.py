"""Benchmarks: ``python -m bench <workload> [flags]`` runs ``bench.<workload>.main(argv)``.

A workload is any module of this package with a ``main(argv: list[str]) -> int`` function;
``python -m bench --list`` lists them. Shared helpers live in ``bench.common``.
"""

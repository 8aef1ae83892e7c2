"""The mutational fuzzer: a seeded mutator of portfolio trees, an MSPDI generator and the harnesses that run them.

- :mod:`fuzzing.mutator`: mutants of the shipped example (``examples/logius``)
  and of a generated MS Project XML file, deterministic for a seed and an index.
- :mod:`fuzzing.generator`: a valid MSPDI plan made from a seed.
- :mod:`fuzzing.harness`: one mutant through every command's library entry
  point, and the checks on what comes back (run by ``tests/test_fuzz.py``).

``benchmarks/fuzz_cli.py`` runs the same mutants through the command line.
``docs/reliability.md`` describes both.
"""

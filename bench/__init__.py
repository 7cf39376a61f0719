"""Benchmarks and the load test (``make bench``, ``make load``); not imported by the hub itself."""

"""Tests of `unspun serve`: store, API, security, fetching, web UI, CLI."""

"""``unspun serve``: the HTTP API, store and web UI a verification desk runs once for all.

``create_app(settings)`` in :mod:`unspun.serve.app` builds the service; this package
imports nothing heavy so that the command line stays fast.
"""

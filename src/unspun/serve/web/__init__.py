"""The web UI: server-rendered pages over the same service as the API."""

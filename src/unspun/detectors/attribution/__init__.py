"""Attribution: who a claim-like sentence is attributed to, and how (``detector``),
from English dependency parses (``english``) and Russian/Ukrainian morphology (``slavic``)."""

"""Claims: which sentences a fact-checker should check, what kind of claim each makes,
the pieces to verify (numbers, dates, people, places), and who stands behind it.

Modules: ``checkworthy`` (the model that scores sentences), ``quantities`` and ``dates``
(rules that normalise numbers and dates), ``entities`` (NER), ``pieces`` (all three),
``kinds`` (claim types), ``ranking`` (priority from check-worthiness and sourcing),
``detector`` (the pipeline component).
"""

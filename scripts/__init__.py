"""The project's measuring scripts (`make bench`, `make soak`, `make profile`, `make eval`,
`make bench-nlu`, `make nlu-score`), run as modules from the repository root: `python -m scripts.bench`.
What they share is in scripts.harness.
"""

"""Stores of the Rasa server named in `endpoints.yml` by module path (the lock store). Imports
nothing of `bot` but `bot.vocabulary`.
"""

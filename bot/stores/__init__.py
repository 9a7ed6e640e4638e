"""Stores of the Rasa server named in `endpoints.yml` by module path: the lock stores (Redis with
atomic tickets for several servers, a SQLite file for several workers on one machine). Imports
nothing of `bot` but `bot.vocabulary`.
"""

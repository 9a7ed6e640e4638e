"""Answering, inside the action server: deciding what to answer from the conversation's state,
ranking a condition's sentences against a question, and rendering replies (text for people, the contract's payload for machines).
Plain functions without Rasa, so that the rules are tested alone; `actions/` reads the tracker
and calls them. Imports `bot.knowledge`, `bot.language` and `bot.vocabulary`.
"""

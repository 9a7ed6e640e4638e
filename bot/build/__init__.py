"""Offline work, run by `python -m bot build` before training: importing MedQuAD and reference
pages into the dataset, building the knowledge base and generating NLU examples from it. Never
imported by a server; imports `bot.knowledge`, `bot.language` and `bot.vocabulary`.
"""

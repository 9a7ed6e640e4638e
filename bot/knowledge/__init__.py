"""What the bot knows: the dataset's model (conditions, sections, sources), its validation, and
the knowledge base file built from it and loaded once by each server. Imports `bot.language` and
`bot.vocabulary` only.
"""

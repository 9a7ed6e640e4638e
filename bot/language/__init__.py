"""Understanding a message: plain functions over text, with no Rasa and no knowledge base.

Normalising names, finding condition names in a message, spotting emergencies and nonsense,
reading list choices and "more", and reading a long message (its subject line, main question,
the condition it asks about, a personal request). Runs inside the Rasa server (through `bot.nlu`), in the action
server and at build time; imports only `bot.vocabulary`.
"""

"""Rasa NLU components of the pipeline in `config.yml`, run inside the Rasa server for every
message: a long message's main question for the intent model, condition names, the question a
story asks, nonsense, "more" and emergencies. Thin wrappers over
`bot.language`; they read the knowledge base through `bot.knowledge`, never `bot.answers`.
"""

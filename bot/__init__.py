"""The health-information assistant's own code, grouped by where and when it runs.

Layers, lowest first; a package imports only from the layers below it (tests/test_layers.py
reads every import and checks it):

- `bot.vocabulary`: the names every layer shares (section keys, intents, slots, entities, reply kinds).
- `bot.language`: plain functions over text (normalisation, names, safety, nonsense, choices).
- `bot.knowledge`: the dataset's model and the knowledge base built from it.
- `bot.reports` (offline or beside the servers: `python -m bot coverage`, `gaps`; read only).
- `bot.build` (offline: `python -m bot build`, whose command line also runs the reports) and
  `bot.answers` (the action server).
- `bot.nlu` (Rasa's NLU pipeline), `bot.channels` and `bot.stores` (inside the Rasa server).
- `bot.clients`: programs that talk to a running server, over HTTP only.
"""

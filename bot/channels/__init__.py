"""Rasa input channels, registered in `credentials.yml` by module path, and what every channel
applies inside the Rasa server: message limits and the guard that every message gets a reply.
Imports `bot.answers.replies` (the error reply) and `bot.vocabulary`.
"""

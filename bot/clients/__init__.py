"""Programs that talk to a running Rasa server over HTTP, such as the terminal chat
(`python -m bot.clients.terminal`). They read the bot's replies and payloads as any client
would, and import only `bot.vocabulary`.
"""

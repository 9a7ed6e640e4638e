"""Reports over the built knowledge base and the tracker store, for the people who keep the
content: what users ask that the bot cannot answer yet. Each report is a module with its own
`main(argv)`, run by `python -m bot COMMAND` (bot/build/cli.py), offline or beside the running
servers; they only read, never change what they read.
"""

"""The rasa_sdk action server: thin actions that read the tracker and delegate to `bot`."""

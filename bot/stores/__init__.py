"""Stores of the Rasa server named in `endpoints.yml` by module path: the tracker store that
reads a conversation's recent turns, and the lock stores (Redis with atomic tickets for several
servers, a SQLite file for several workers on one machine). Imports nothing of `bot` but
`bot.vocabulary`.
"""

# endpoints.yml's tracker_store type, as `make run` and the tests' servers name it.
TRACKER_STORE_TYPE = "bot.stores.recent_tracker_store.RecentTurnsTrackerStore"
# The lock store of several workers on one machine (`make run WORKERS=N` without Redis).
SQLITE_LOCK_STORE_TYPE = "bot.stores.sqlite_lock_store.SQLiteLockStore"

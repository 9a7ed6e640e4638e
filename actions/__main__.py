"""`python -m actions --port N`: the action server, rasa_sdk's own, without TensorFlow and JAX.

spaCy's thinc imports both whenever they are installed (Rasa installs them for DIET), although
nothing the actions do uses them: blocking their import here saves the action server about
400 MB and two seconds of start. Only this process: the Rasa server needs TensorFlow.
"""

import sys

for _framework in ("tensorflow", "jax"):
    # A None entry makes `import` raise ImportError, which thinc takes as "not installed".
    sys.modules.setdefault(_framework, None)  # type: ignore[arg-type]

from rasa_sdk.__main__ import main  # noqa: E402 - after the block above, by design

# Sanic's worker process imports this module again, as __mp_main__: only the first run serves.
if __name__ == "__main__":
    if "--actions" not in sys.argv:
        sys.argv[1:1] = ["--actions", "actions"]  # what `rasa run actions` does by default
    main()

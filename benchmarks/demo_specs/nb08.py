"""Slider demos of notebook 08 (built with their small default examples: no trained model needed).

``cu.sequences`` is reached through ``__import__`` until it is on the package's front door
(then ``cu.sequences.demo_...()`` reads better).
"""

_SEQ = "__import__('course_utils.sequences').sequences"

DEMOS = [
    {
        "name": "08 step through a sentence (words read)",
        "build": f"{_SEQ}.demo_step_through()",
        "changes": [("step", 1), ("step", 3), ("step", 5), ("step", 2)],
        "expect": "image",
    },
    {
        "name": "08 step through a sentence (another sentence)",
        "build": f"{_SEQ}.demo_step_through()",
        "changes": [("sentence", 1), ("sentence", 2), ("sentence", 3), ("sentence", 0)],
        "expect": "image",
    },
    {
        "name": "08 memory fading (scale of U, step)",
        "build": f"{_SEQ}.demo_memory_fading()",
        "changes": [("scale", 0.6), ("scale", 1.0), ("scale", 1.45), ("scale", 2.2), ("step", 10), ("step", 40)],
        "expect": "image",
    },
    {
        "name": "08 LSTM gates (word)",
        "build": f"{_SEQ}.demo_lstm_gates()",
        "changes": [("word", 2), ("word", 4), ("word", 7), ("word", 10), ("word", 1)],
        "expect": "image",
    },
    {
        "name": "08 write your own review (an example)",
        "build": f"{_SEQ}.demo_write_review()",
        "changes": [("example", 1), ("example", 2), ("example", 0), ("example", 3)],
        "expect": "image",
    },
    {
        # Typing waits 50 ms for a pause (the debounce) before this same redraw; measured here without it.
        "name": "08 write your own review (a keystroke, debounce off)",
        "build": f"{_SEQ}.demo_write_review(debounce_ms=0)",
        "changes": [("review", "good"), ("review", "bad"), ("review", "fantastic fun"), ("review", "boring and dull")],
        "expect": "image",
    },
    {
        "name": "08 embeddings in 2-D (words shown, neighbours)",
        "build": f"{_SEQ}.demo_embeddings()",
        "changes": [("num_words", 5), ("num_words", 12), ("word", "bad"), ("word", "film"), ("num_words", 8)],
        "expect": "image",
    },
    {
        "name": "08 review explorer (index, mistakes)",
        "build": (f"{_SEQ}.explore_reviews(['a good film', 'a bad film', 'great fun', 'dull', 'fine'], "
                  "[1, 0, 1, 0, 1], [0.9, 0.6, 0.2, 0.1, 0.7])"),
        "changes": [("index", 1), ("index", 3), ("index", 4), ("show", "mistakes"), ("index", 1), ("show", "all")],
        "expect": "image",
    },
]

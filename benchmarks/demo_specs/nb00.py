"""Slider demos of notebook 00."""

DEMOS = [
    {
        "name": "00 fit a line (w)",
        "build": "cu.intro.demo_line_fit()",
        "changes": [("w", 0.3), ("w", 0.8), ("w", 1.2), ("b", -0.1), ("b", 0.3)],
        "expect": "image",
    },
]

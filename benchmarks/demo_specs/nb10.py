"""Slider demos of notebook 10 (built with their small default examples: no trained model needed)."""

DEMOS = [
    {
        "name": "10 soft lookup (query x, query y)",
        "build": "cu.sequences.demo_soft_lookup()",
        "changes": [("query_x", -1.0), ("query_x", 1.5), ("query_y", -1.2), ("query_y", 0.8)],
        "expect": "image",
    },
    {
        "name": "10 soft lookup (temperature)",
        "build": "cu.sequences.demo_soft_lookup()",
        "changes": [("temperature", 0.2), ("temperature", 2.5), ("temperature", 0.6), ("temperature", 4.0)],
        "expect": "image",
    },
    {
        "name": "10 attention heads (head, example)",
        "build": "cu.sequences.demo_attention_heads()",
        "changes": [("head", 1), ("head", 2), ("head", -1), ("example", 1), ("head", 0), ("example", 0)],
        "expect": "image",
    },
    {
        "name": "10 positional encoding (position)",
        "build": "cu.sequences.demo_positional_encoding()",
        "changes": [("position", 5), ("position", 20), ("position", 40), ("position", 63), ("position", 1)],
        "expect": "image",
    },
]

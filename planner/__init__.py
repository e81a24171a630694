"""planner: plan a calm, subtle week of social posts from what you actually did."""

__version__ = "0.1.0"

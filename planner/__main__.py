"""``python -m planner``: the same command line as the ``planner`` script."""

from planner.cli import cli

if __name__ == "__main__":
    cli(prog_name="planner")

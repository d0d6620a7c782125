"""Allow ``python -m minutes_gen``."""

from minutes_gen.cli import main

if __name__ == "__main__":
    main()

"""Allow ``python -m minutes_gen``."""

from minutes_gen.entry import main

if __name__ == "__main__":
    main()

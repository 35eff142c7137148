"""Run the dataclean command line from a checkout: ``python cli.py …``."""

from dataclean.entry import main

if __name__ == "__main__":
    main()

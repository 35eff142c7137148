from dataclean.cli import main

main()

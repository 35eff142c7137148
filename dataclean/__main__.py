from dataclean.entry import main

main()

from greta_search.cli import main

main()

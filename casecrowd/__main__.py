from casecrowd.cli import main

main()

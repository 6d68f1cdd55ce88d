from unspun.cli.main import main

main()

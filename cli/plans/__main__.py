from plans.commands.app import main

main()

import Foundation
import SlipwayCLI

exit(SlipwayCommand.run(arguments: Array(CommandLine.arguments.dropFirst())))

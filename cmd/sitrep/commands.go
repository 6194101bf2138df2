package main

import "github.com/spf13/cobra"

// extraCommands are the commands beyond the core five.
func extraCommands(a *app) []*cobra.Command {
	return []*cobra.Command{
		newExtractCmd(a),
		newEvalCmd(),
		newDeleteCmd(a),
		newReindexCmd(a),
	}
}

// Command rusage runs a command and writes its peak resident memory, in
// KiB, to the file named by $RUSAGE_OUT; it exits with the command's status.
//
// The tests measure the sitrep binary through it rather than directly: Linux
// counts the memory of the process that execs a program in the program's
// peak, and the test process is large; this one is small.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: RUSAGE_OUT=file rusage command [args...]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		fmt.Fprintln(os.Stderr, "rusage:", err)
		os.Exit(127)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		if err := os.WriteFile(os.Getenv("RUSAGE_OUT"), []byte(strconv.FormatInt(ru.Maxrss, 10)), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "rusage:", err)
			os.Exit(127)
		}
	}
	os.Exit(code)
}

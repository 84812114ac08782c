package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"tdkt/internal/auth"
	"tdkt/internal/store"
)

// userCommand creates an account or resets a password from the command
// line: the way to make the first admin of a production installation.
func userCommand(ctx context.Context, st *store.Store, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer) error {
	if len(args) < 2 {
		return fmt.Errorf("user: missing arguments\n%s", usage)
	}
	verb, username := args[0], strings.ToLower(strings.TrimSpace(args[1]))
	fs := flag.NewFlagSet("tdkt user "+verb, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	roles := fs.String("roles", "", "comma-separated roles")
	person := fs.Int64("person", 0, "id of the person the account belongs to")
	name := fs.String("name", "", "display name of an account without a person")
	if err := fs.Parse(args[2:]); err != nil {
		return fmt.Errorf("user %s: %w\n%s", verb, err, usage)
	}
	password, err := readPassword(getenv, stdin)
	if err != nil {
		return err
	}
	if msg := auth.PasswordProblem(password, username); msg != "" {
		return fmt.Errorf("user %s: password refused: %s", verb, msg)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	a := store.Actor{RequestID: "cli"}
	switch verb {
	case "create":
		var rs auth.RoleSet
		for _, r := range strings.Split(*roles, ",") {
			role, ok := auth.ParseRole(strings.TrimSpace(r))
			if !ok {
				return fmt.Errorf("user create: unknown role %q\n%s", r, usage)
			}
			rs = append(rs, role)
		}
		if *person == 0 && strings.TrimSpace(*name) == "" {
			*name = username
		}
		id, err := st.CreateUser(ctx, a, store.NewUser{PersonID: *person, Username: username, DisplayName: *name, PasswordHash: hash, Roles: rs})
		if err != nil {
			return fmt.Errorf("user create: %w", err)
		}
		fmt.Fprintf(stdout, "created account %s (id %d) with roles %s\n", username, id, strings.Join(rs.Strings(), ", "))
	case "reset":
		u, _, err := st.UserForLogin(ctx, username)
		if err != nil {
			return fmt.Errorf("user reset %s: %w", username, err)
		}
		if _, err := st.SetPassword(ctx, a, u.ID, hash, store.ByOperator); err != nil {
			return fmt.Errorf("user reset %s: %w", username, err)
		}
		if err := st.ClearLoginFailures(ctx, username); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "password of %s reset; its sessions have ended\n", username)
	default:
		return fmt.Errorf("unknown user command %q\n%s", verb, usage)
	}
	return nil
}

func readPassword(getenv func(string) string, stdin io.Reader) (string, error) {
	if p := getenv("TDKT_PASSWORD"); p != "" {
		return p, nil
	}
	if stdin == nil {
		return "", errors.New("no password: set TDKT_PASSWORD or pipe it on standard input")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password: set TDKT_PASSWORD or pipe it on standard input")
	}
	return line, nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// newHealthcheckCmd asks a running serve for /healthz on http.listen; the
// container image uses it as its HEALTHCHECK (distroless has no curl).
func newHealthcheckCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "healthcheck",
		Short: "Exit 0 when the serve process on http.listen answers /healthz",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.loadConfig(); err != nil {
				return err
			}
			u, err := healthURL(a.cfg.HTTP.Listen)
			if err != nil {
				return usageError{err}
			}
			client := &http.Client{Timeout: 3 * time.Second}
			resp, err := client.Get(u)
			if err != nil {
				return healthError(u, err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return fmt.Errorf("health check: %s answered %s", u, resp.Status)
			}
			cmd.Println("ok")
			return nil
		},
	}
}

// healthURL turns a listen address (":8080", "0.0.0.0:8080",
// "127.0.0.1:9000") into the local /healthz URL.
func healthURL(listen string) (string, error) {
	if listen == "" {
		return "", fmt.Errorf("http.listen is empty: the health endpoint is off")
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", fmt.Errorf("http.listen %q: %w", listen, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}

// healthError says why u gave no answer in words an operator acts on:
// nothing listens there (serve is not running, or on another
// http.listen), or it did not answer in time.
func healthError(u string, err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("health check: nothing answers at %s: is `worldbrief serve` running, with this http.listen? (%w)", u, syscall.ECONNREFUSED)
	case errors.As(err, &ne) && ne.Timeout():
		return fmt.Errorf("health check: %s did not answer within 3s: %w", u, context.DeadlineExceeded)
	}
	return fmt.Errorf("health check: %w", err)
}

package main

import (
	"fmt"
	"net"
	"net/http"
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
				return fmt.Errorf("health check: %w", err)
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

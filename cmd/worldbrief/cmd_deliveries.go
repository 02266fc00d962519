package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/worldbrief/worldbrief/bot/delivery"
)

// deliveryRow is one line of `worldbrief deliveries --json`.
type deliveryRow struct {
	ID        int64      `json:"id"`
	Date      string     `json:"date"`
	Platform  string     `json:"platform"`
	Chat      string     `json:"chat"`
	Country   string     `json:"country"`
	Status    string     `json:"status"`
	Attempts  int        `json:"attempts"`
	MessageID string     `json:"message_id"`
	SentAt    *time.Time `json:"sent_at"`
	NextAt    *time.Time `json:"next_attempt_at"`
	LastError string     `json:"last_error"`
}

// maxDeliveryRows bounds --limit.
const maxDeliveryRows = 100_000

var deliveryStatuses = []string{delivery.StatusPending, delivery.StatusSending, delivery.StatusSent, delivery.StatusFailed, delivery.StatusSuspended}

func newDeliveriesCmd(a *app) *cobra.Command {
	var asJSON bool
	var date, status string
	var limit int
	cmd := &cobra.Command{
		Use:   "deliveries [--date D] [--status S]",
		Short: "List the scheduled digests: sent, pending or failed, with the reason",
		Args:  argsUsage(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if date != "" {
				if _, err := time.Parse(delivery.DateLayout, date); err != nil {
					return usageError{fmt.Errorf("--date %q is not a date (YYYY-MM-DD)", date)}
				}
			}
			status = strings.ToLower(status)
			if limit < 1 || limit > maxDeliveryRows {
				return usageError{fmt.Errorf("--limit %d is out of range 1–%d", limit, maxDeliveryRows)}
			}
			if status != "" && !slices.Contains(deliveryStatuses, status) {
				return usageError{fmt.Errorf("--status %q is not one of %s", status, strings.Join(deliveryStatuses, ", "))}
			}
			ctx := cmd.Context()
			if err := a.openStore(ctx); err != nil {
				return err
			}
			ds, err := a.store.Deliveries(ctx, delivery.Filter{Date: date, Status: status, Limit: limit})
			if err != nil {
				return err
			}
			rows := make([]deliveryRow, len(ds))
			for i, d := range ds {
				rows[i] = deliveryRow{ID: d.ID, Date: d.Date, Platform: d.Platform, Chat: d.ChatID, Country: d.Country,
					Status: d.Status, Attempts: d.Attempts, MessageID: d.MessageID, LastError: d.LastError}
				if !d.SentAt.IsZero() {
					t := d.SentAt
					rows[i].SentAt = &t
				}
				if d.Status == delivery.StatusPending {
					t := d.NextAttemptAt
					rows[i].NextAt = &t
				}
			}
			if asJSON {
				return writeJSON(a.stdout, rows)
			}
			tw := newTable(a.stdout)
			fmt.Fprintln(tw, "DATE\tPLATFORM\tCHAT\tCOUNTRY\tSTATUS\tATTEMPTS\tWHEN\tREASON")
			for _, r := range rows {
				when := "-"
				if r.SentAt != nil {
					when = r.SentAt.Local().Format("2006-01-02 15:04")
				} else if r.NextAt != nil {
					when = "next " + r.NextAt.Local().Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", r.Date, r.Platform, r.Chat, r.Country, r.Status, r.Attempts, when, clip(r.LastError, 60))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&date, "date", "", "only this local date (YYYY-MM-DD)")
	cmd.Flags().StringVar(&status, "status", "", "only this status: pending, sending, sent, failed or suspended")
	cmd.Flags().IntVarP(&limit, "limit", "n", 1000, "at most this many rows (1–100000)")
	return cmd
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/worldbrief/worldbrief/bot"
	"github.com/worldbrief/worldbrief/bot/delivery"
	"github.com/worldbrief/worldbrief/store"
)

func TestDeliveriesListsByDateAndStatus(t *testing.T) {
	db := filepath.Join(t.TempDir(), "wb.db")
	ctx := context.Background()
	st, err := store.Open(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	mk := func(id int64, chat, date string) delivery.Delivery {
		return delivery.Delivery{SubscriptionID: id, ChatKey: bot.ChatKey{Platform: "telegram", ChatID: chat}, Country: "fr", Date: date, NextAttemptAt: now}
	}
	if _, err := st.EnqueueDeliveries(ctx, []delivery.Delivery{mk(1, "11", "2026-05-01"), mk(2, "22", "2026-05-01"), mk(1, "11", "2026-05-02")}); err != nil {
		t.Fatal(err)
	}
	claimed, err := st.ClaimDeliveries(ctx, "w", now, 2, time.Minute)
	if err != nil || len(claimed) != 2 {
		t.Fatalf("claim: %v, %v", claimed, err)
	}
	if err := st.MarkDeliverySent(ctx, claimed[0].ID, "w", "777", now); err != nil {
		t.Fatal(err)
	}
	if err := st.EndDelivery(ctx, claimed[1].ID, "w", delivery.StatusFailed, "gave up after 5 attempts: telegram: 502"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	env := []string{"WORLDBRIEF_DB=" + db}

	out, stderr, err := runPiped(t, env, "", "deliveries", "--status", "failed")
	if err != nil {
		t.Fatalf("deliveries: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "gave up after 5 attempts: telegram: 502") || strings.Count(out, "\n") != 2 {
		t.Errorf("failed list lacks its one row with the reason:\n%s", out)
	}
	out, _, err = runPiped(t, env, "", "deliveries", "--date", "2026-05-01", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []deliveryRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("bad JSON %q: %v", out, err)
	}
	statuses := map[string]string{}
	for _, r := range rows {
		statuses[r.Status] = r.MessageID
	}
	if len(rows) != 2 || statuses[delivery.StatusSent] != "777" || len(statuses) != 2 {
		t.Errorf("2026-05-01 = %+v; want one sent (message 777) and one failed", rows)
	}
	var ue usageError
	if _, _, err := runPiped(t, env, "", "deliveries", "--status", "lost"); !errors.As(err, &ue) {
		t.Errorf("an unknown status gives %v, want a usage error (exit 2)", err)
	}
}

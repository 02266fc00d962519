package telegram

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestDispatcherOrdersPerChatAndRunsChatsConcurrently(t *testing.T) {
	release := make(chan struct{})
	var (
		mu   sync.Mutex
		seen []int
	)
	d := newDispatcher(func(u update) {
		if u.Message.Chat.ID == 1 && u.UpdateID == 1 {
			<-release // chat 1's first update is slow
		}
		mu.Lock()
		seen = append(seen, u.UpdateID)
		mu.Unlock()
	})
	up := func(id int, chatID int64) update {
		return update{UpdateID: id, Message: &message{Chat: chat{ID: chatID}}}
	}
	d.submit(up(1, 1))
	d.submit(up(2, 1))
	d.submit(up(3, 2))
	deadline := time.Now().Add(5 * time.Second)
	for {
		mu.Lock()
		got := slices.Clone(seen)
		mu.Unlock()
		if slices.Equal(got, []int{3}) {
			break
		}
		if time.Now().After(deadline) || len(got) > 0 {
			t.Fatalf("while chat 1 was busy: handled %v, want [3]", got)
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(release)
	d.wait()
	if !slices.Equal(seen, []int{3, 1, 2}) {
		t.Fatalf("handled %v, want [3 1 2]", seen)
	}
}

func TestPacerSpacesMessagesToOneChat(t *testing.T) {
	p := newPacer(200*time.Millisecond, 400*time.Millisecond)
	ctx := context.Background()
	start := time.Now()
	for range 3 {
		if err := p.wait(ctx, "42"); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("3 messages to one chat took %v, want ≥ 400ms", d)
	}
	// Another chat does not wait for this one's interval.
	slow := newPacer(time.Hour, time.Hour)
	slow.wait(ctx, "42")
	octx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := slow.wait(octx, "43"); err != nil {
		t.Errorf("another chat waited for chat 42's interval: %v", err)
	}
	start = time.Now()
	p.wait(ctx, "-100")
	p.wait(ctx, "-100")
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("2 messages to a group took %v, want ≥ 400ms", d)
	}
	cctx, ccancel := context.WithCancel(ctx)
	ccancel()
	if err := p.wait(cctx, "-100"); err == nil {
		t.Error("wait ignored a cancelled context")
	}
}

package telegram

import (
	"slices"
	"sync"
	"testing"
	"testing/synctest"
)

func TestDispatcherOrdersPerChatAndRunsChatsConcurrently(t *testing.T) {
	synctest.Test(t, testDispatcherOrdersPerChatAndRunsChatsConcurrently)
}

func testDispatcherOrdersPerChatAndRunsChatsConcurrently(t *testing.T) {
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
	synctest.Wait() // every update is handled or waiting
	mu.Lock()
	got := slices.Clone(seen)
	mu.Unlock()
	if !slices.Equal(got, []int{3}) {
		t.Fatalf("while chat 1 was busy: handled %v, want [3]", got)
	}
	close(release)
	d.wait()
	if !slices.Equal(seen, []int{3, 1, 2}) {
		t.Fatalf("handled %v, want [3 1 2]", seen)
	}
}

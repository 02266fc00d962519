package telegram

import "sync"

// maxConcurrentUpdates bounds the updates handled at once.
const maxConcurrentUpdates = 8

// dispatcher handles updates of different chats concurrently and those
// of one chat in order, so a slow /headlines in one chat never holds up
// the others.
type dispatcher struct {
	handle func(update)
	sem    chan struct{}
	wg     sync.WaitGroup

	mu     sync.Mutex
	queues map[int64][]update
}

func newDispatcher(handle func(update)) *dispatcher {
	return &dispatcher{handle: handle, sem: make(chan struct{}, maxConcurrentUpdates), queues: map[int64][]update{}}
}

// submit queues u behind the earlier updates of its chat.
func (d *dispatcher) submit(u update) {
	chat := int64(0)
	if m := u.message(); m != nil {
		chat = m.Chat.ID
	}
	d.mu.Lock()
	q, running := d.queues[chat]
	d.queues[chat] = append(q, u)
	d.mu.Unlock()
	if !running {
		d.wg.Add(1)
		go d.drain(chat)
	}
}

// drain handles a chat's queue until it is empty.
func (d *dispatcher) drain(chat int64) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		q := d.queues[chat]
		if len(q) == 0 {
			delete(d.queues, chat)
			d.mu.Unlock()
			return
		}
		u := q[0]
		d.queues[chat] = q[1:]
		d.mu.Unlock()
		d.sem <- struct{}{}
		d.handle(u)
		<-d.sem
	}
}

// wait blocks until every submitted update is handled.
func (d *dispatcher) wait() { d.wg.Wait() }

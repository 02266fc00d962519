package pipeline

import (
	"context"
	"testing"
	"time"
)

func TestGraceContextOutlivesParentByGrace(t *testing.T) {
	parent, stop := context.WithCancel(context.Background())
	ctx, cancel := GraceContext(parent, 50*time.Millisecond)
	defer cancel()
	stop()
	if ctx.Err() != nil {
		t.Fatal("grace context ended with its parent; want it to last the grace")
	}
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("grace context still alive long after the grace")
	}
}

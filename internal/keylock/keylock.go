// Package keylock serialises work per key: the adapters take a message's
// key while they count a vote on it and update its buttons, so that two
// presses at once leave the buttons showing the later tally, not whichever
// update happened to arrive last.
package keylock

import "sync"

// Locks holds one lock per key in use; a key nobody holds takes no
// memory. The zero value is ready to use.
type Locks struct {
	mu   sync.Mutex
	held map[string]*entry
}

type entry struct {
	mu      sync.Mutex
	waiters int
}

// Lock waits until key is free, takes it, and returns the function that
// frees it.
func (l *Locks) Lock(key string) (unlock func()) {
	l.mu.Lock()
	if l.held == nil {
		l.held = map[string]*entry{}
	}
	e := l.held[key]
	if e == nil {
		e = &entry{}
		l.held[key] = e
	}
	e.waiters++
	l.mu.Unlock()

	e.mu.Lock()
	return func() {
		e.mu.Unlock()
		l.mu.Lock()
		if e.waiters--; e.waiters == 0 {
			delete(l.held, key)
		}
		l.mu.Unlock()
	}
}

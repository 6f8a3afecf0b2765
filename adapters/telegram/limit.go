package telegram

import (
	"sync"
	"time"
)

// verdict is what the rate limiter decides about one message.
type verdict int

const (
	// allow: answer the message.
	allow verdict = iota
	// notify: over the limit for the first time in a row; tell the user once.
	notify
	// drop: still over the limit; stay silent.
	drop
)

// rateLimiter allows each user n messages in any sliding period. It is
// safe for concurrent use and forgets users who have been quiet for a
// period, so memory stays bounded by recent traffic.
type rateLimiter struct {
	n      int
	period time.Duration

	mu     sync.Mutex
	users  map[string]*userWindow
	checks int
}

type userWindow struct {
	// times holds when the user's allowed messages arrived, oldest first.
	times []time.Time
	// noticed is set once the user was told to slow down, until a message
	// is allowed again.
	noticed bool
}

func newRateLimiter(n int, period time.Duration) *rateLimiter {
	return &rateLimiter{n: n, period: period, users: map[string]*userWindow{}}
}

// check decides about a message from user at now and records it.
func (l *rateLimiter) check(user string, now time.Time) verdict {
	if l.n <= 0 || l.period <= 0 {
		return allow
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.checks++
	if l.checks%1024 == 0 {
		l.forget(now)
	}
	w := l.users[user]
	if w == nil {
		w = &userWindow{}
		l.users[user] = w
	}
	cutoff := now.Add(-l.period)
	i := 0
	for i < len(w.times) && !w.times[i].After(cutoff) {
		i++
	}
	w.times = w.times[i:]
	switch {
	case len(w.times) < l.n:
		w.times = append(w.times, now)
		w.noticed = false
		return allow
	case !w.noticed:
		w.noticed = true
		return notify
	}
	return drop
}

// forget drops users whose every message is older than a period.
func (l *rateLimiter) forget(now time.Time) {
	cutoff := now.Add(-l.period)
	for user, w := range l.users {
		if len(w.times) == 0 || !w.times[len(w.times)-1].After(cutoff) {
			delete(l.users, user)
		}
	}
}

package telegram

import (
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)
	l := newRateLimiter(3, 30*time.Second)
	var got []verdict
	for i := range 6 {
		got = append(got, l.check("alice", t0.Add(time.Duration(i)*time.Second)))
	}
	want := []verdict{allow, allow, allow, notify, drop, drop}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("burst verdicts = %v, want %v", got, want)
		}
	}
	t.Run("OtherUsersUnaffected", func(t *testing.T) {
		if v := l.check("bilal", t0.Add(5*time.Second)); v != allow {
			t.Errorf("bilal's first message: %v, want allow", v)
		}
	})
	t.Run("WindowSlides", func(t *testing.T) {
		// The first message (t0) leaves the window after 30 seconds: one
		// more is allowed, then the user is over again and told once more.
		if v := l.check("alice", t0.Add(30*time.Second+time.Millisecond)); v != allow {
			t.Errorf("after the window slid: %v, want allow", v)
		}
		if v := l.check("alice", t0.Add(30*time.Second+500*time.Millisecond)); v != notify {
			t.Errorf("over again: %v, want a new notice", v)
		}
	})
	t.Run("ForgetsQuietUsers", func(t *testing.T) {
		l := newRateLimiter(1, time.Second)
		for i := range 2000 {
			l.check(string(rune('a'+i%26))+string(rune(i)), t0.Add(time.Duration(i)*time.Second))
		}
		if n := len(l.users); n > 1024 {
			t.Errorf("limiter remembers %d users, want quiet ones forgotten", n)
		}
	})
	t.Run("ZeroLimitAllowsAll", func(t *testing.T) {
		l := newRateLimiter(0, time.Second)
		for range 100 {
			if l.check("x", t0) != allow {
				t.Fatal("a zero limit must not limit")
			}
		}
	})
}

func TestRecentIDs(t *testing.T) {
	r := newRecentIDs(3)
	for _, id := range []int64{1, 2, 3} {
		if !r.add(id) {
			t.Fatalf("id %d reported as repeated", id)
		}
	}
	if r.add(2) {
		t.Error("id 2 not reported as repeated")
	}
	r.add(4) // evicts 1
	if !r.add(1) {
		t.Error("id 1 still remembered after eviction; memory is not bounded")
	}
}

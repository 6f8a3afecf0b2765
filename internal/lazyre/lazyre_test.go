package lazyre

import (
	"slices"
	"testing"
)

func TestNewCompilesOnceWhenFirstCalled(t *testing.T) {
	re := New(`^a+b$`)
	if !slices.Contains(Patterns(), `^a+b$`) {
		t.Fatal("the pattern is not listed for the test that compiles them all")
	}
	first := re()
	if !first.MatchString("aab") || first.MatchString("ab c") {
		t.Fatalf("%v matches wrongly", first)
	}
	if re() != first {
		t.Error("a second call compiled the pattern again")
	}
}

func TestCheckAllNamesTheBadPattern(t *testing.T) {
	if p, err := CheckAll(); err != nil {
		t.Fatalf("before any bad pattern: %q: %v", p, err)
	}
	bad := New(`a(b`)
	p, err := CheckAll()
	if p != `a(b` || err == nil {
		t.Fatalf("CheckAll() = %q, %v; want the unbalanced pattern and its error", p, err)
	}
	defer func() {
		if recover() == nil {
			t.Error("calling a bad pattern's function did not panic")
		}
	}()
	bad()
}

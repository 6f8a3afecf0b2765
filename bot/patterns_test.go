package bot

import (
	"testing"

	"github.com/pakbot/pakbot/internal/lazyre"
)

// TestLazyPatternsCompile compiles every pattern compiled when first
// needed (see lazyre): a mistake in one must not wait for the message or
// the moderator's command that needs it.
func TestLazyPatternsCompile(t *testing.T) {
	if p, err := lazyre.CheckAll(); err != nil {
		t.Errorf("%q: %v", p, err)
	}
}

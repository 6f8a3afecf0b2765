package discord

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bwmarrin/discordgo"
)

// RouteLibraryLogs sends discordgo's own log lines to l, with secrets (the
// bot token) and anything shaped like a token removed. discordgo logs
// through one package-level function for every session, so this is
// process-wide: the last call wins. Call it before a session starts, or
// that session's first lines go to the standard logger. How much reaches it
// is set per session (see WithLibraryLogLevel).
func RouteLibraryLogs(l *slog.Logger, secrets ...string) {
	libraryLog.Store(&libraryLogger{logger: l, secrets: append([]string(nil), secrets...)})
	installLibraryLog.Do(func() { discordgo.Logger = logLibrary })
}

// libraryLogger is where discordgo's lines go, swapped atomically because
// discordgo's goroutines may still log while a new session is set up.
type libraryLogger struct {
	logger  *slog.Logger
	secrets []string
}

var (
	libraryLog        atomic.Pointer[libraryLogger]
	installLibraryLog sync.Once
)

func logLibrary(msgL, _ int, format string, a ...any) {
	dst := libraryLog.Load()
	if dst == nil {
		return
	}
	level := slog.LevelDebug
	switch msgL {
	case discordgo.LogError:
		level = slog.LevelError
	case discordgo.LogWarning:
		level = slog.LevelWarn
	case discordgo.LogInformational:
		level = slog.LevelInfo
	}
	dst.logger.Log(context.Background(), level, "discordgo: "+redact(fmt.Sprintf(format, a...), dst.secrets...))
}

var (
	// botToken matches Discord bot tokens: three base64url parts.
	botToken = regexp.MustCompile(`[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}`)
	// interactionToken matches the token part of interaction and webhook
	// URLs, which lets anyone answer for the bot while it is valid.
	interactionToken = regexp.MustCompile(`((?:interactions|webhooks)/[0-9]+/)[^/\s"?]+`)
	// identifyToken matches the token field of gateway packets.
	identifyToken = regexp.MustCompile(`(?i)(token:\s*|"token":\s*)("[^"]*"|[^\s,}]+)`)
)

// redact removes secrets from text bound for a log: the given strings, and
// anything shaped like a bot token or an interaction token.
func redact(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret = strings.TrimSpace(strings.TrimPrefix(secret, "Bot ")); len(secret) >= 4 {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	s = botToken.ReplaceAllString(s, "[redacted]")
	s = interactionToken.ReplaceAllString(s, "${1}[redacted]")
	return identifyToken.ReplaceAllString(s, `${1}"[redacted]"`)
}

// redactErr is err's message with secrets removed, for logging.
func redactErr(err error, secrets ...string) string {
	if err == nil {
		return ""
	}
	return redact(err.Error(), secrets...)
}

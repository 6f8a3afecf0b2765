// Package deploy_test checks the packaging against what the READMEs tell
// operators, since neither Docker nor systemd runs in the tests: the
// image's build is the documented build, it runs as a non-root user with
// the database on a volume and checks its own health, and the systemd unit
// keeps its hardening.
package deploy_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	cmd, args string
}

// parseDockerfile splits a Dockerfile into stages of instructions.
func parseDockerfile(text string) [][]instruction {
	var stages [][]instruction
	var line string
	for _, raw := range strings.Split(text, "\n") {
		raw = strings.TrimSpace(raw)
		if strings.HasPrefix(raw, "#") || raw == "" && line == "" {
			continue
		}
		if cont, ok := strings.CutSuffix(raw, "\\"); ok {
			line += cont + " "
			continue
		}
		line += raw
		cmd, args, _ := strings.Cut(strings.TrimSpace(line), " ")
		line = ""
		ins := instruction{strings.ToUpper(cmd), strings.Join(strings.Fields(args), " ")}
		if ins.cmd == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) > 0 {
			stages[len(stages)-1] = append(stages[len(stages)-1], ins)
		}
	}
	return stages
}

// buildCommand finds the `go build` command in text, with its -o output
// left out, so builds that write to different paths compare equal.
func buildCommand(text string) string {
	m := regexp.MustCompile(`(?m)(CGO_ENABLED=1 go build [^\n&;]*)`).FindString(text)
	return strings.Join(strings.Fields(regexp.MustCompile(`\s-o\s+\S+`).ReplaceAllString(m, "")), " ")
}

func TestDockerfile(t *testing.T) {
	stages := parseDockerfile(mustRead(t, "../Dockerfile"))
	if len(stages) != 2 || !strings.HasSuffix(stages[0][0].args, " AS build") {
		t.Fatalf("want a build stage and a runtime stage, got %d stages", len(stages))
	}
	var build string
	for _, ins := range stages[0] {
		if ins.cmd == "RUN" && strings.Contains(ins.args, "go build") {
			build = buildCommand(ins.args)
		}
	}
	if !strings.Contains(build, "-tags sqlite_fts5") || !strings.Contains(build, "./cmd/pakbot") {
		t.Errorf("the build stage builds %q, want cgo, the sqlite_fts5 tag and ./cmd/pakbot", build)
	}
	for _, doc := range []string{"README.md", "../README.md"} {
		if got := buildCommand(mustRead(t, doc)); got != build {
			t.Errorf("%s builds with %q, the Dockerfile with %q; they must be the same", doc, got, build)
		}
	}

	final := map[string][]string{}
	for _, ins := range stages[1] {
		final[ins.cmd] = append(final[ins.cmd], ins.args)
	}
	if user := final["USER"]; len(user) != 1 || strings.HasPrefix(user[0], "root") || strings.HasPrefix(user[0], "0") {
		t.Errorf("USER %v, want one non-root user", user)
	}
	if v := final["VOLUME"]; len(v) != 1 || !strings.Contains(v[0], "/data") {
		t.Errorf("VOLUME %v, want /data", v)
	}
	env := strings.Join(final["ENV"], " ")
	if !strings.Contains(env, "PAKBOT_DB=/data/") {
		t.Errorf("ENV %q does not put the database on the volume", env)
	}
	port := regexp.MustCompile(`PAKBOT_HTTP=:(\d+)`).FindStringSubmatch(env)
	if port == nil || !slices.Contains(final["EXPOSE"], port[1]) {
		t.Errorf("ENV %q and EXPOSE %v: the web side's port must be exposed", env, final["EXPOSE"])
	}
	if hc := final["HEALTHCHECK"]; len(hc) != 1 || !strings.Contains(hc[0], `CMD ["pakbot", "healthcheck"`) {
		t.Errorf("HEALTHCHECK %v, want the binary checking itself", hc)
	}
	if ep := final["ENTRYPOINT"]; len(ep) != 1 || ep[0] != `["pakbot"]` {
		t.Errorf("ENTRYPOINT %v", ep)
	}
}

// unit parses a systemd unit into its settings; a key set twice keeps
// every value.
func unit(text string) map[string][]string {
	settings := map[string][]string{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "[") {
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		settings[k] = append(settings[k], v)
	}
	return settings
}

func TestSystemdUnit(t *testing.T) {
	u := unit(mustRead(t, "pakbot.service"))
	for key, want := range map[string]string{
		"ExecStart":               "/usr/local/bin/pakbot serve",
		"DynamicUser":             "yes",
		"StateDirectory":          "pakbot",
		"NoNewPrivileges":         "yes",
		"CapabilityBoundingSet":   "",
		"ProtectSystem":           "strict",
		"ProtectHome":             "yes",
		"PrivateTmp":              "yes",
		"PrivateDevices":          "yes",
		"RestrictNamespaces":      "yes",
		"MemoryDenyWriteExecute":  "yes",
		"SystemCallArchitectures": "native",
		"KillSignal":              "SIGTERM",
	} {
		if got := u[key]; len(got) != 1 || got[0] != want {
			t.Errorf("%s=%v, want %q", key, got, want)
		}
	}
	if got := strings.Join(u["SystemCallFilter"], " "); !strings.Contains(got, "@system-service") || !strings.Contains(got, "~@privileged") {
		t.Errorf("SystemCallFilter %q", got)
	}
	if got := strings.Join(u["Environment"], " "); !strings.Contains(got, "PAKBOT_DB=/var/lib/pakbot/") || !strings.Contains(got, "PAKBOT_HTTP=127.0.0.1:") {
		t.Errorf("Environment %q: want the database in the state directory and the web side on loopback", got)
	}
	// Replies in flight get 30 seconds each before shutdown goes on.
	if d, err := time.ParseDuration(strings.Join(u["TimeoutStopSec"], "")); err != nil || d < 35*time.Second {
		t.Errorf("TimeoutStopSec=%v, want time for the replies in flight", u["TimeoutStopSec"])
	}
	readme := mustRead(t, "README.md")
	for _, want := range []string{"install -m 0755 pakbot /usr/local/bin/pakbot", "deploy/pakbot.service /etc/systemd/system/pakbot.service", "/etc/pakbot/pakbot.env"} {
		if !strings.Contains(readme, want) {
			t.Errorf("deploy/README.md does not say %q", want)
		}
	}
	if !slices.Contains(u["EnvironmentFile"], "/etc/pakbot/pakbot.env") {
		t.Errorf("EnvironmentFile %v", u["EnvironmentFile"])
	}
}

func TestDeployREADME(t *testing.T) {
	readme := mustRead(t, "README.md")
	for _, want := range []string{"pakbot backup", "## Upgrading", "-v pakbot-data:/data", "docker build -t pakbot .", "--discord-shard 0/2", "/readyz"} {
		if !strings.Contains(readme, want) {
			t.Errorf("deploy/README.md does not mention %q", want)
		}
	}
}

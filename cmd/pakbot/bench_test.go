//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/pakbot/pakbot/internal/benchdb"
)

// childEnv, when set, makes the test binary run as pakbot with the
// arguments that follow "--", so a benchmark can measure a real `pakbot ask`
// process without building a second binary.
const childEnv = "PAKBOT_BENCH_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		args := os.Args
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		err := NewMain().Run(context.Background(), args)
		// The parent cannot use its rusage for this: on Linux a child's
		// ru_maxrss starts from the parent's when it is forked with a shared
		// address space, as os/exec does. VmHWM counts this process only.
		status, _ := os.ReadFile("/proc/self/status")
		for _, line := range strings.Split(string(status), "\n") {
			if kib, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				fmt.Fprintln(os.Stderr, "VmHWM-KiB:", strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(kib), "kB")))
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "pakbot:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// BenchmarkAskProcess runs `pakbot ask QUESTION` as a child process on the
// 100k-fact knowledge base and on the seeds alone, and reports the child's
// peak resident memory (VmHWM, the figure /usr/bin/time -v reports as
// "Maximum resident set size"). ns/op is the whole process: start, open, load the
// vocabulary, answer, exit.
func BenchmarkAskProcess(b *testing.B) {
	self, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	seedsOnly := b.TempDir() + "/seeds.db"
	big, err := benchdb.Path(context.Background(), 100_000)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct{ name, db string }{{"facts=seeds", seedsOnly}, {"facts=100k", big}} {
		b.Run(c.name, func(b *testing.B) {
			run := func() int {
				cmd := exec.Command(self, "-test.run=^$", "--", "ask", "--db", c.db, "What were Pakistan's IT exports in FY 2023-24?")
				cmd.Env = append(os.Environ(), childEnv+"=1")
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Run(); err != nil {
					b.Fatalf("pakbot ask: %v\n%s", err, stderr.Bytes())
				}
				_, after, ok := strings.Cut(stderr.String(), "VmHWM-KiB: ")
				kib, err := strconv.Atoi(strings.TrimSpace(after))
				if !ok || err != nil {
					b.Fatalf("pakbot ask reported no peak memory:\n%s", stderr.Bytes())
				}
				return kib
			}
			run() // the first run creates the seeds-only database
			peak := 0
			for b.Loop() {
				peak = max(peak, run())
			}
			b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB")
		})
	}
}

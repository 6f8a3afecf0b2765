// Package benchdb builds the large knowledge bases that benchmarks run on
// and caches them as files, so a benchmark process does not spend a minute
// seeding 100,000 facts every time it starts.
//
// A cached file is named after everything its contents depend on: the
// generator's version, the seeds, the schema migrations and the knowledge
// code that decides what gets stored and indexed. Changing any of them
// builds a new file.
package benchdb

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/synth"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/seeds"
)

// Dir is where cached databases live; $PAKBOT_BENCH_DIR overrides the
// system's temporary directory.
func Dir() string {
	if d := os.Getenv("PAKBOT_BENCH_DIR"); d != "" {
		return d
	}
	return os.TempDir()
}

var (
	baseOnce sync.Once
	base     bot.Seeds
	baseErr  error
)

// Base returns the real seeds shipped with pakbot.
func Base() (bot.Seeds, error) {
	baseOnce.Do(func() { base, baseErr = seeds.Load(seeds.FS) })
	return base, baseErr
}

// Set returns the real seeds grown to n facts.
func Set(n int) (bot.Seeds, error) {
	b, err := Base()
	if err != nil {
		return bot.Seeds{}, err
	}
	return synth.Grow(b, n), nil
}

// Path returns a database file holding Set(n) with the real seeds applied
// last, as a deployed bot's database would be, building it on first use.
// The file is shared: benchmarks that write must work on a Copy.
func Path(ctx context.Context, n int) (string, error) {
	key, err := cacheKey(n)
	if err != nil {
		return "", err
	}
	path := filepath.Join(Dir(), fmt.Sprintf("pakbot-bench-%d-%s.db", n, key))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := build(ctx, path, n); err != nil {
		return "", fmt.Errorf("cannot build benchmark database of %d facts: %w", n, err)
	}
	return path, nil
}

func build(ctx context.Context, path string, n int) error {
	set, err := Set(n)
	if err != nil {
		return err
	}
	b, _ := Base()
	tmp := fmt.Sprintf("%s.%d.tmp", path, os.Getpid())
	defer removeDB(tmp)
	db, err := knowledge.Open(ctx, tmp)
	if err != nil {
		return err
	}
	if _, err := db.Seed(ctx, set); err != nil {
		db.Close()
		return err
	}
	if _, err := db.Seed(ctx, b); err != nil {
		db.Close()
		return err
	}
	// Closing the last connection checkpoints the WAL into the file, and
	// leaves the index snapshot beside it, which goes along.
	if err := db.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return os.Rename(knowledge.SnapshotPath(tmp), knowledge.SnapshotPath(path))
}

func removeDB(path string) {
	for _, name := range []string{path, path + "-wal", path + "-shm", knowledge.SnapshotPath(path)} {
		os.Remove(name)
	}
}

// Copy copies the database file at path into dir and returns the copy's
// path, for benchmarks that write.
func Copy(path, dir string) (string, error) {
	in, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer in.Close()
	dst := filepath.Join(dir, filepath.Base(path))
	out, err := os.Create(dst)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return "", err
	}
	return dst, out.Close()
}

// repoDir is the root of the source tree this package was built from.
func repoDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// storageFiles are the sources that decide what a database holds: the
// generator and the code that stores and indexes facts.
var storageFiles = []string{"internal/synth/synth.go", "knowledge/text.go", "knowledge/index.go", "knowledge/seed.go", "knowledge/migrations/*.sql"}

func cacheKey(n int) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "synth v%d, %d facts\n", synth.Version, n)
	b, err := Base()
	if err != nil {
		return "", err
	}
	if err := json.NewEncoder(h).Encode(b); err != nil {
		return "", err
	}
	for _, pattern := range storageFiles {
		names, _ := filepath.Glob(filepath.Join(repoDir(), pattern))
		sort.Strings(names)
		for _, name := range names {
			data, err := os.ReadFile(name)
			if err != nil {
				return "", err
			}
			fmt.Fprintf(h, "%s %d\n", filepath.Base(name), len(data))
			h.Write(data)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

// RealQuestions returns the questions of the answer-quality sets in eval/
// (commands left out), as people asked them.
func RealQuestions() ([]string, error) {
	var qs []string
	for _, name := range []string{"dev.jsonl", "extra.jsonl"} {
		f, err := os.Open(filepath.Join(repoDir(), "eval", name))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var q struct{ Q string }
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			if !strings.HasPrefix(q.Q, "/") {
				qs = append(qs, q.Q)
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return qs, nil
}

// Questions returns n questions for set: seven in ten made up about its
// synthetic facts by synth.Questions, three in ten the real questions of
// the eval sets, repeated as needed, all in a fixed shuffled order so that
// any prefix is a fair sample of the whole.
func Questions(set bot.Seeds, n int) ([]string, error) {
	real, err := RealQuestions()
	if err != nil {
		return nil, err
	}
	qs := synth.Questions(set, n*7/10)
	for i := 0; len(qs) < n; i++ {
		qs = append(qs, real[i%len(real)])
	}
	rng := rand.New(rand.NewPCG(uint64(synth.Version), uint64(n)))
	rng.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
	return qs, nil
}

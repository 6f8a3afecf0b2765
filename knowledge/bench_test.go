package knowledge_test

// Benchmarks of question answering as the knowledge base grows. The large
// databases are made by internal/benchdb from the real seeds plus synthetic
// facts, built once and cached in the temporary directory. Reproduce every
// figure of BENCHMARKS.md with:
//
//	go test -tags sqlite_fts5 -p 1 -run '^$' -bench . -benchtime 3s ./knowledge ./cmd/pakbot

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	"github.com/sahilm/fuzzy"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/internal/benchdb"
	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/seeds"
	"github.com/pakbot/pakbot/understand"
)

// benchSizes are the knowledge base sizes measured, real seeds included.
// A million facts take long to build, so they are measured only when
// PAKBOT_BENCH_1M=1.
var benchSizes = func() []benchSize {
	sizes := []benchSize{{"1k", 1_000}, {"10k", 10_000}, {"100k", 100_000}}
	if os.Getenv("PAKBOT_BENCH_1M") == "1" {
		sizes = append(sizes, benchSize{"1M", 1_000_000})
	}
	return sizes
}()

type benchSize struct {
	name string
	n    int
}

// questionPool is how many distinct questions each benchmark cycles through.
const questionPool = 2000

// benchEnv is one knowledge base opened for benchmarks, with the question
// pool and the baselines over the same facts.
type benchEnv struct {
	path      string
	db        *knowledge.DB
	questions []string
	engine    *bot.Engine
	baselines []baseline
}

type baseline struct {
	name   string
	engine *bot.Engine
}

var benchEnvs = struct {
	sync.Mutex
	m map[int]*benchEnv
}{m: map[int]*benchEnv{}}

// loadBenchEnv opens the cached database of n facts, building it on first
// use, and keeps it open for the rest of the process. Benchmarks must not
// write to it.
func loadBenchEnv(b *testing.B, n int) *benchEnv {
	b.Helper()
	benchEnvs.Lock()
	defer benchEnvs.Unlock()
	if e, ok := benchEnvs.m[n]; ok {
		return e
	}
	ctx := context.Background()
	start := time.Now()
	path, err := benchdb.Path(ctx, n)
	if err != nil {
		b.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		b.Logf("built %s in %v", filepath.Base(path), d.Round(time.Millisecond))
	}
	db, err := knowledge.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	set, err := benchdb.Set(n)
	if err != nil {
		b.Fatal(err)
	}
	qs, err := benchdb.Questions(set, questionPool)
	if err != nil {
		b.Fatal(err)
	}
	// Questions are read as in production: with the built-in lexicon and
	// the engine's reader (several questions per message, follow-ups).
	lexicon, err := seeds.LoadLexicon(seeds.FS)
	if err != nil {
		b.Fatal(err)
	}
	if err := db.SetLexicon(ctx, lexicon); err != nil {
		b.Fatal(err)
	}
	e := &benchEnv{path: path, db: db, questions: qs, engine: bot.New(db, bot.WithReader(db.Reader()))}
	facts, err := allFacts(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	if len(facts) != n {
		b.Fatalf("database holds %d live facts, want %d", len(facts), n)
	}
	conn, err := openReadOnly(path)
	if err != nil {
		b.Fatal(err)
	}
	// The index as it was before it skipped postings: the same snapshot,
	// through a handle of its own that scores every posting.
	exhaustive, err := knowledge.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if err := exhaustive.SetLexicon(ctx, lexicon); err != nil {
		b.Fatal(err)
	}
	knowledge.SetExhaustiveTopK(exhaustive)
	e.baselines = []baseline{
		{"fuzzy-scan", bot.New(newFuzzyScan(db, facts, false))},
		{"fuzzy-scan-1pass", bot.New(newFuzzyScan(db, facts, true))},
		{"like-scan", bot.New(&sqlScan{DB: db, conn: conn, query: likeQuery})},
		{"fts5-top10", bot.New(&sqlScan{DB: db, conn: conn, query: fts5Query})},
		{"exhaustive-topk", bot.New(exhaustive, bot.WithReader(exhaustive.Reader()))},
	}
	benchEnvs.m[n] = e
	return e
}

func allFacts(ctx context.Context, db *knowledge.DB) ([]bot.Fact, error) {
	topics, err := db.Topics(ctx)
	if err != nil {
		return nil, err
	}
	var facts []bot.Fact
	for _, t := range topics {
		fs, err := db.TopicFacts(ctx, t.Name)
		if err != nil {
			return nil, err
		}
		facts = append(facts, fs...)
	}
	return facts, nil
}

func ask(ctx context.Context, e *bot.Engine, q string) bot.Reply {
	return e.Handle(ctx, bot.Request{Platform: bot.Console, ChatID: "bench", UserID: "bench", Text: q})
}

// BenchmarkAsk measures question-to-reply time through the engine, and in
// the same run the same questions answered by the obvious alternatives over
// the same facts: a sahilm/fuzzy scan of every fact's text and a LIKE scan
// in SQLite. The engine sub-benchmark reports how many times faster it is
// than each baseline measured before it.
func BenchmarkAsk(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("facts="+size.name, func(b *testing.B) {
			env := loadBenchEnv(b, size.n)
			nsPerOp := map[string]float64{}
			run := func(name string, engine *bot.Engine) {
				b.Run(name, func(b *testing.B) {
					ctx := context.Background()
					answered := 0
					for i := 0; b.Loop(); i++ {
						if ask(ctx, engine, env.questions[i%len(env.questions)]).Answered {
							answered++
						}
					}
					ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
					nsPerOp[name] = ns
					b.ReportMetric(100*float64(answered)/float64(b.N), "%answered")
					if name != "engine" {
						return
					}
					for _, base := range env.baselines {
						if bns, ok := nsPerOp[base.name]; ok {
							b.ReportMetric(bns/ns, "x-vs-"+base.name)
						}
					}
				})
			}
			for _, base := range env.baselines {
				run(base.name, base.engine)
			}
			run("engine", env.engine)
		})
	}
}

// BenchmarkAskLatency times every question of a long run separately and
// reports the median and the 99th percentile.
func BenchmarkAskLatency(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("facts="+size.name, func(b *testing.B) {
			env := loadBenchEnv(b, size.n)
			ctx := context.Background()
			for _, q := range env.questions[:200] { // warm caches and connections
				ask(ctx, env.engine, q)
			}
			var lat []time.Duration
			for i := 0; b.Loop(); i++ {
				start := time.Now()
				ask(ctx, env.engine, env.questions[i%len(env.questions)])
				lat = append(lat, time.Since(start))
			}
			reportPercentiles(b, lat, "")
		})
	}
}

// reportPercentiles reports the median, 99th percentile and maximum of lat
// in milliseconds, with names prefixed by prefix.
func reportPercentiles(b *testing.B, lat []time.Duration, prefix string) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / 1e6
	}
	b.ReportMetric(at(0.50), prefix+"p50-ms")
	b.ReportMetric(at(0.99), prefix+"p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1])/1e6, prefix+"max-ms")
}

// BenchmarkAskParallel measures answers per second through one engine with
// concurrent requests: as many clients as cores, and four times as many.
func BenchmarkAskParallel(b *testing.B) {
	env := loadBenchEnv(b, 100_000)
	for _, perCore := range []int{1, 4} {
		clients := perCore * runtime.GOMAXPROCS(0)
		b.Run(fmt.Sprintf("facts=100k/clients=%d", clients), func(b *testing.B) {
			ctx := context.Background()
			var next atomic.Int64
			b.SetParallelism(perCore)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					i := next.Add(1)
					ask(ctx, env.engine, env.questions[int(i)%len(env.questions)])
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "answers/s")
		})
	}
}

// BenchmarkTopK measures finding a question's 40 candidates, skipping
// postings, against scoring every posting (the index before it skipped
// them) in the same run.
func BenchmarkTopK(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("facts="+size.name, func(b *testing.B) {
			env := loadBenchEnv(b, size.n)
			maxScore, exhaustive, done := knowledge.TopKRunners(env.db, env.questions)
			defer done()
			var baseNs float64
			b.Run("exhaustive", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					exhaustive(i)
				}
				baseNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			})
			b.Run("maxscore", func(b *testing.B) {
				for i := 0; b.Loop(); i++ {
					maxScore(i)
				}
				if ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N); baseNs > 0 {
					b.ReportMetric(baseNs/ns, "x-vs-exhaustive")
				}
			})
		})
	}
}

// BenchmarkTopicCommand measures a topic listing (/exports), which reads
// the first page of the topic's facts: not a question, but a request
// users send.
func BenchmarkTopicCommand(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("facts="+size.name, func(b *testing.B) {
			env := loadBenchEnv(b, size.n)
			ctx := context.Background()
			for b.Loop() {
				if r := ask(ctx, env.engine, "/exports"); r.Kind != bot.KindTopic {
					b.Fatalf("/exports gave reply kind %d", r.Kind)
				}
			}
		})
	}
}

// BenchmarkPeriodListing measures a question of nothing but a period
// ("What happened in May 2021?"), which finds the period's facts among
// those the snapshot keeps newest first, with /exports, a topic's page
// from its listing, as the baseline.
func BenchmarkPeriodListing(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("facts="+size.name, func(b *testing.B) {
			env := loadBenchEnv(b, size.n)
			ctx := context.Background()
			for _, q := range []string{"What happened in May 2021?", "/exports"} {
				b.Run(q, func(b *testing.B) {
					for b.Loop() {
						if r := ask(ctx, env.engine, q); r.Kind != bot.KindTopic {
							b.Fatalf("%q gave reply kind %d: %s", q, r.Kind, bot.RenderText(r))
						}
					}
				})
			}
		})
	}
}

// BenchmarkComplete measures question autocompletion (Discord offers it
// while a user types), which gathers the keywords of every fact.
func BenchmarkComplete(b *testing.B) {
	for _, size := range benchSizes {
		b.Run("facts="+size.name, func(b *testing.B) {
			env := loadBenchEnv(b, size.n)
			ctx := context.Background()
			b.Run("cached", func(b *testing.B) {
				for b.Loop() {
					if _, err := env.engine.Complete(ctx, "expo", 10); err != nil {
						b.Fatal(err)
					}
				}
			})
			// The first completion of a new engine gathers the phrases of
			// every topic: from the snapshot, and, the baseline, from
			// every fact as TopicFacts lists it.
			first := func(name string, kb bot.Knowledge) {
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						if _, err := bot.New(kb).Complete(ctx, "expo", 10); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			first("first-via-facts", struct{ bot.Knowledge }{env.db})
			first("first", env.db)
		})
	}
}

// BenchmarkOpen measures start-up: reading the embedded seeds, creating,
// migrating and seeding an empty database (a first run), and opening an
// existing database with the seed check that every run does.
func BenchmarkOpen(b *testing.B) {
	ctx := context.Background()
	b.Run("load-seeds", func(b *testing.B) {
		for b.Loop() {
			if _, err := seedsLoad(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("cold-start", func(b *testing.B) {
		dir := b.TempDir()
		for i := 0; b.Loop(); i++ {
			set, err := seedsLoad()
			if err != nil {
				b.Fatal(err)
			}
			openAndSeed(b, ctx, filepath.Join(dir, fmt.Sprintf("cold-%d.db", i)), set)
		}
	})
	existing := func(name, path string) {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				set, err := seedsLoad()
				if err != nil {
					b.Fatal(err)
				}
				openAndSeed(b, ctx, path, set)
			}
		})
	}
	set, err := seedsLoad()
	if err != nil {
		b.Fatal(err)
	}
	seeded := filepath.Join(b.TempDir(), "seeded.db")
	openAndSeed(b, ctx, seeded, set)
	existing("existing-seeds", seeded)
	big := loadBenchEnv(b, 100_000).path
	existing("existing-100k", big)
	// The baseline: the index rebuilt from SQL, as every Open did before
	// the snapshot, and the snapshot written again.
	b.Run("existing-100k-rebuild", func(b *testing.B) {
		for b.Loop() {
			if err := os.Remove(knowledge.SnapshotPath(big)); err != nil {
				b.Fatal(err)
			}
			openAndSeed(b, ctx, big, set)
		}
	})
}

func openAndSeed(b *testing.B, ctx context.Context, path string, set bot.Seeds) {
	db, err := knowledge.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Seed(ctx, set); err != nil {
		b.Fatal(err)
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
}

// seedsLoad reads the embedded seeds, as `pakbot ask` does on every run.
func seedsLoad() (bot.Seeds, error) { return seeds.Load(seeds.FS) }

// --- Baselines --------------------------------------------------------------

// baselineStopWords are the words the baselines ignore in a question.
var baselineStopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a an the of in on at to for by with and or is are was were be been
		what which who whom when where why how many much does did do have has had pakistan pakistans
		pakistan's me about tell there this that it its from as`) {
		baselineStopWords[w] = true
	}
}

func questionWords(q string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		if len(w) > 1 && !baselineStopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

// fuzzyScan answers the way a bot without a search index would: every
// question word is matched with sahilm/fuzzy against the text of every
// fact, held in memory, and the facts matching the most words win. With
// onePass, the question's words are matched as one pattern in a single
// pass, the least work a fuzzy scan can do.
type fuzzyScan struct {
	*knowledge.DB
	facts   []bot.Fact
	texts   []string
	onePass bool
}

func newFuzzyScan(db *knowledge.DB, facts []bot.Fact, onePass bool) *fuzzyScan {
	s := &fuzzyScan{DB: db, facts: facts, onePass: onePass}
	for _, f := range facts {
		s.texts = append(s.texts, f.Text)
	}
	return s
}

func (s *fuzzyScan) Search(ctx context.Context, question string, limit int) ([]bot.Hit, error) {
	words := questionWords(question)
	if len(words) == 0 {
		return nil, nil
	}
	patterns := words
	if s.onePass {
		patterns = []string{strings.Join(words, " ")}
	}
	type score struct{ words, fuzzy int }
	scores := map[int]score{}
	for _, p := range patterns {
		for _, m := range fuzzy.FindNoSort(p, s.texts) {
			sc := scores[m.Index]
			sc.words++
			sc.fuzzy += m.Score
			scores[m.Index] = sc
		}
	}
	hits := make([]bot.Hit, 0, len(scores))
	for i, sc := range scores {
		hits = append(hits, bot.Hit{Fact: s.facts[i], Score: float64(sc.words)*1000 + float64(sc.fuzzy),
			Confidence: float64(sc.words) / float64(len(patterns))})
	}
	slices.SortFunc(hits, func(a, b bot.Hit) int { return cmp.Compare(b.Score, a.Score) })
	return hits[:min(limit, len(hits))], nil
}

// sqlScan answers with one SQL query per question, made by query from the
// question's words; it selects facts with their sources, and a match
// count or score, best first.
type sqlScan struct {
	*knowledge.DB
	conn  *sql.DB
	query func(words []string, limit int) (string, []any)
}

func openReadOnly(path string) (*sql.DB, error) {
	conn, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_query_only=1")
	if err != nil {
		return nil, err
	}
	conn.SetMaxOpenConns(2 * runtime.GOMAXPROCS(0))
	conn.SetMaxIdleConns(2 * runtime.GOMAXPROCS(0))
	return conn, nil
}

// factSelect is what an sqlScan's query selects before its score.
const factSelect = `SELECT f.key, v.topic, v.text, v.period, v.series, s.id, s.title, s.publisher, s.published, s.url, s.approx_date`

// likeQuery tests every current fact's text with LIKE '%word%' for each
// question word.
func likeQuery(words []string, limit int) (string, []any) {
	var terms []string
	var args []any
	for _, w := range words {
		terms = append(terms, `(v.text LIKE ?)`)
		args = append(args, "%"+w+"%")
	}
	return factSelect + `, ` + strings.Join(terms, " + ") + ` AS n
		FROM facts f
		JOIN fact_versions v ON v.fact_id = f.id AND v.version = f.current_version
		JOIN sources s ON s.id = v.source_id
		WHERE v.removed = 0 AND n > 0 ORDER BY n DESC, f.position LIMIT ?`, append(args, limit)
}

// fts5Query asks SQLite's FTS5 index for the best BM25 matches of any
// question word, stemmed as the index is, with the index's column weights.
func fts5Query(words []string, limit int) (string, []any) {
	var terms []string
	for _, w := range words {
		terms = append(terms, `"`+strings.ReplaceAll(understand.Stem(w), `"`, `""`)+`"`)
	}
	return factSelect + `, -bm25(facts_fts, 0.4, 1.0, 0.8, 1.0) AS n
		FROM facts_fts
		JOIN facts f ON f.id = facts_fts.rowid
		JOIN fact_versions v ON v.fact_id = f.id AND v.version = f.current_version
		JOIN sources s ON s.id = v.source_id
		WHERE facts_fts MATCH ? ORDER BY bm25(facts_fts, 0.4, 1.0, 0.8, 1.0) LIMIT ?`, []any{strings.Join(terms, " OR "), limit}
}

func (s *sqlScan) Search(ctx context.Context, question string, limit int) ([]bot.Hit, error) {
	words := questionWords(question)
	if len(words) == 0 {
		return nil, nil
	}
	query, args := s.query(words, limit)
	rows, err := s.conn.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []bot.Hit
	for rows.Next() {
		var f bot.Fact
		var period string
		var n float64
		if err := rows.Scan(&f.Key, &f.Topic, &f.Text, &period, &f.Series, &f.Source.ID, &f.Source.Title,
			&f.Source.Publisher, &f.Source.Published, &f.Source.URL, &f.Source.ApproxDate, &n); err != nil {
			return nil, err
		}
		f.SourceID = f.Source.ID
		f.Period, _ = bot.ParsePeriod(period)
		hits = append(hits, bot.Hit{Fact: f, Score: n, Confidence: min(1, n/float64(len(words)))})
	}
	return hits, rows.Err()
}

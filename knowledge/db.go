// Package knowledge is pakbot's fact store: SQLite (through mattn/go-sqlite3)
// with an FTS5 index, typo correction against the index's own vocabulary,
// and versioned facts that moderators can change without losing anything.
package knowledge

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver

	"github.com/pakbot/pakbot/understand"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// ErrNoFTS5 means the binary was built without the sqlite_fts5 build tag:
// go-sqlite3 then compiles SQLite without FTS5 and search cannot work.
var ErrNoFTS5 = errors.New("this build of pakbot has no SQLite FTS5 support; rebuild with the sqlite_fts5 build tag: go build -tags sqlite_fts5 ./cmd/pakbot")

// DB is the knowledge store. It is safe for concurrent use: reads go through
// a pool of read-only connections, writes through a single connection.
type DB struct {
	path  string
	write *sql.DB
	read  *sql.DB

	// Now returns the current time; tests replace it.
	Now func() time.Time

	// reader reads questions; its lexicon is the seeds' plus the
	// moderators' entries.
	reader *understand.Analyzer
	// lexMu guards seedLexicon and orders lexicon rebuilds.
	lexMu sync.Mutex
	// seedLexicon is the built-in lexicon, read and built once (see
	// setSeed); the moderators' entries are laid on a copy of it.
	seedLexicon func() (*understand.Lexicon, error)

	// saltMu guards salt, the question log's salt once read (see logSalt).
	saltMu sync.Mutex
	salt   []byte

	// topics caches Topics, which short questions read (see topicCache).
	topics topicCache
	// answers remembers the best answers of questions the engine asks
	// again and again (see TopAnswer).
	answers answerCache
	// notices remembers that no notice waits (see noticeCache).
	notices noticeCache

	mu    sync.RWMutex
	vocab *vocabulary
	sync  indexSync // following other processes' writes, see sync.go

	// folding is set while a fold runs in the background (see foldSoon);
	// folds counts those to wait for at Close.
	folding atomic.Bool
	folds   sync.WaitGroup
	// brief is set by Briefly; memory for ":memory:".
	brief, memory bool
	// readyFirst readies the first search of a database opened briefly,
	// on the core the process leaves idle; the search waits for it rather
	// than do the same (see readyFirstSearch). Nil otherwise.
	readyFirst func()
	// snapshotWarning warns once that the snapshot cannot be written.
	snapshotWarning sync.Once
	// exhaustiveTopK makes searches score every posting (see
	// topBM25Exhaustive); benchmarks set it for their baseline.
	exhaustiveTopK bool
}

// An Option changes how Open opens a database.
type Option func(*DB)

// WithLexicon has questions read with the built-in lexicon seed from the
// start, as SetLexicon would after Open, but built while Open reads the
// index's snapshot rather than after it.
func WithLexicon(seed []understand.Entry) Option {
	return WithLexiconFrom(func() ([]understand.Entry, error) { return seed, nil })
}

// WithLexiconFrom is WithLexicon with the built-in lexicon read by load,
// which runs while Open does its other work; Open fails with load's
// error.
func WithLexiconFrom(load func() ([]understand.Entry, error)) Option {
	return func(db *DB) { db.setSeed(load) }
}

// Briefly opens the database for a moment's use, such as answering one
// question and exiting: writes by other processes are not followed, and
// reads share the writer's connection. The file watcher that follows
// them costs milliseconds to take down, as much as the rest of closing.
func Briefly() Option {
	return func(db *DB) { db.brief = true }
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date. Path ":memory:" gives a private in-memory database.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	if path == "" {
		return nil, errors.New("cannot open knowledge base: empty path")
	}
	db := &DB{path: path, Now: time.Now, reader: understand.NewAnalyzer(nil)}
	for _, opt := range opts {
		opt(db)
	}
	if db.seedLexicon != nil {
		// Read and built on the other core while the schema and the
		// snapshot are checked: a one-shot ask spent 15-18 ms on it
		// after them.
		go db.seedLexicon()
	}
	params := "_foreign_keys=on&_busy_timeout=10000&_txlock=immediate&_stmt_cache_size=64"
	if path == ":memory:" {
		// Every connection to :memory: would get its own empty database, so
		// readers and the writer share one connection.
		conn, err := sql.Open("sqlite3", "file::memory:?"+params)
		if err != nil {
			return nil, fmt.Errorf("cannot open knowledge base: %w", err)
		}
		conn.SetMaxOpenConns(1)
		conn.SetConnMaxLifetime(0)
		conn.SetConnMaxIdleTime(0)
		db.write, db.read = conn, conn
		db.memory = true
	} else {
		name := "file:" + (&url.URL{Path: path}).EscapedPath() + "?"
		w, err := sql.Open("sqlite3", name+params+"&_journal_mode=WAL&_synchronous=NORMAL")
		if err != nil {
			return nil, fmt.Errorf("cannot open knowledge base %s: %w", path, err)
		}
		w.SetMaxOpenConns(1)
		db.write = w
	}
	// The snapshot of the index is checked while the schema and the
	// lexicon are readied: on a large database reading it is most of
	// what Open costs.
	var snap *snapshotRead
	if path := db.snapshotPath(); path != "" {
		snap = startSnapshotRead(path)
	}
	fail := func(err error) (*DB, error) {
		if snap != nil {
			snap.discard()
		}
		db.Close()
		return nil, err
	}
	if err := db.checkFTS5(ctx); err != nil {
		return fail(err)
	}
	if err := db.migrate(ctx); err != nil {
		return fail(err)
	}
	if err := db.reindexForRules(ctx); err != nil {
		return fail(err)
	}
	if db.read == nil && db.brief {
		// A moment's reads are few: they share the writer's connection,
		// as an in-memory database's do, rather than open another and
		// read the schema again (8 ms of a one-shot ask at 100k facts).
		// Reads in a transaction take no write lock there (see
		// snapshot).
		db.read = db.write
	}
	if db.read == nil {
		r := openReadPool("file:" + (&url.URL{Path: path}).EscapedPath() + "?" + params + "&_query_only=1")
		r.SetMaxOpenConns(max(4, 2*runtime.GOMAXPROCS(0)))
		r.SetMaxIdleConns(max(4, 2*runtime.GOMAXPROCS(0)))
		db.read = r
	}
	if err := db.loadLexicon(ctx); err != nil {
		return fail(fmt.Errorf("cannot open knowledge base: %w", err))
	}
	err := db.openIndex(ctx, snap)
	snap = nil // opened or let go by openIndex
	if err != nil {
		return fail(err)
	}
	if !db.isMemory() && !db.brief {
		db.startSync()
	}
	if db.brief {
		v := db.vocab
		db.readyFirst = sync.OnceFunc(v.readyFirstSearch)
		go db.readyFirst()
	}
	return db, nil
}

// Close stops following other processes' writes, leaves a snapshot of
// the index as it is now for the next Open, and closes the database.
func (db *DB) Close() error {
	db.stopSync()
	db.folds.Wait()
	var errs []error
	if db.vocab != nil {
		if db.snapshotPath() != "" {
			errs = append(errs, db.fold())
		}
		errs = append(errs, db.vocab.base.close())
	}
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

func (db *DB) checkFTS5(ctx context.Context) error {
	var enabled int
	if err := db.write.QueryRowContext(ctx, `SELECT sqlite_compileoption_used('ENABLE_FTS5')`).Scan(&enabled); err != nil {
		return fmt.Errorf("cannot open knowledge base %s: %w", db.path, err)
	}
	if enabled == 0 {
		return ErrNoFTS5
	}
	return nil
}

// migrate applies the embedded migrations that have not run yet, each in
// its own transaction, in file name order.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("cannot create migrations table: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("cannot list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("cannot begin migration %s: %w", name, err)
	}
	defer tx.Rollback()

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return fmt.Errorf("cannot check migration %s: %w", name, err)
	} else if n != 0 {
		return nil
	}
	script, err := migrationFS.ReadFile(name)
	if err != nil {
		return fmt.Errorf("cannot read migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, string(script)); err != nil {
		return fmt.Errorf("cannot apply migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`, name, db.timestamp()); err != nil {
		return fmt.Errorf("cannot record migration %s: %w", name, err)
	}
	return tx.Commit()
}

func (db *DB) timestamp() string { return db.Now().UTC().Format(time.RFC3339Nano) }

// isMemory reports whether the database is an in-memory one, which has
// no file, so no snapshot beside it, and one connection for all.
func (db *DB) isMemory() bool { return db.memory }

// Reader is how the store reads questions; the engine uses it too, so a
// message is split and followed up the way it is searched.
func (db *DB) Reader() *understand.Analyzer { return db.reader }

// SQLiteFeatures reports the version of the SQLite compiled into this
// binary and whether it has FTS5, which search needs.
func SQLiteFeatures(ctx context.Context) (version string, fts5 bool, err error) {
	conn, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		return "", false, fmt.Errorf("cannot open SQLite: %w", err)
	}
	defer conn.Close()
	var enabled int
	if err := conn.QueryRowContext(ctx, `SELECT sqlite_version(), sqlite_compileoption_used('ENABLE_FTS5')`).Scan(&version, &enabled); err != nil {
		return "", false, fmt.Errorf("cannot ask SQLite for its features: %w", err)
	}
	return version, enabled != 0, nil
}

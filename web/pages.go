package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/chart"
)

// Cache lifetimes. Pages may be a minute old, so a moderator's edit shows
// within a minute even behind a cache; search results are never stored.
const (
	pageCache  = "public, max-age=60"
	styleCache = "public, max-age=86400"
)

// routes are the server's URLs. Each page has a stable one: /topics/NAME,
// /facts/KEY, /sources, /ask?q=QUESTION.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	if s.metrics != nil {
		mux.HandleFunc("GET /metrics", s.metricsPage)
	}
	mux.HandleFunc("GET /style.css", s.style)
	mux.HandleFunc("GET /{$}", s.page(s.index))
	mux.HandleFunc("GET /topics/{name}", s.page(s.topic))
	mux.HandleFunc("GET /facts/{key}", s.page(s.fact))
	mux.HandleFunc("GET /sources", s.page(s.sources))
	mux.HandleFunc("GET /ask", s.page(s.ask))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			s.renderError(w, http.StatusMethodNotAllowed, "This site is read-only: it answers GET requests only.")
			return
		}
		s.renderError(w, http.StatusNotFound, "There is no page at this address.")
	})
	return mux
}

func (s *Server) style(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", styleCache)
	w.Write(s.css)
}

// view is what a page handler produces: the template to render and its
// data, or an error status with a sentence for the reader.
type view struct {
	name  string
	data  any
	cache string
	// status and message report a page that is not there.
	status  int
	message string
}

// page turns a handler into an http.HandlerFunc that renders its view,
// or answers 503 while the knowledge base is still opening.
func (s *Server) page(h func(ctx context.Context, kb Knowledge, asker Asker, r *http.Request) (view, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.RLock()
		kb, asker := s.kb, s.asker
		s.mu.RUnlock()
		if kb == nil || asker == nil {
			w.Header().Set("Retry-After", "5")
			s.renderError(w, http.StatusServiceUnavailable, "pakbot is starting; please try again in a few seconds.")
			return
		}
		v, err := h(r.Context(), kb, asker, r)
		if err != nil {
			s.logger.Error("web: page failed", "path", r.URL.Path, "err", err)
			s.renderError(w, http.StatusInternalServerError, "Something went wrong on our side. Please try again in a moment.")
			return
		}
		if v.status != 0 {
			s.renderError(w, v.status, v.message)
			return
		}
		w.Header().Set("Cache-Control", v.cache)
		s.render(w, http.StatusOK, v.name, v.data)
	}
}

// render executes a page into a buffer first, so a failure is a clean 500
// rather than half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.logger.Error("web: cannot render page", "page", name, "err", err)
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) renderError(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, status, "error", errorPage{Title: http.StatusText(status), Message: message})
}

type errorPage struct{ Title, Message, Query string }

// indexPage is every topic with its facts and charts.
type indexPage struct {
	Title  string
	Query  string
	Topics []topicView
}

func (s *Server) index(ctx context.Context, kb Knowledge, _ Asker, _ *http.Request) (view, error) {
	topics, err := kb.Topics(ctx)
	if err != nil {
		return view{}, err
	}
	p := indexPage{Title: "Pakistan's tech sector, in cited facts"}
	for _, t := range topics {
		tv, err := topicOf(ctx, kb, t)
		if err != nil {
			return view{}, err
		}
		p.Topics = append(p.Topics, tv)
	}
	return view{name: "index", data: p, cache: pageCache}, nil
}

type topicPage struct {
	Title string
	Query string
	Topic topicView
}

func (s *Server) topic(ctx context.Context, kb Knowledge, _ Asker, r *http.Request) (view, error) {
	topics, err := kb.Topics(ctx)
	if err != nil {
		return view{}, err
	}
	name := r.PathValue("name")
	for _, t := range topics {
		if t.Name == name {
			tv, err := topicOf(ctx, kb, t)
			if err != nil {
				return view{}, err
			}
			tv.Alone = true
			return view{name: "topic", data: topicPage{Title: t.Title, Topic: tv}, cache: pageCache}, nil
		}
	}
	return view{status: http.StatusNotFound, message: fmt.Sprintf("There is no topic %q. The home page lists every topic.", name)}, nil
}

type factPage struct {
	Title    string
	Query    string
	Fact     factView
	Topic    string
	Removed  bool
	Versions []versionView
}

func (s *Server) fact(ctx context.Context, kb Knowledge, _ Asker, r *http.Request) (view, error) {
	key := r.PathValue("key")
	f, err := kb.Fact(ctx, key)
	if errors.Is(err, bot.ErrNotFound) {
		return view{status: http.StatusNotFound, message: fmt.Sprintf("There is no fact %q.", key)}, nil
	}
	if err != nil {
		return view{}, err
	}
	history, err := kb.History(ctx, key)
	if err != nil {
		return view{}, err
	}
	p := factPage{Title: "Fact " + f.Key, Fact: factOf(f), Topic: f.Topic, Removed: f.Removed}
	for i := len(history) - 1; i >= 0; i-- {
		p.Versions = append(p.Versions, versionOf(history[i], i == len(history)-1))
	}
	return view{name: "fact", data: p, cache: pageCache}, nil
}

type sourcesPage struct {
	Title   string
	Query   string
	Sources []sourceView
}

type sourceView struct {
	Cite  citeView
	Facts int
}

func (s *Server) sources(ctx context.Context, kb Knowledge, _ Asker, _ *http.Request) (view, error) {
	sources, err := kb.Sources(ctx)
	if err != nil {
		return view{}, err
	}
	p := sourcesPage{Title: "Sources"}
	for _, src := range sources {
		p.Sources = append(p.Sources, sourceView{Cite: citeOf(src.Citation()), Facts: src.FactCount})
	}
	return view{name: "sources", data: p, cache: pageCache}, nil
}

type askPage struct {
	Title  string
	Query  string
	Answer answerView
}

func (s *Server) ask(ctx context.Context, _ Knowledge, asker Asker, r *http.Request) (view, error) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return view{status: http.StatusBadRequest, message: "Type a question in the search box, for example: What were Pakistan's IT exports in FY 2023-24?"}, nil
	}
	reply := asker.AskOn(ctx, bot.Web, q)
	return view{name: "ask", data: askPage{Title: q, Query: q, Answer: answerOf(reply)}, cache: "no-store"}, nil
}

// topicView is a topic with its facts, newest period first, and charts.
type topicView struct {
	// Alone is set on the topic's own page, where its title is the
	// page's heading.
	Alone  bool
	Topic  bot.Topic
	Facts  []factView
	Charts []chartView
}

func topicOf(ctx context.Context, kb Knowledge, t bot.Topic) (topicView, error) {
	facts, err := kb.TopicFacts(ctx, t.Name)
	if err != nil {
		return topicView{}, err
	}
	bot.SortByPeriod(facts)
	tv := topicView{Topic: t}
	for _, f := range facts {
		tv.Facts = append(tv.Facts, factOf(f))
	}
	charts, err := bot.TopicCharts(ctx, kb, t.Name)
	if err != nil {
		return topicView{}, err
	}
	for i, c := range charts {
		cv, err := chartOf(c, fmt.Sprintf("chart-%s-%d", t.Name, i+1))
		if err != nil {
			return topicView{}, err
		}
		tv.Charts = append(tv.Charts, cv)
	}
	return tv, nil
}

// factView is a fact as a list shows it.
type factView struct {
	Key, Text, Period, Figure string
	// PeriodEnd is the period's last day, for a <time> element.
	PeriodEnd string
	Cite      citeView
}

func factOf(f bot.Fact) factView {
	src := f.Source
	if src.ID == "" {
		src.ID = f.SourceID
	}
	v := factView{Key: f.Key, Text: f.Text, Period: f.Period.String(), Figure: f.Figure.String(), Cite: citeOf(src.Citation())}
	if !f.Period.IsZero() {
		v.PeriodEnd = f.Period.End.Format("2006-01-02")
	}
	return v
}

// citeView is a source's citation, linkable only by an http(s) URL.
type citeView struct {
	Title, Publisher, Published, URL string
	// Link is URL when it is safe to link to.
	Link string
}

func citeOf(c bot.Citation) citeView {
	c = c.Clean()
	v := citeView{Title: c.Title, Publisher: c.Publisher, URL: c.URL}
	if v.Title == "" {
		v.Title = c.SourceID
	}
	if p, err := bot.ParsePeriod(c.Published); err == nil && !p.IsZero() {
		v.Published = p.String()
	}
	if u, err := url.Parse(c.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		v.Link = c.URL
	}
	return v
}

// chartView is a chart drawn as SVG, with its sources for the caption.
type chartView struct {
	ID, Title, Unit string
	SVG             template.HTML
	Sources         []citeView
}

func chartOf(c bot.Chart, id string) (chartView, error) {
	id = safeID(id)
	svg, err := chart.SVG(c, id)
	if err != nil {
		return chartView{}, err
	}
	v := chartView{ID: id, Title: c.Title, Unit: c.Unit, SVG: svg}
	for _, cite := range c.Citations() {
		v.Sources = append(v.Sources, citeOf(cite))
	}
	return v, nil
}

// safeID keeps letters, digits and hyphens, for ids built from names.
func safeID(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, s)
}

// versionView is one version of a fact, all of it.
type versionView struct {
	Version                                  int
	Date, DateTime, Change, Author, Platform string
	Text, Topic, Period, Figure              string
	Removed, Current                         bool
	Cite                                     citeView
}

func versionOf(v bot.Version, current bool) versionView {
	f := v.Fact
	author := v.Author
	if v.Change == "seed" || v.Change == "seed-update" {
		author = "" // the release, not a person
	}
	return versionView{
		Version: f.Version, Date: v.At.UTC().Format("2 January 2006"), DateTime: v.At.UTC().Format("2006-01-02T15:04:05Z"),
		Change: changeWords(v.Change), Author: author, Platform: string(v.Platform),
		Text: f.Text, Topic: f.Topic, Period: f.Period.String(), Figure: f.Figure.String(),
		Removed: f.Removed, Current: current, Cite: citeOf(f.Source.Citation()),
	}
}

// changeWords says how a version came about, for readers.
func changeWords(change string) string {
	switch change {
	case "seed":
		return "built in"
	case "seed-update":
		return "updated by a release"
	case "add":
		return "added"
	case "edit":
		return "edited"
	case "remove":
		return "removed from answers"
	case "restore":
		return "restored to answers"
	case "import":
		return "imported"
	}
	return change
}

// answerView is the engine's reply to a search, as the page shows it.
type answerView struct {
	Answered    bool
	Title       string
	Groups      []blockGroup
	Citations   []citeView
	Suggestions []string
}

// blockGroup is a run of blocks: list items together in one list.
type blockGroup struct {
	List   bool
	Blocks []blockView
}

type blockView struct {
	Text    string
	Heading bool
	FactKey string
	Cites   []citeMark
}

// citeMark is a citation number, linking to its source where it can.
type citeMark struct {
	N    int
	Link string
}

func answerOf(r bot.Reply) answerView {
	v := answerView{Answered: r.Answered, Title: r.Title, Suggestions: r.Suggestions}
	for _, c := range r.Citations {
		v.Citations = append(v.Citations, citeOf(c))
	}
	for _, b := range r.Blocks {
		bv := blockView{Text: b.Text, Heading: b.Heading, FactKey: b.FactKey}
		for _, n := range b.Cites {
			m := citeMark{N: n}
			if n >= 1 && n <= len(v.Citations) {
				m.Link = v.Citations[n-1].Link
			}
			bv.Cites = append(bv.Cites, m)
		}
		if n := len(v.Groups); n > 0 && v.Groups[n-1].List && b.Item {
			v.Groups[n-1].Blocks = append(v.Groups[n-1].Blocks, bv)
			continue
		}
		v.Groups = append(v.Groups, blockGroup{List: b.Item, Blocks: []blockView{bv}})
	}
	return v
}

// templateFuncs are the helpers the templates use.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("1 %s", one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
	}
}

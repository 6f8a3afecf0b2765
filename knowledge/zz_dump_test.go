package knowledge

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/pakbot/pakbot/seeds"
)

func TestZZDump(t *testing.T) {
	out := os.Getenv("ZZ_OUT")
	if out == "" {
		t.Skip()
	}
	db := mustOpenSeeded(t, mustSeeds(t))
	lex, err := seeds.LoadLexicon(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetLexicon(context.Background(), lex); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Create(out)
	defer f.Close()
	files, _ := filepath.Glob("../eval/*.jsonl")
	for _, file := range files {
		if filepath.Base(file) == "fresh5.jsonl" {
			continue
		}
		in, _ := os.Open(file)
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			var q map[string]any
			if json.Unmarshal(sc.Bytes(), &q) != nil {
				continue
			}
			hits, _ := db.Search(context.Background(), q["q"].(string), 3)
			var hs []map[string]any
			for _, h := range hits {
				hs = append(hs, map[string]any{"key": h.Fact.Key, "text": h.Fact.Text, "conf": h.Confidence, "src": h.Fact.SourceID})
			}
			q["file"] = filepath.Base(file)
			q["hits"] = hs
			b, _ := json.Marshal(q)
			f.Write(append(b, '\n'))
		}
		in.Close()
	}
}

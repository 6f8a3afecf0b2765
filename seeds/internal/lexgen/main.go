// Command lexgen compiles seeds/lexicon.yaml into seeds/lexicon.txt, the
// form pakbot reads at every start (see understand.CompileLexicon). It
// checks the lexicon as the tests do and writes nothing if it is wrong.
// Run it with go generate in the seeds package after editing the lexicon.
package main

import (
	"log"
	"os"

	"github.com/pakbot/pakbot/understand"
)

func main() {
	data, err := os.ReadFile("lexicon.yaml")
	if err != nil {
		log.Fatal(err)
	}
	entries, err := understand.ParseLexicon(data)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("lexicon.txt", understand.CompileLexicon(entries), 0o644); err != nil {
		log.Fatal(err)
	}
}

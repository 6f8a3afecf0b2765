// Command hashgen writes seeds/seeds.hash, the hash a database records
// when it has the seeds (see knowledge.SeedHash), so pakbot learns that a
// database is seeded without reading the seeds at every start. Run it
// with go generate in the seeds package after editing the seeds.
package main

import (
	"log"
	"os"

	"github.com/pakbot/pakbot/knowledge"
	"github.com/pakbot/pakbot/seeds"
)

func main() {
	set, err := seeds.Load(seeds.FS)
	if err != nil {
		log.Fatal(err)
	}
	hash, err := knowledge.SeedHash(set)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("seeds.hash", []byte(hash+"\n"), 0o644); err != nil {
		log.Fatal(err)
	}
}

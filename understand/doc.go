// Package understand reads questions the way people in Pakistan write them:
// in English, in chat shorthand, in Roman Urdu and in Urdu script, often
// mixed. It turns a question into what search needs: the words that carry
// its subject, each with the other words that may stand for it; how much each
// word matters if no fact holds it; the period asked about; and the kind of
// answer wanted (a figure, a person, a place, a date).
//
// It holds no facts and no SQL. Its knowledge of language comes from three
// places: WordNet 3.0 and SUBTLEX-US word counts, compiled by go generate
// into words.txt (general English: synonyms, derived forms, how common a
// word is), antonyms.txt (words of opposite meaning), stems.txt (words the
// stemmer would confuse with unrelated ones) and places.txt (names only
// places have); the domain lexicon in
// seeds/lexicon.yaml (abbreviations, local names, Roman Urdu and Urdu
// words); and the entries moderators add from chat.
package understand

//go:generate go run ./internal/wordgen -wordnet /usr/share/wordnet -subtlex /tmp/package/index.json -out words.txt -antonyms antonyms.txt
//go:generate go run ./internal/stemgen -words words.txt -out stems.txt
//go:generate go run ./internal/placegen -wordnet /usr/share/wordnet -out places.txt

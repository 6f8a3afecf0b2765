package knowledge

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/fnv"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/pakbot/pakbot/bot"
	"github.com/pakbot/pakbot/understand"
)

// A snapshot is the search index and everything a question's answer needs,
// laid out so it can be used where it lies: written once to a sidecar file
// next to the database and memory-mapped by every later Open, so that
// starting costs a checksum instead of rebuilding the index from SQL, and
// a question touches only the pages it reads. In-memory databases keep the
// same bytes on the heap, so there is one way to read an index.
//
// The layout is a fixed header and a table of sections, each 8-byte
// aligned so that arrays of integers and postings are read in place. The
// header names the stored index generation the snapshot reflects: one of
// another generation is caught up or rebuilt, never trusted as current.
// Integers are in the machine's byte order, which the header records.
//
// Adding a field to a fact or a section: encode it in encodeFact (or add
// the section in encodeSnapshot and openSnapshot) and bump
// snapshotVersion, which makes every older snapshot be rebuilt.

const (
	snapshotMagic   = "PAKBOTIX"
	snapshotVersion = 12
	// byteOrderMark reads as this only in the byte order that wrote it.
	byteOrderMark = 0x01020304
	headerSize    = 48
)

// The sections, in file order.
const (
	secStats          = iota // docs, tokens, maxLen
	secTermOff               // offsets of the sorted terms
	secTermData              //
	secPostOff               // by term: where its postings start in secPostings
	secPostings              // postings of all terms, in term order
	secFactOff               // by fact id: where its record starts in secFactData
	secFactData              // fact records, see encodeFact
	secDocLen                // by fact id: its number of terms, 0 when not indexed
	secWordOff               // surface words, sorted
	secWordData              //
	secWordTermOff           // by word: the term it stems to
	secWordTermData          //
	secWordLetters           // by word: letterSet(word)
	secSurfTermOff           // terms with surface words, sorted
	secSurfTermData          //
	secSurfOff               // by surface term: where its words start in secSurfWords
	secSurfWords             // word indexes
	secBucketKeys            // typo buckets' keys (first rune << 32 | runes), sorted
	secBucketOff             // by bucket: where its words start in secBucketWords
	secBucketWords           // word indexes, sorted by word within a bucket
	secNameOff               // name terms, sorted
	secNameData              //
	secNameCount             // by name: how many facts give it
	secSourceOff             // source ids, sorted
	secSourceData            //
	secSourceRecOff          // by source: where its record starts in secSourceRecs
	secSourceRecs            // source records, see encodeSource
	secTopicOff              // topic names, sorted
	secTopicData             //
	secTopicFactOff          // by topic: where its facts start in secTopicFacts
	secTopicFacts            // fact ids by topic, in listing order (see newestFirst) by the snapshot's sources
	secSeriesOff             // series names, sorted
	secSeriesData            //
	secSeriesFactOff         // by series: where its facts start in secSeriesFacts
	secSeriesFacts           // fact ids by series, in id order
	secSoundOff              // sounds of the words (see soundTable), sorted
	secSoundData             //
	secSoundTermOff          // by sound: its term
	secSoundTermData         //
	secTermMaxFreq           // by term: the highest weighted frequency of its postings, see termBound
	secTermMinLen            // by term: the fewest terms a fact of its postings has
	secImpacts               // by posting: its score before the term's idf, see impact
	secTermMaxImpact         // by term: the highest impact of its postings
	secPhraseOff             // phrases of each topic's facts (see topicPhrases), topic by topic
	secPhraseData            //
	secTopicPhraseOff        // by topic: where its phrases start
	secTermKeys              // sampled keys of the terms, see strtab
	secWordKeys              // of the surface words
	secSurfTermKeys          // of the terms with surface words
	secNameKeys              // of the name terms
	secSoundKeys             // of the sounds
	secSourceKeys            // of the source ids
	secTopicKeys             // of the topic names
	secSeriesKeys            // of the series names
	secFactPeriods           // by fact id: the first and last day of its period, or 1 and 0 for none
	secFactOrder             // by fact id: its place among the facts with a period, newest first, or noOrder
	secDatedFacts            // the facts with a period, newest first
	numSections
)

// castagnoli is the checksum's table, made when first needed: a process
// that finds its snapshot's checksum in the checked note computes none.
var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// errBadSnapshot means a snapshot cannot be used and must be rebuilt.
var errBadSnapshot = errors.New("snapshot is damaged")

// snapshot reads an index laid out by encodeSnapshot. It only slices its
// bytes; nothing is decoded until asked for. Strings it returns point into
// those bytes, which are unmapped when the snapshot is replaced, so
// whatever outlives db.mu is copied (see vocabulary.fact).
type snapshot struct {
	data  []byte
	unmap func() error // nil for bytes on the heap
	gen   int64
	// pins count those reading the snapshot without db.mu (a fold
	// encoding the index from it); closing it while pinned leaves the
	// unmapping to the last unpin.
	pinMu  sync.Mutex
	pins   int
	closed bool

	docs, tokens, maxLen int

	terms    strtab
	postOff  []uint64
	postings []posting
	factOff  []uint64
	factData []byte
	docLen   []uint32
	periods  []int32 // by fact id: first and last day of its period (start > end: none)
	// order is each fact's place in listings among the facts with a
	// period (see newestFirst), or noOrder: a page of a listing is found
	// without decoding every fact of it.
	order []uint32
	// dated are the facts with a period in listing order, the inverse of
	// order: the facts of a period lie together in it.
	dated      []uint32
	words      strtab
	wordTerms  strtab
	letters    []uint64
	surfTerms  strtab
	surfaces   lists
	bucketKeys []uint64
	buckets    lists
	names      strtab
	nameCount  []uint32
	sourceIDs  strtab
	sourceOff  []uint64
	sourceData []byte
	// sources are the sources decoded so far, by index in sourceIDs: a
	// few hundred sources are cited by every answer, and each decoding
	// copied the record again.
	sources    []atomic.Pointer[bot.Source]
	topics     strtab
	topicFacts lists
	series     strtab
	seriesList lists
	sounds     strtab
	soundTerms strtab
	maxFreq    []float64
	minLen     []uint32
	impacts    []float64
	maxImpact  []float64
	phrases    strtab
	phraseOff  []uint64
}

// strtab is a table of strings, sorted where it is searched.
type strtab struct {
	off  []uint64
	data []byte
	// keys are the first eight bytes of every sampleEvery-th string, as
	// big-endian numbers (see strtabKeys), for the tables find searches
	// during a question. They order as the strings do, so find narrows
	// its search among them with integer comparisons, in a few kilobytes
	// that stay in cache, before it compares strings: a binary search of
	// the strings alone compared sixteen of them at 100k facts, each in
	// another part of the snapshot. A table without keys is searched in
	// full.
	keys []uint64
}

// sampleEvery is how many strings of a table one key stands for.
const sampleEvery = 16

// prefixKey is the first eight bytes of s as a big-endian number, padded
// with zeros: a < b when prefixKey(a) < prefixKey(b).
func prefixKey(s string) uint64 {
	var k uint64
	for i := range 8 {
		k <<= 8
		if i < len(s) {
			k |= uint64(s[i])
		}
	}
	return k
}

// strtabKeys returns the keys of the sorted strings ss.
func strtabKeys(ss []string) []uint64 {
	keys := make([]uint64, 0, (len(ss)+sampleEvery-1)/sampleEvery)
	for i := 0; i < len(ss); i += sampleEvery {
		keys = append(keys, prefixKey(ss[i]))
	}
	return keys
}

func (t strtab) len() int { return max(len(t.off)-1, 0) }

// at returns string i, pointing into the snapshot.
func (t strtab) at(i int) string {
	b := t.data[t.off[i]:t.off[i+1]]
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// find returns the index of s in a sorted table and whether it is there.
func (t strtab) find(s string) (int, bool) {
	n := t.len()
	i, j := 0, n
	if keys := t.keys; keys != nil {
		// The strings sampled by keys below key are below s, and those
		// above it above s: s lies between.
		key := prefixKey(s)
		lo, hi := 0, len(keys)
		for lo < hi {
			h := int(uint(lo+hi) >> 1)
			if keys[h] < key {
				lo = h + 1
			} else {
				hi = h
			}
		}
		if lo > 0 {
			i = (lo-1)*sampleEvery + 1
		}
		for hi = lo; hi < len(keys) && keys[hi] == key; hi++ {
		}
		if hi < len(keys) {
			j = hi * sampleEvery
		}
	}
	for i < j {
		h := int(uint(i+j) >> 1)
		if t.at(h) < s {
			i = h + 1
		} else {
			j = h
		}
	}
	return i, i < n && t.at(i) == s
}

// lists are runs of uint32 values, run i being items[off[i]:off[i+1]].
type lists struct {
	off   []uint64
	items []uint32
}

func (l lists) at(i int) []uint32 { return l.items[l.off[i]:l.off[i+1]] }

// header is the fixed start of a snapshot.
type header struct {
	magic     [8]byte
	version   uint32
	byteOrder uint32
	gen       int64
	bodySize  uint64
	checksum  uint32
	sections  uint32
	rules     uint64 // rulesFingerprint of the code that wrote it
}

// openSnapshot checks data as a snapshot and slices it into sections. A
// snapshot with a wrong magic, version, byte order or checksum, or cut
// short, is refused with errBadSnapshot. bodySum is the checksum of the
// body, computed by the caller: data may be mapped, and reading it whole
// through the mapping would make every page of it resident.
func openSnapshot(data []byte, bodySum uint32) (*snapshot, error) {
	if len(data) < headerSize {
		return nil, fmt.Errorf("%w: %d bytes, shorter than its header", errBadSnapshot, len(data))
	}
	var h header
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&h)), headerSize), data)
	switch {
	case string(h.magic[:]) != snapshotMagic:
		return nil, fmt.Errorf("%w: not a pakbot index", errBadSnapshot)
	case h.version != snapshotVersion:
		return nil, fmt.Errorf("%w: format %d, want %d", errBadSnapshot, h.version, snapshotVersion)
	case h.byteOrder != byteOrderMark:
		return nil, fmt.Errorf("%w: written on a machine of another byte order", errBadSnapshot)
	case h.rules != rulesFingerprint():
		return nil, fmt.Errorf("%w: written by another release, which reads text into terms otherwise", errBadSnapshot)
	case h.sections != numSections:
		return nil, fmt.Errorf("%w: %d sections, want %d", errBadSnapshot, h.sections, numSections)
	case uint64(len(data)-headerSize) != h.bodySize:
		return nil, fmt.Errorf("%w: body of %d bytes, header says %d", errBadSnapshot, len(data)-headerSize, h.bodySize)
	}
	body := data[headerSize:]
	if bodySum != h.checksum {
		return nil, fmt.Errorf("%w: checksum mismatch", errBadSnapshot)
	}
	// The checksum vouches for the table; that it is whole and its
	// sections lie within the body, aligned, is checked all the same, so
	// that no file, however made, can make Open read out of bounds.
	if len(body) < numSections*16 {
		return nil, fmt.Errorf("%w: no room for its table of sections", errBadSnapshot)
	}
	table := body[:numSections*16]
	for i := range numSections {
		start := binary.NativeEndian.Uint64(table[i*16:])
		n := binary.NativeEndian.Uint64(table[i*16+8:])
		if start%8 != 0 || start > uint64(len(body)) || n > uint64(len(body))-start {
			return nil, fmt.Errorf("%w: section %d out of bounds", errBadSnapshot, i)
		}
	}
	sec := func(i int) []byte {
		start := binary.NativeEndian.Uint64(table[i*16:])
		n := binary.NativeEndian.Uint64(table[i*16+8:])
		return body[start : start+n]
	}
	s := &snapshot{data: data, gen: h.gen}
	stats := view[uint64](sec(secStats))
	if len(stats) < 3 {
		return nil, fmt.Errorf("%w: no counts", errBadSnapshot)
	}
	s.docs, s.tokens, s.maxLen = int(stats[0]), int(stats[1]), int(stats[2])
	s.terms = strtab{off: view[uint64](sec(secTermOff)), data: sec(secTermData), keys: view[uint64](sec(secTermKeys))}
	s.postOff = view[uint64](sec(secPostOff))
	s.postings = view[posting](sec(secPostings))
	s.factOff = view[uint64](sec(secFactOff))
	s.factData = sec(secFactData)
	s.docLen = view[uint32](sec(secDocLen))
	s.periods = view[int32](sec(secFactPeriods))
	if len(s.periods) != 2*max(0, len(s.factOff)-1) {
		return nil, fmt.Errorf("%w: %d period bounds for %d facts", errBadSnapshot, len(s.periods), max(0, len(s.factOff)-1))
	}
	s.order, s.dated = view[uint32](sec(secFactOrder)), view[uint32](sec(secDatedFacts))
	if len(s.order) != max(0, len(s.factOff)-1) || len(s.dated) > len(s.order) {
		return nil, fmt.Errorf("%w: %d places in listings for %d facts", errBadSnapshot, len(s.order), max(0, len(s.factOff)-1))
	}
	s.words = strtab{off: view[uint64](sec(secWordOff)), data: sec(secWordData), keys: view[uint64](sec(secWordKeys))}
	s.wordTerms = strtab{off: view[uint64](sec(secWordTermOff)), data: sec(secWordTermData)}
	s.letters = view[uint64](sec(secWordLetters))
	s.surfTerms = strtab{off: view[uint64](sec(secSurfTermOff)), data: sec(secSurfTermData), keys: view[uint64](sec(secSurfTermKeys))}
	s.surfaces = lists{view[uint64](sec(secSurfOff)), view[uint32](sec(secSurfWords))}
	s.bucketKeys = view[uint64](sec(secBucketKeys))
	s.buckets = lists{view[uint64](sec(secBucketOff)), view[uint32](sec(secBucketWords))}
	s.names = strtab{off: view[uint64](sec(secNameOff)), data: sec(secNameData), keys: view[uint64](sec(secNameKeys))}
	s.nameCount = view[uint32](sec(secNameCount))
	s.sourceIDs = strtab{off: view[uint64](sec(secSourceOff)), data: sec(secSourceData), keys: view[uint64](sec(secSourceKeys))}
	s.sourceOff = view[uint64](sec(secSourceRecOff))
	s.sourceData = sec(secSourceRecs)
	s.sources = make([]atomic.Pointer[bot.Source], s.sourceIDs.len())
	s.topics = strtab{off: view[uint64](sec(secTopicOff)), data: sec(secTopicData), keys: view[uint64](sec(secTopicKeys))}
	s.topicFacts = lists{view[uint64](sec(secTopicFactOff)), view[uint32](sec(secTopicFacts))}
	s.series = strtab{off: view[uint64](sec(secSeriesOff)), data: sec(secSeriesData), keys: view[uint64](sec(secSeriesKeys))}
	s.seriesList = lists{view[uint64](sec(secSeriesFactOff)), view[uint32](sec(secSeriesFacts))}
	s.sounds = strtab{off: view[uint64](sec(secSoundOff)), data: sec(secSoundData), keys: view[uint64](sec(secSoundKeys))}
	s.soundTerms = strtab{off: view[uint64](sec(secSoundTermOff)), data: sec(secSoundTermData)}
	s.maxFreq = view[float64](sec(secTermMaxFreq))
	s.minLen = view[uint32](sec(secTermMinLen))
	s.impacts = view[float64](sec(secImpacts))
	s.maxImpact = view[float64](sec(secTermMaxImpact))
	s.phrases = strtab{off: view[uint64](sec(secPhraseOff)), data: sec(secPhraseData)}
	s.phraseOff = view[uint64](sec(secTopicPhraseOff))
	for _, t := range []strtab{s.terms, s.words, s.surfTerms, s.names, s.sounds, s.sourceIDs, s.topics, s.series} {
		if len(t.keys) != (t.len()+sampleEvery-1)/sampleEvery {
			return nil, fmt.Errorf("%w: %d keys for %d strings", errBadSnapshot, len(t.keys), t.len())
		}
	}
	return s, nil
}

// view reads b in place as a slice of T; sections are aligned for it.
func view[T any](b []byte) []T {
	var zero T
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/int(unsafe.Sizeof(zero)))
}

// bytesOf is the bytes of s as they lie in memory.
func bytesOf[T any](s []T) []byte {
	var zero T
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(zero)))
}

// close unmaps a mapped snapshot, or has the last unpin unmap it;
// nothing but a pin's holder may read it afterwards.
func (s *snapshot) close() error {
	if s == nil {
		return nil
	}
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	if s.pins > 0 {
		s.closed = true
		return nil
	}
	return s.unmapLocked()
}

// pin keeps the snapshot mapped until unpin, even if it is closed
// meanwhile.
func (s *snapshot) pin() {
	s.pinMu.Lock()
	s.pins++
	s.pinMu.Unlock()
}

// unpin ends a pin, unmapping the snapshot if it was closed meanwhile.
func (s *snapshot) unpin() error {
	s.pinMu.Lock()
	defer s.pinMu.Unlock()
	if s.pins--; s.pins == 0 && s.closed {
		return s.unmapLocked()
	}
	return nil
}

// unmapLocked unmaps the snapshot's file, once; the caller holds pinMu.
func (s *snapshot) unmapLocked() error {
	if s.unmap == nil {
		return nil
	}
	unmap := s.unmap
	s.unmap = nil
	return unmap()
}

// postingsOf returns term's postings, read in place.
func (s *snapshot) postingsOf(term string) postingList {
	i, ok := s.terms.find(term)
	if !ok {
		return nil
	}
	return s.postings[s.postOff[i]:s.postOff[i+1]]
}

// hasFact reports whether fact id has a record.
func (s *snapshot) hasFact(id uint32) bool {
	return int(id)+1 < len(s.factOff) && s.factOff[id] < s.factOff[id+1]
}

// record returns a reader of fact id's record; hasFact must hold.
func (s *snapshot) record(id uint32) recordReader {
	return recordReader{b: s.factData[s.factOff[id]:s.factOff[id+1]]}
}

// topicOf returns the topic of fact id, which hasFact must hold.
func (s *snapshot) topicOf(id uint32) string {
	r := s.record(id)
	decodeMeta(&r)
	r.uint() // version
	r.uint() // figure
	r.str()  // key
	return r.str()
}

// topicPhrases returns the phrases of a topic's facts, copied.
func (s *snapshot) topicPhrases(topic string) []string {
	i, ok := s.topics.find(topic)
	if !ok {
		return nil
	}
	phrases := make([]string, 0, s.phraseOff[i+1]-s.phraseOff[i])
	for j := s.phraseOff[i]; j < s.phraseOff[i+1]; j++ {
		phrases = append(phrases, strings.Clone(s.phrases.at(int(j))))
	}
	return phrases
}

// source returns the source with id, if the snapshot has it. Its strings
// are its own, not the snapshot's: it is decoded once and kept.
func (s *snapshot) source(id string) (bot.Source, bool) {
	i, ok := s.sourceIDs.find(id)
	if !ok {
		return bot.Source{}, false
	}
	if src := s.sources[i].Load(); src != nil {
		return *src, true
	}
	src := decodeSource(recordReader{b: s.sourceData[s.sourceOff[i]:s.sourceOff[i+1]]})
	s.sources[i].Store(&src)
	return src, true
}

// noOrder is the place in listings of a fact with no period, or none:
// those are ordered by their source's date, which can change without
// the fact changing.
const noOrder = math.MaxUint32

// listingOrder returns each fact's place among the facts with a period in
// listing order (see newestFirst), or noOrder, and those facts in that
// order.
func listingOrder(facts []factRecord) (order, dated []uint32) {
	var listing []listed
	for id, f := range facts {
		if f.fact.Key != "" && f.meta.hasPeriod {
			listing = append(listing, listedOf(uint32(id), f.meta, nil)) // a period's end needs no source
		}
	}
	slices.SortFunc(listing, newestFirst)
	order, dated = make([]uint32, len(facts)), make([]uint32, len(listing))
	for i := range order {
		order[i] = noOrder
	}
	for place, l := range listing {
		order[l.id], dated[place] = uint32(place), l.id
	}
	return order, dated
}

// indexBuild is an index being put together in ordinary Go data, from SQL
// or from an index with its changes, to be encoded as a snapshot.
type indexBuild struct {
	gen                  int64
	docs, tokens, maxLen int
	postings             map[string]postingList
	docLen               []uint32     // by fact id
	facts                []factRecord // by fact id
	words                map[string]string
	names                map[string]int32
	sources              map[string]bot.Source
}

// factRecord is one indexed fact: what re-ranking needs and what an answer
// shows.
type factRecord struct {
	meta factMeta
	fact bot.Fact
}

// encodeSnapshot lays b out as a snapshot.
func encodeSnapshot(b *indexBuild) []byte {
	var secs [numSections][]byte
	secs[secStats] = bytesOf([]uint64{uint64(b.docs), uint64(b.tokens), uint64(b.maxLen)})

	terms := sortedKeys(b.postings)
	postOff := make([]uint64, 0, len(terms)+1)
	var postings []posting
	maxFreq, minLen := make([]float64, len(terms)), make([]uint32, len(terms))
	maxImpact := make([]float64, len(terms))
	var impacts []float64
	norms := lengthNorms(b.docs, b.tokens, b.maxLen, nil)
	for i, t := range terms {
		postOff = append(postOff, uint64(len(postings)))
		postings = append(postings, b.postings[t]...)
		for _, p := range b.postings[t] {
			freq, n := weightedFreq(p.tf), b.docLen[p.id]
			bound := termBound{maxFreq[i], minLen[i]}
			bound.raise(freq, n)
			maxFreq[i], minLen[i] = bound.maxFreq, bound.minLen
			impacts = append(impacts, impact(freq, norms[n]))
			maxImpact[i] = max(maxImpact[i], impacts[len(impacts)-1])
		}
	}
	secs[secTermMaxFreq], secs[secTermMinLen] = bytesOf(maxFreq), bytesOf(minLen)
	secs[secImpacts], secs[secTermMaxImpact] = bytesOf(impacts), bytesOf(maxImpact)
	postOff = append(postOff, uint64(len(postings)))
	secs[secTermOff], secs[secTermData] = encodeStrtab(terms)
	secs[secTermKeys] = bytesOf(strtabKeys(terms))
	secs[secPostOff], secs[secPostings] = bytesOf(postOff), bytesOf(postings)

	factOff := make([]uint64, 0, len(b.facts)+1)
	periods := make([]int32, 2*len(b.facts))
	var factData []byte
	topics, series := map[string][]uint32{}, map[string][]uint32{}
	for id, f := range b.facts {
		factOff = append(factOff, uint64(len(factData)))
		periods[2*id], periods[2*id+1] = 1, 0
		if f.fact.Key == "" {
			continue
		}
		if f.meta.hasPeriod {
			periods[2*id], periods[2*id+1] = f.meta.start, f.meta.end
		}
		factData = encodeFact(factData, f)
		topics[f.fact.Topic] = append(topics[f.fact.Topic], uint32(id))
		if f.fact.Series != "" {
			series[f.fact.Series] = append(series[f.fact.Series], uint32(id))
		}
	}
	factOff = append(factOff, uint64(len(factData)))
	secs[secFactOff], secs[secFactData] = bytesOf(factOff), factData
	secs[secFactPeriods] = bytesOf(periods)
	order, dated := listingOrder(b.facts)
	secs[secFactOrder], secs[secDatedFacts] = bytesOf(order), bytesOf(dated)
	secs[secDocLen] = bytesOf(b.docLen)

	words := sortedKeys(b.words)
	wordTerms := make([]string, len(words))
	letters := make([]uint64, len(words))
	surfaces := map[string][]uint32{}
	buckets := map[uint64][]uint32{}
	for i, w := range words {
		wordTerms[i] = b.words[w]
		letters[i] = letterSet(w)
		surfaces[b.words[w]] = append(surfaces[b.words[w]], uint32(i))
		k := bucketOf(w)
		buckets[k] = append(buckets[k], uint32(i))
	}
	secs[secWordOff], secs[secWordData] = encodeStrtab(words)
	secs[secWordKeys] = bytesOf(strtabKeys(words))
	secs[secWordTermOff], secs[secWordTermData] = encodeStrtab(wordTerms)
	secs[secWordLetters] = bytesOf(letters)
	surfTerms := sortedKeys(surfaces)
	secs[secSurfTermOff], secs[secSurfTermData] = encodeStrtab(surfTerms)
	secs[secSurfTermKeys] = bytesOf(strtabKeys(surfTerms))
	secs[secSurfOff], secs[secSurfWords] = encodeLists(surfTerms, surfaces)
	bucketKeys := sortedKeys(buckets)
	secs[secBucketKeys] = bytesOf(bucketKeys)
	secs[secBucketOff], secs[secBucketWords] = encodeLists(bucketKeys, buckets)
	soundTerms := soundTable(func(yield func(word, term string)) {
		for i, w := range words {
			yield(w, wordTerms[i])
		}
	}, func(t string) int { return len(b.postings[t]) })
	sounds := sortedKeys(soundTerms)
	secs[secSoundOff], secs[secSoundData] = encodeStrtab(sounds)
	secs[secSoundKeys] = bytesOf(strtabKeys(sounds))
	termOfSound := make([]string, len(sounds))
	for i, snd := range sounds {
		termOfSound[i] = soundTerms[snd]
	}
	secs[secSoundTermOff], secs[secSoundTermData] = encodeStrtab(termOfSound)

	names := sortedKeys(b.names)
	counts := make([]uint32, len(names))
	for i, n := range names {
		counts[i] = uint32(b.names[n])
	}
	secs[secNameOff], secs[secNameData] = encodeStrtab(names)
	secs[secNameKeys] = bytesOf(strtabKeys(names))
	secs[secNameCount] = bytesOf(counts)

	sourceIDs := sortedKeys(b.sources)
	sourceOff := make([]uint64, 0, len(sourceIDs)+1)
	var sourceData []byte
	for _, id := range sourceIDs {
		sourceOff = append(sourceOff, uint64(len(sourceData)))
		sourceData = encodeSource(sourceData, b.sources[id])
	}
	sourceOff = append(sourceOff, uint64(len(sourceData)))
	secs[secSourceOff], secs[secSourceData] = encodeStrtab(sourceIDs)
	secs[secSourceKeys] = bytesOf(strtabKeys(sourceIDs))
	secs[secSourceRecOff], secs[secSourceRecs] = bytesOf(sourceOff), sourceData

	topicNames, seriesNames := sortedKeys(topics), sortedKeys(series)
	var phrases []string
	phraseOff := []uint64{0}
	for _, name := range topicNames {
		topics[name] = b.newestFirst(topics[name])
		phrases = append(phrases, topicPhrases(b.factsOf(topics[name]))...)
		phraseOff = append(phraseOff, uint64(len(phrases)))
	}
	secs[secPhraseOff], secs[secPhraseData] = encodeStrtab(phrases)
	secs[secTopicPhraseOff] = bytesOf(phraseOff)
	secs[secTopicOff], secs[secTopicData] = encodeStrtab(topicNames)
	secs[secTopicKeys] = bytesOf(strtabKeys(topicNames))
	secs[secTopicFactOff], secs[secTopicFacts] = encodeLists(topicNames, topics)
	secs[secSeriesOff], secs[secSeriesData] = encodeStrtab(seriesNames)
	secs[secSeriesKeys] = bytesOf(strtabKeys(seriesNames))
	secs[secSeriesFactOff], secs[secSeriesFacts] = encodeLists(seriesNames, series)

	return assemble(b.gen, secs[:])
}

// newestFirst puts the facts ids in listing order (see newestFirst), by
// the sources as the build has them.
func (b *indexBuild) newestFirst(ids []uint32) []uint32 {
	source := func(id string) bot.Source { return b.sources[id] }
	entries := make([]listed, len(ids))
	for i, id := range ids {
		entries[i] = listedOf(id, b.facts[id].meta, source)
	}
	slices.SortFunc(entries, newestFirst)
	for i, e := range entries {
		ids[i] = e.id
	}
	return ids
}

// factsOf returns the facts ids.
func (b *indexBuild) factsOf(ids []uint32) []bot.Fact {
	facts := make([]bot.Fact, len(ids))
	for i, id := range ids {
		facts[i] = b.facts[id].fact
	}
	return facts
}

// assemble writes the header, the section table and the sections, and
// checksums the body.
func assemble(gen int64, secs [][]byte) []byte {
	size := len(secs) * 16
	for _, s := range secs {
		size += align8(len(s))
	}
	out := make([]byte, headerSize+size)
	body := out[headerSize:]
	off := len(secs) * 16
	for i, s := range secs {
		binary.NativeEndian.PutUint64(body[i*16:], uint64(off))
		binary.NativeEndian.PutUint64(body[i*16+8:], uint64(len(s)))
		copy(body[off:], s)
		off += align8(len(s))
	}
	h := header{version: snapshotVersion, byteOrder: byteOrderMark, gen: gen, bodySize: uint64(size),
		checksum: crc32.Checksum(body, castagnoli()), sections: uint32(len(secs)), rules: rulesFingerprint()}
	copy(h.magic[:], snapshotMagic)
	copy(out, unsafe.Slice((*byte)(unsafe.Pointer(&h)), headerSize))
	return out
}

// rulesFingerprint sums up how this release reads a fact's text into what
// the snapshot stores: its index terms, names, counted things, figures and
// sounds. A release whose rules read the probes below otherwise (a new
// stemmer exception, another kind of counted thing) has another
// fingerprint, so the snapshots older releases wrote are rebuilt rather
// than trusted, and the terms in SQL are rewritten first (reindexForRules).
// The stemmer's exceptions and the stop list count whole; a rule change the probes miss
// needs a probe, or a bump of snapshotVersion.
//
// It is worked out when the code changes, not at every start: reading
// the probes looks up their words in tables a one-shot ask would
// otherwise not touch, which cost it 3-8 ms. TestRulesFingerprint fails
// until rules.go is written again for new rules.
func rulesFingerprint() uint64 { return builtRulesFingerprint }

// workOutRulesFingerprint reads the probes as this code does.
func workOutRulesFingerprint() uint64 {
	h := fnv.New64a()
	io.WriteString(h, understand.StemRules())
	io.WriteString(h, strings.Join(understand.StopWords(), " "))
	for _, text := range fingerprintProbes {
		fmt.Fprintf(h, "%q %q %q %v %v %v %v %v %v|", indexTerms(nil, text), understand.Names(text), understand.Counted(text), understand.Figures(text),
			understand.StatesWhen(text, 2025), understand.StatesSuperlative(text), understand.StatesPlan(text), understand.StatesDay(text), understand.StatesShare(text))
		for _, w := range understand.Words(understand.Fold(text)) {
			fmt.Fprintf(h, "%s ", understand.Sound(w))
		}
	}
	return h.Sum64()
}

// fingerprintProbes are facts of every shape the rules read: figures with
// units and currencies, people, names, periods, hyphenated and Urdu words.
var fingerprintProbes = []string{
	"In FY 2023-24, Pakistan's IT exports reached a record $3.223 billion, a rise of 24% on the year before.",
	"Pakistan counted 181 million mobile phone users in 2021, according to PTA figures.",
	"As of early 2025, about 18,000 professionals worked in Pakistan's 43 Software Technology Parks (STPs).",
	"Startups attracted Rs 260 million in investment; e-Rozgaar centres should bring in $18-20 million by 2027.",
	"Women made up 20% of the workforce, Parliamentary Secretary Sabheen Ghoury said in February 2025.",
	"The universal service fund ran 83 projects for universities, e-governance and e-sports in Multan and Karachi.",
	"پاکستان کی آئی ٹی برآمدات 3.2 ارب ڈالر تھیں، اسپاٹیفائی اور ڈیولپمنٹ فیسیلٹی",
	"Capacity reached 9.281 Tbps over 135,506 km of fibre, in parks of 1.9 million sq ft.",
	"On 21 May 2021, Amazon added Pakistan to its list, and the deadline was December 31.",
	"Swedish streaming service Spotify arrived. Chinese phone maker Oppo followed. Startups drew Rs260 million.",
	"The app was the first of its kind; Pakistan ranked 29th, the third-largest, a record high.",
	"Schools got 500 computers and 2,000 metres of fiber; 300 teachers and 40 developers joined.",
	"The park was being set up in Bagh; the tower is under construction.",
	"By 2021, the firm had been registered and was expected to start operating soon.",
	"The service was reported to be coming soon; soon after its launch, it grew.",
	"Türkiye's e-government system serves 67 million citizens.",
	"Government-backed parks give startups a place to grow.",
	"A team worked with a foreign company to set up the gateway; Samsung, a Korean firm, and a bank called Meezan joined.",
	"The camp, called 'Ali Sadpara' after the climber, got a base transceiver station (BTS); a PTCL cable was cut.",
}

// bodyChecksum is the checksum of a snapshot's body.
func bodyChecksum(data []byte) uint32 {
	if len(data) < headerSize {
		return 0
	}
	return crc32.Checksum(data[headerSize:], castagnoli())
}

func align8(n int) int { return (n + 7) &^ 7 }

func sortedKeys[K interface{ ~string | ~uint64 }, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func encodeStrtab(ss []string) (off, data []byte) {
	offs := make([]uint64, 0, len(ss)+1)
	var b bytes.Buffer
	for _, s := range ss {
		offs = append(offs, uint64(b.Len()))
		b.WriteString(s)
	}
	offs = append(offs, uint64(b.Len()))
	return bytesOf(offs), b.Bytes()
}

func encodeLists[K comparable](keys []K, m map[K][]uint32) (off, items []byte) {
	offs := make([]uint64, 0, len(keys)+1)
	var all []uint32
	for _, k := range keys {
		offs = append(offs, uint64(len(all)))
		all = append(all, m[k]...)
	}
	offs = append(offs, uint64(len(all)))
	return bytesOf(offs), bytesOf(all)
}

// bucketOf is the typo bucket of a word as a snapshot key.
func bucketOf(w string) uint64 {
	k := newBucketKey(w)
	return uint64(uint32(k.first))<<32 | uint64(uint32(k.runes))
}

// encodeFact appends a fact's record: what re-ranking reads first (see
// decodeMeta), then what an answer shows. Times and the period are kept
// as written in the database and parsed again, so a fact reads back
// exactly as SQL gives it.
func encodeFact(b []byte, f factRecord) []byte {
	m, x := f.meta, f.fact
	var flags uint64
	for i, set := range []bool{m.hasPeriod, m.hasFigure, m.bareText, x.Keywords != nil, x.Aliases != nil, m.statesWhen, m.ranks, m.planned,
		m.saysMonth, m.saysLaterYear, m.reportDated, m.saysDay, m.statesShare} {
		if set {
			flags |= 1 << i
		}
	}
	b = binary.AppendVarint(b, int64(m.position))
	b = binary.AppendVarint(b, int64(m.start))
	b = binary.AppendVarint(b, int64(m.end))
	b = binary.AppendUvarint(b, flags)
	for _, s := range []string{m.series, m.sourceID, m.names, m.counted, m.figures} {
		b = appendString(b, s)
	}
	b = binary.AppendUvarint(b, uint64(x.Version))
	b = binary.AppendUvarint(b, math.Float64bits(x.Figure.Value))
	for _, s := range []string{x.Key, x.Topic, x.Text, x.Period.Raw, x.Origin, x.CreatedBy, formatTime(x.CreatedAt),
		x.UpdatedBy, formatTime(x.UpdatedAt), x.Figure.Unit} {
		b = appendString(b, s)
	}
	for _, list := range [][]string{x.Keywords, x.Aliases} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, s := range list {
			b = appendString(b, s)
		}
	}
	return b
}

// decodeMeta reads the re-ranking part of a fact's record; its strings
// point into the snapshot.
func decodeMeta(r *recordReader) factMeta {
	var m factMeta
	m.position, m.start, m.end = int32(r.int()), int32(r.int()), int32(r.int())
	flags := r.uint()
	m.hasPeriod, m.hasFigure, m.bareText = flags&1 != 0, flags&2 != 0, flags&4 != 0
	m.statesWhen, m.ranks, m.planned = flags&32 != 0, flags&64 != 0, flags&128 != 0
	m.saysMonth, m.saysLaterYear, m.reportDated, m.saysDay = flags&256 != 0, flags&512 != 0, flags&1024 != 0, flags&2048 != 0
	m.statesShare = flags&4096 != 0
	m.series, m.sourceID, m.names, m.counted, m.figures = r.str(), r.str(), r.str(), r.str(), r.str()
	r.flags = flags
	return m
}

// decodeFact reads a whole record into a fact of its own, its source
// left for the caller. The record is copied once, and its strings point
// into the copy.
func decodeFact(r recordReader) factRecord {
	r.b = bytes.Clone(r.b)
	m := decodeMeta(&r)
	var f bot.Fact
	f.Series, f.SourceID = m.series, m.sourceID
	f.Version = int(r.uint())
	f.Figure.Value = math.Float64frombits(r.uint())
	var period, created, updated string
	for _, s := range []*string{&f.Key, &f.Topic, &f.Text, &period, &f.Origin, &f.CreatedBy, &created,
		&f.UpdatedBy, &updated, &f.Figure.Unit} {
		*s = r.str()
	}
	f.Period, _ = bot.ParsePeriod(period)
	f.CreatedAt, _ = time.Parse(time.RFC3339Nano, created)
	f.UpdatedAt, _ = time.Parse(time.RFC3339Nano, updated)
	f.Keywords = r.list(r.flags&8 != 0)
	f.Aliases = r.list(r.flags&16 != 0)
	return factRecord{meta: m, fact: f}
}

// formatTime writes t as the database stores times.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func encodeSource(b []byte, s bot.Source) []byte {
	for _, f := range []string{s.ID, s.Title, s.Publisher, s.Published, s.URL, s.ApproxDate} {
		b = appendString(b, f)
	}
	return b
}

// decodeSource reads a source's record into a source of its own, its
// strings pointing into one copy of the record.
func decodeSource(r recordReader) bot.Source {
	r.b = bytes.Clone(r.b)
	var s bot.Source
	for _, f := range []*string{&s.ID, &s.Title, &s.Publisher, &s.Published, &s.URL, &s.ApproxDate} {
		*f = r.str()
	}
	return s
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// recordReader reads the fields of a record in the order they were
// appended. Records are checksummed with the rest, so they are well
// formed.
type recordReader struct {
	b     []byte
	flags uint64
}

func (r *recordReader) uint() uint64 {
	v, n := binary.Uvarint(r.b)
	r.b = r.b[n:]
	return v
}

func (r *recordReader) int() int64 {
	v, n := binary.Varint(r.b)
	r.b = r.b[n:]
	return v
}

// list reads a list of strings; set tells an empty list from none.
func (r *recordReader) list(set bool) []string {
	n := r.uint()
	if !set {
		return nil
	}
	list := make([]string, n)
	for i := range list {
		list[i] = r.str()
	}
	return list
}

func (r *recordReader) str() string {
	n := r.uint()
	s := r.b[:n]
	r.b = r.b[n:]
	return unsafe.String(unsafe.SliceData(s), len(s))
}

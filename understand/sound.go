package understand

import (
	"strings"
	"unicode/utf8"
)

// Urdu writes English words and names by sound: ڈیولپمنٹ is
// "development", سپاٹیفائی "Spotify", فاطمہ "Fatima". Such words are
// endless (every new brand, place and minister), so no lexicon can list
// them. Sound finds them instead: it reduces a word in either script to
// the consonants it is heard with, the way both scripts agree on them.
// Vowels go, and so do the letters Urdu writes as vowels or not at all
// (و, ی, ہ, ع and English v, w, y, h), since one script shows them where
// the other does not, and s and z are one sound: Urdu writes English
// plurals with z.

// MinSoundLetters is the fewest consonants a sound must have to stand for
// a word: shorter ones ("tv", "shz") match too many words.
const MinSoundLetters = 3

// Sound returns the consonant skeleton of a folded word in Latin or Urdu
// letters, or "" for a word with others (digits, other scripts).
func Sound(word string) string {
	if word == "" {
		return ""
	}
	var b strings.Builder
	put := func(c byte) {
		if s := b.String(); s == "" || s[len(s)-1] != c {
			b.WriteByte(c)
		}
	}
	if IsLatin(word) {
		for i := 0; i < len(word); i++ {
			c, next := word[i], byte(0)
			if i+1 < len(word) {
				next = word[i+1]
			}
			switch {
			case c < 'a' || c > 'z':
				if c != '-' {
					return ""
				}
			case strings.HasPrefix(word[i:], "tion") || strings.HasPrefix(word[i:], "sion"):
				put('S') // "nation", "vision": نیشن، وژن
				put('n')
				i += 3
			case c == 'c' && next == 'h' && i+2 < len(word) && strings.IndexByte("aeiouy", word[i+2]) < 0:
				put('k') // "technology", "chrome"
				i++
			case next == 'h' && strings.IndexByte("sckgp", c) >= 0:
				put(map[byte]byte{'s': 'S', 'c': 'C', 'k': 'K', 'g': 'G', 'p': 'f'}[c])
				i++
			case c == 'c' && next == 'k':
			case c == 'c' || c == 'g':
				// Soft before e, i and y ("facility", "digital").
				soft := next == 'e' || next == 'i' || next == 'y'
				put(map[bool]map[byte]byte{true: {'c': 's', 'g': 'j'}, false: {'c': 'k', 'g': 'g'}}[soft][c])
			case c == 'q':
				put('k')
			case c == 'x':
				put('k')
				put('s')
			case c == 'z':
				put('s') // Urdu writes the plural s as z: لانسرز
			case strings.IndexByte("aeiouvwyh", c) >= 0:
			default:
				put(c)
			}
		}
		return b.String()
	}
	for _, r := range word {
		s, ok := urduSounds[r]
		if !ok {
			return ""
		}
		for i := 0; i < len(s); i++ {
			put(s[i])
		}
	}
	return b.String()
}

// SoundLetters is how many consonants a sound has.
func SoundLetters(sound string) int { return utf8.RuneCountInString(sound) }

// urduSounds maps each Urdu letter to its consonant in Sound's alphabet
// (S for sh, C for ch, K for kh, G for gh); letters that are vowels, or
// silent in English spellings, map to "".
var urduSounds = map[rune]string{
	'ب': "b", 'پ': "p", 'ت': "t", 'ٹ': "t", 'ث': "s", 'ج': "j", 'چ': "C", 'ح': "", 'خ': "K",
	'د': "d", 'ڈ': "d", 'ذ': "s", 'ر': "r", 'ڑ': "r", 'ز': "s", 'ژ': "S", 'س': "s", 'ش': "S",
	'ص': "s", 'ض': "s", 'ط': "t", 'ظ': "s", 'ع': "", 'غ': "G", 'ف': "f", 'ق': "k", 'ک': "k",
	'گ': "g", 'ل': "l", 'م': "m", 'ن': "n", 'ں': "n", 'و': "", 'ہ': "", 'ھ': "", 'ء': "",
	'ی': "", 'ے': "", 'ئ': "", 'ا': "", 'آ': "", 'ۃ': "t",
}

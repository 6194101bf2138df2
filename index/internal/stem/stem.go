// Package stem holds the light stemmers of the per-language text fields
// that neither Bleve nor OpenSearch ships: Ukrainian suffix stripping and
// the cutting of Arabic clitics. Each is a list of regular-expression
// rewrites that the embedded index applies in Go (a Bleve token filter)
// and that the OpenSearch engine sends to the cluster as pattern_replace
// token filters, so that both engines index and search the same stems.
//
// The patterns use only what Go's RE2 and Java's java.util.regex read the
// same way: anchors, classes of literal letters, alternation tried in
// order and lazy or greedy counted repetition (both engines choose the
// match a backtracking matcher would); replacements name groups as $1.
package stem

import (
	"regexp"
	"strings"
)

// Rule is one rewrite of a whole token.
type Rule struct {
	// Pattern is the regular expression (anchored, ^...$).
	Pattern string
	// Replacement is the rewrite, in Java's syntax ($1).
	Replacement string
}

// Stemmer applies its rules in order to a lower-cased token.
type Stemmer struct {
	Rules []Rule
	res   []*regexp.Regexp
	reps  []string
}

func newStemmer(rules []Rule) *Stemmer {
	s := &Stemmer{Rules: rules}
	for _, r := range rules {
		s.res = append(s.res, regexp.MustCompile(r.Pattern))
		// $1 in Java is ${1} in Go, where $1x would name group "1x".
		s.reps = append(s.reps, regexp.MustCompile(`\$(\d)`).ReplaceAllString(r.Replacement, "$${$1}"))
	}
	return s
}

// Stem rewrites a lower-cased token.
func (s *Stemmer) Stem(w string) string {
	for i, re := range s.res {
		w = re.ReplaceAllString(w, s.reps[i])
	}
	return w
}

// UkrainianStopWords are the Ukrainian function words (prepositions,
// conjunctions, particles, pronouns, forms of "to be") that the text
// fields drop, as the English and Russian analyzers drop theirs. Several of
// them share a stem with a word of content once the vowel of the last
// syllable is read as і (від and вода, між and межа, після and посла), so
// they must go before the stemmer.
var UkrainianStopWords = strings.Fields(`
	а або адже але б би бо був була були було бути в вам вами вас ваш ваша ваше ваші вже ви від він вона вони
	воно все всі всього втім вся де для до є ж же з за зі і із й її їй їм їх його йому к коли котрий крім куди
	лише ми мене мені мій мною мої моя на над нам нами нас не неї нею ним ними них ні ніж но о об от по під
	після нічого нічим поки понад при про проти саме свій себе собі та так також там те тебе тим тих то тобі тобою тому ти
	тут у уже усі хоч хоча це цей ці цих цього цьому ця цю чи через чим що щоб щоби як яка яке який які якщо
	якої якого якому яких я може можуть`)

// Ukrainian endings of nouns and adjectives, and -ова, -ові... after the
// -ів/-ов- of city names and surnames (Харків, Харкова, Харкові:
// one stem with the genitive plural обстрілів, обстріл-). A token keeps at
// least three letters. Verbs are left as written: their endings (-ла, -ти,
// -ть) are also the endings of nouns (сила, роботи), and cutting them
// would part a noun's own forms.
var ukEndings = []string{
	"ьому", "ього", "овом", "ьої",
	"ями", "ами", "ові", "еві", "єві", "ого", "ому", "ими", "іми", "ова", "ову", "ове", "ови",
	"ів", "їв", "ій", "ий", "ої", "ою", "ею", "єю", "ом", "ем", "єм", "ах", "ях", "ам", "ям",
	"их", "іх", "им", "ім", "ую", "юю",
	"а", "я", "о", "е", "є", "у", "ю", "і", "ї", "и", "ь",
}

// Ukrainian is the light stemmer of Ukrainian text. After the ending, an о
// in a closed last syllable is read as і: Ukrainian writes і there where
// the other forms of the word have о (рік, року; схід, сходу; ніч, ночі),
// so that every form of such a word has one stem. The rarer і for е (піч,
// печі) is left out: reading е as і too would join вода with веде and
// море with мер.
var Ukrainian = newStemmer([]Rule{
	{Pattern: `[ʼ’'` + "`" + `]`, Replacement: ""},
	{Pattern: `^(.{3,}?)(?:` + strings.Join(ukEndings, "|") + `)$`, Replacement: "$1"},
	{Pattern: `^(.+)[оі]([бвгґджзклмнпрстфхцчшщ]{1,2})$`, Replacement: "$1і$2"},
})

// ArabicConjunctions cuts the conjunction و or ف in front of a
// preposition joined to the article (وبالحرب, فللحرب, وكالحرب), which the
// light stemmer of both engines (Larkey's Light10: ال وال بال كال فال لل و,
// then the suffixes) leaves whole; it runs after the normalisation of
// letters (alef forms, taa marbuta as haa, no diacritics) and before that
// stemmer, which then cuts the preposition and the article.
//
// A bare preposition on a word without the article (بغزة, لفلسطين) stays:
// ب, ل, ف and ك begin too many words of their own (فلسطين, لبنان, بيان,
// كيان) for a rule without a dictionary to tell them apart, and cutting
// them joined فلسطين with الوسطى and كيان with بيان on the Arabic corpus.
// The names such forms mostly carry are read by the extractor, which knows
// its names, and a query naming a place or actor finds the articles that
// name it (entities.go).
var ArabicConjunctions = newStemmer([]Rule{
	{Pattern: `^[وف]((?:بال|كال|لل)..+)$`, Replacement: "$1"},
})

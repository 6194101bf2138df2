package schema

import (
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"
)

// Every field name is mapped, with the analyzer its searches assume.
func TestMappingHasEveryField(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Validate(); err != nil {
		t.Fatalf("mapping does not validate: %v", err)
	}
	mapped := map[string]*mapping.FieldMapping{}
	for name, dm := range m.DefaultMapping.Properties {
		for _, f := range dm.Fields {
			mapped[name] = f
		}
	}
	for _, f := range []string{Title, Text, URL, Source, SourceCI, SourceTxt, Loc, LocCI, LocTxt, Actor, ActorCI, ActorTxt,
		Published, Lang, Dataset, Dates, Geo, Hash, Entities, Cluster, Entity, LocPath, LocGeo, ActorKind, SimBand, SimHash, Group} {
		if mapped[f] == nil {
			t.Errorf("field %q is not mapped", f)
		}
	}
	for lang, an := range LangAnalyzers {
		for _, base := range []string{Title, Text} {
			f := mapped[LangField(base, lang)]
			if f == nil || f.Analyzer != an {
				t.Errorf("%s: mapped %+v, want analyzer %s", LangField(base, lang), f, an)
			}
		}
		if m.AnalyzerNamed(an) == nil {
			t.Errorf("analyzer %s of %s is not registered", an, lang)
		}
	}
	if f := mapped[LocCI]; f.Analyzer != LowerKeyword {
		t.Errorf("loc_ci analyzer %q, want %q", f.Analyzer, LowerKeyword)
	}
	// Phrases and highlights need the positions of the text fields.
	for _, f := range []string{Title, Text} {
		if !mapped[f].IncludeTermVectors || !mapped[f].Store {
			t.Errorf("%s: term vectors %v, stored %v", f, mapped[f].IncludeTermVectors, mapped[f].Store)
		}
	}
}

// The Ukrainian analyzer brings the cases of a city's name to one term.
func TestUkrainianAnalyzer(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(LangAnalyzers["uk"])
	terms := map[string]bool{}
	for _, w := range []string{"Харків", "Харкова", "Харкові"} {
		ts := a.Analyze([]byte(w))
		if len(ts) != 1 {
			t.Fatalf("%s: %d tokens", w, len(ts))
		}
		terms[string(ts[0].Term)] = true
	}
	if len(terms) != 1 {
		t.Errorf("three cases of Харків give %d terms: %v", len(terms), terms)
	}
}

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
	for _, f := range []string{Title, Text, URL, Source, Loc, Actor, ActorAlias,
		Published, Lang, Dataset, Hash, Entities, Body, Cluster, Entity, LocPath, LocGeo, ActorKind, SimHash, Group} {
		if mapped[f] == nil {
			t.Errorf("field %q is not mapped", f)
		}
	}
	for lang, an := range LangAnalyzers {
		for _, base := range []string{Title, Text} {
			f := mapped[LangField(base, lang)]
			if f == nil || f.Analyzer != PositionsAnalyzer(an) {
				t.Errorf("%s: mapped %+v, want analyzer %s", LangField(base, lang), f, PositionsAnalyzer(an))
			}
		}
		if m.AnalyzerNamed(an) == nil {
			t.Errorf("analyzer %s of %s is not registered", an, lang)
		}
	}
	// Kept elsewhere by the embedded index: the band terms in memory, the
	// names as text in the names' dictionaries.
	for _, f := range []string{SimBand, LocTxt, ActorTxt, SourceTxt, LocCI, ActorCI, SourceCI, Dates, Geo} {
		if mapped[f] != nil {
			t.Errorf("field %q is mapped", f)
		}
	}
	for name, f := range mapped {
		if f.DocValues && name != Published {
			t.Errorf("field %q keeps doc values", name)
		}
	}
	if f := mapped[Entity]; f.Analyzer != LowerKeyword {
		t.Errorf("entity analyzer %q, want %q", f.Analyzer, LowerKeyword)
	}
	// The fields phrases are asked of keep positions, without offsets;
	// no other field keeps term vectors.
	phrase := map[string]bool{}
	for _, f := range PhraseFields() {
		phrase[f.Name] = true
		fm := mapped[f.Name]
		if fm == nil || fm.Analyzer != PositionsAnalyzer(f.Analyzer) || !fm.IncludeTermVectors || fm.Store {
			t.Errorf("%s: mapped %+v, want analyzer %s, term vectors, not stored", f.Name, fm, PositionsAnalyzer(f.Analyzer))
		}
	}
	for name, f := range mapped {
		if f.IncludeTermVectors && !phrase[name] {
			t.Errorf("%s keeps term vectors", name)
		}
	}
}

// The positions wrapper keeps its base's terms and positions, without
// offsets.
func TestPositionsAnalyzer(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range PhraseFields() {
		t.Run(f.Name, func(t *testing.T) {
			text := []byte("Forces of Ukraine near Kharkiv; Сили оборони України біля Харкова; القوات الأوكرانية")
			base := m.AnalyzerNamed(f.Analyzer).Analyze(text)
			got := m.AnalyzerNamed(PositionsAnalyzer(f.Analyzer)).Analyze(text)
			if len(base) == 0 || len(got) != len(base) {
				t.Fatalf("%d tokens, base %d", len(got), len(base))
			}
			for i := range got {
				if string(got[i].Term) != string(base[i].Term) || got[i].Position != base[i].Position || got[i].Start != 0 || got[i].End != 0 {
					t.Errorf("token %d: %+v, base %+v", i, got[i], base[i])
				}
			}
		})
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

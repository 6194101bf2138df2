package actors

import (
	"slices"
	"testing"
)

// TestFillJoins loads small curated and generated dictionaries and checks
// which generated entries join a known actor: a shared full name does, a
// shared acronym or single word does not.
func TestFillJoins(t *testing.T) {
	tests := []struct {
		name      string
		curated   string
		generated string
		text      string
		want      map[string]string // mention in text -> canonical name
		notAlias  map[string]string // actor -> alias it must not carry
	}{
		{
			name:      "shared acronym does not join",
			curated:   "Magen David Adom\torganization\tMDA\n",
			generated: "MDA\tarmed_group\tMongko Defence Army\n",
			text:      "MDA medics reached the Mongko Defence Army camp.",
			want:      map[string]string{"MDA": "Magen David Adom", "Mongko Defence Army": "Mongko Defence Army"},
			notAlias:  map[string]string{"Magen David Adom": "Mongko Defence Army"},
		},
		{
			name:      "shared dotted acronym does not join",
			curated:   "United Nations\torganization\tU.N.\n",
			generated: "Union Nationale\tgovernment\tU.N.\n",
			text:      "The U.N. criticised the Union Nationale.",
			want:      map[string]string{"U.N": "United Nations", "Union Nationale": "Union Nationale"},
			notAlias:  map[string]string{"United Nations": "Union Nationale"},
		},
		{
			name:      "shared single word does not join",
			curated:   "Wagner Group\tarmed_group\tWagner\n",
			generated: "Richard Wagner\tperson\tWagner\n",
			text:      "Richard Wagner is no fighter of Wagner.",
			want:      map[string]string{"Richard Wagner": "Richard Wagner", "Wagner": "Wagner Group"},
			notAlias:  map[string]string{"Wagner Group": "Richard Wagner"},
		},
		{
			name:      "shared full name joins",
			curated:   "Sudanese Armed Forces\tmilitary\tSAF\n",
			generated: "Sudan Army\tmilitary\tSudanese Armed Forces|Sudan Armed Forces|SAF\n",
			text:      "The Sudan Armed Forces, or Sudan Army, and the SAF are one.",
			want:      map[string]string{"Sudan Armed Forces": "Sudanese Armed Forces", "Sudan Army": "Sudanese Armed Forces", "SAF": "Sudanese Armed Forces"},
		},
		{
			name:      "same name joins, acronym or not",
			curated:   "M23\tarmed_group\tMarch 23 Movement\n",
			generated: "M23\tarmed_group\tMouvement du 23 mars\n",
			text:      "The Mouvement du 23 mars (M23) advanced.",
			want:      map[string]string{"Mouvement du 23 mars": "M23", "M23": "M23"},
		},
		{
			name:      "an acronym after a full name still joins by the full name",
			curated:   "Justice and Equality Movement\tarmed_group\tJEM\n",
			generated: "JEM\tarmed_group\tJustice and Equality Movement|Harakat al-Adl wal-Musawat\n",
			text:      "Harakat al-Adl wal-Musawat (JEM) fighters",
			want:      map[string]string{"Harakat al-Adl wal-Musawat": "Justice and Equality Movement", "JEM": "Justice and Equality Movement"},
		},
		{
			name: "a generated actor keeps its acronym from a later entry",
			generated: "Allied Democratic Forces\tarmed_group\tADF\n" +
				"Australian Defence Force\tmilitary\tADF\n",
			text: "The ADF and the Australian Defence Force",
			want: map[string]string{"ADF": "Allied Democratic Forces", "Australian Defence Force": "Australian Defence Force"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := New(Dict{Name: "curated", Data: []byte(tc.curated)}, Dict{Name: "generated", Data: []byte(tc.generated)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			got := a.Find(tc.text)
			for mention, want := range tc.want {
				if name := mentionedAs(got, mention); name != want {
					t.Errorf("%q found as %q, want %q (found %v)", mention, name, want, actorNames(got))
				}
			}
			for actor, alias := range tc.notAlias {
				if slices.Contains(aliasesOf(t, a, actor), alias) {
					t.Errorf("%s carries the alias %q of another actor", actor, alias)
				}
			}
		})
	}
}

// TestEmbeddedAmbiguousAliases checks, on the embedded dictionaries, that
// actors sharing only an acronym stay apart.
func TestEmbeddedAmbiguousAliases(t *testing.T) {
	a := testFinder(t)
	const icrc = "International Committee of the Red Cross"
	tests := []struct {
		name     string
		text     string
		want     map[string]string // mention in text -> canonical name
		absent   []string
		notAlias map[string][]string // actor -> aliases it must not carry
	}{
		{
			name:   "Mongko Defence Army is not the Red Cross",
			text:   "The Mongko Defence Army attacked a village.",
			want:   map[string]string{"Mongko Defence Army": "Mongko Defence Army"},
			absent: []string{icrc},
		},
		{
			name:   "Sudanese Awakening Revolutionary Council is not the Red Cross",
			text:   "The Sudanese Awakening Revolutionary Council took the town.",
			want:   map[string]string{"Sudanese Awakening Revolutionary Council": "Sudanese Awakening Revolutionary Council"},
			absent: []string{icrc},
		},
		{
			name:   "Syria National Army is not the Somali National Army",
			text:   "The Syria National Army shelled Afrin.",
			want:   map[string]string{"Syria National Army": "Jaysh al-Watani al-Suri"},
			absent: []string{"Somali National Army"},
		},
		{
			name:   "Angola's MPLA is not Azawad's MPA",
			text:   "The Popular Movement for the Liberation of Angola won the election.",
			absent: []string{"MPA"},
		},
		{
			name:   "Franklin D. Roosevelt is not the FDR of another source",
			text:   "Franklin D Roosevelt spoke.",
			want:   map[string]string{"Franklin D Roosevelt": "Franklin D. Roosevelt"},
			absent: []string{"FDR"},
		},
		{
			name:   "the navy is no Central American gang",
			text:   "The navy and Lesotho said so.",
			absent: []string{"Mara 18", "Mara Salvatrucha"},
		},
		{
			name: "the Red Cross keeps its own aliases",
			text: "The ICRC, the Red Cross, Magen David Adom (MDA) and the Syrian Arab Red Crescent (SARC) delivered aid.",
			want: map[string]string{"ICRC": icrc, "Red Cross": icrc, "Magen David Adom": icrc, "MDA": icrc, "Syrian Arab Red Crescent": icrc, "SARC": icrc},
			notAlias: map[string][]string{
				icrc:                   {"Mongko Defence Army", "Sudanese Awakening Revolutionary Council"},
				"Somali National Army": {"Syria National Army", "Jaysh al-Watani al-Suri"},
			},
		},
		{
			name: "a generated entry sharing a full name still joins",
			text: "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad and Tawhid and Jihad",
			want: map[string]string{"Jama'atu Ahlis Sunna Lidda'awati wal-Jihad": "Boko Haram", "Tawhid and Jihad": "Al-Qaeda"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := a.Find(tc.text)
			for mention, want := range tc.want {
				if name := mentionedAs(got, mention); name != want {
					t.Errorf("%q found as %q, want %q (found %v)", mention, name, want, actorNames(got))
				}
			}
			for _, name := range tc.absent {
				if _, ok := actorNamed(got, name); ok {
					t.Errorf("did not want %q, got %v", name, actorNames(got))
				}
			}
			for actor, aliases := range tc.notAlias {
				have := aliasesOf(t, a, actor)
				for _, al := range aliases {
					if slices.Contains(have, al) {
						t.Errorf("%s carries the alias %q of another actor", actor, al)
					}
				}
			}
		})
	}
}

// mentionedAs is the canonical name of the actor found under mention, "" if none.
func mentionedAs(as []Actor, mention string) string {
	for _, a := range as {
		if slices.Contains(a.Mentions, mention) {
			return a.Name
		}
	}
	return ""
}

// aliasesOf is the aliases of the actor that its own name finds.
func aliasesOf(t *testing.T, a *Finder, name string) []string {
	t.Helper()
	got, ok := actorNamed(a.Find(name), name)
	if !ok {
		t.Fatalf("%q does not find itself", name)
	}
	return got.Aliases
}

func TestAmbiguous(t *testing.T) {
	tests := []struct {
		name  string
		alias string
		want  bool
	}{
		{name: "acronym", alias: "MDA", want: true},
		{name: "acronym with a digit", alias: "M23", want: true},
		{name: "dotted acronym", alias: "U.N.", want: true},
		{name: "compound acronym", alias: "SPLM/A - IO", want: true},
		{name: "short word", alias: "Fatah", want: true},
		{name: "long single word", alias: "Guatemala", want: true},
		{name: "single Arabic word", alias: "حماس", want: true},
		{name: "full name", alias: "Mongko Defence Army", want: false},
		{name: "hyphenated name", alias: "al-Shabaab", want: false},
		{name: "acronym and word", alias: "PLA Navy", want: false},
		{name: "Cyrillic full name", alias: "Володимир Зеленський", want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ambiguous(tc.alias); got != tc.want {
				t.Errorf("ambiguous(%q) = %v, want %v", tc.alias, got, tc.want)
			}
		})
	}
}

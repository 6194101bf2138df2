package extract

import (
	_ "embed"
	"io"

	"github.com/sitrep/sitrep/index/extract/internal/actors"
)

// The embedded dictionary: actors_generated.tsv is rebuilt by internal/actorgen from
// the Phoenix/PETRARCH (MIT) and UCDP (CC BY 4.0) lists; actors_curated.tsv is
// written by hand and brings them up to date for 2022-2026. The curated file is
// loaded first and the generated one only fills in, so that the curated kinds
// and aliases win (see internal/actors).
var (
	//go:embed data/actors_curated.tsv
	actorsCurated []byte
	//go:embed data/actors_generated.tsv
	actorsGenerated []byte
)

// newActorFinder builds the actor finder from the embedded dictionary and the
// user's files.
func newActorFinder(files []string) (*actors.Finder, error) {
	return actors.New(
		actors.Dict{Name: "data/actors_curated.tsv", Data: actorsCurated},
		actors.Dict{Name: "data/actors_generated.tsv", Data: actorsGenerated},
		files)
}

// ActorKinds are the kinds an actor may have: person, military, armed_group,
// government, organization, group.
var ActorKinds = actors.Kinds

// ParseActorFile reads an actor dictionary in the sitrep TSV format (see
// data/actors_README.md) and reports the first malformed line; it is what
// `--actors FILE` and Options.ActorFiles go through.
func ParseActorFile(r io.Reader, name string) ([]ActorEntry, error) {
	es, err := actors.ParseFile(r, name)
	if err != nil {
		return nil, err
	}
	out := make([]ActorEntry, len(es))
	for i, e := range es {
		out[i] = ActorEntry(e)
	}
	return out, nil
}

// ActorEntry is one line of an actor dictionary.
type ActorEntry struct {
	Name    string
	Kind    string
	Aliases []string
}

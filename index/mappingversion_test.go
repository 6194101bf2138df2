package index

import (
	"errors"
	"testing"
)

func TestOpenRefusesAnotherMappingVersion(t *testing.T) {
	tests := []struct {
		name    string
		version string // recorded; "" for none (an index built before version 3)
		any     bool
		wantErr bool
	}{
		{name: "this version opens", version: MappingVersion},
		{name: "an older version is refused", version: "2", wantErr: true},
		{name: "no recorded version is refused", version: "", wantErr: true},
		{name: "an older version opens to be read back", version: "2", any: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := t.TempDir() + "/idx"
			ix, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if tt.version == "" {
				err = ix.b.DeleteInternal([]byte(mappingVersionKey))
			} else {
				err = ix.b.SetInternal([]byte(mappingVersionKey), []byte(tt.version))
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			ix, err = Open(path, Options{AnyMapping: tt.any})
			if tt.wantErr {
				if !errors.Is(err, ErrOldIndex) {
					t.Fatalf("Open = %v, want ErrOldIndex", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ix.Close()
		})
	}
}

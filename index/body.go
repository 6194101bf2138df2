package index

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// The stored title, text and entities. Bleve keeps every stored field of
// an article in one block compressed with Snappy, which leaves news text
// at two thirds of its size. These three are stored instead as one field
// compressed with zstd (fBody), which leaves under half: the entities'
// names and mentions, mostly words of the text, cost little beside it.
// The index still analyses title and text as before; only what is kept
// for display changes. Readers see the usual fields: unpackBody puts them
// back in a hit's field map. Indexes written before mapping 4 stored them
// as plain fields, which unpackBody leaves as they are.

var (
	zstdOnce sync.Once
	zstdEnc  *zstd.Encoder
	zstdDec  *zstd.Decoder
	zstdErr  error
)

func zstdCodec() (*zstd.Encoder, *zstd.Decoder, error) {
	zstdOnce.Do(func() {
		// EncodeAll and DecodeAll are safe for concurrent use.
		zstdEnc, zstdErr = zstd.NewWriter(nil, zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)),
			zstd.WithEncoderLevel(zstd.SpeedDefault))
		if zstdErr != nil {
			return
		}
		zstdDec, zstdErr = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30))
	})
	return zstdEnc, zstdDec, zstdErr
}

// encodeBody packs title, text and the entities' JSON: each but the last
// after its length, compressed.
func encodeBody(title, text, entities string) (string, error) {
	enc, _, err := zstdCodec()
	if err != nil {
		return "", err
	}
	buf := make([]byte, 0, 2*binary.MaxVarintLen64+len(title)+len(text)+len(entities))
	buf = binary.AppendUvarint(buf, uint64(len(title)))
	buf = append(buf, title...)
	buf = binary.AppendUvarint(buf, uint64(len(text)))
	buf = append(buf, text...)
	buf = append(buf, entities...)
	return string(enc.EncodeAll(buf, nil)), nil
}

// decodeBody unpacks what encodeBody packed.
func decodeBody(s string) (title, text, entities string, err error) {
	_, dec, err := zstdCodec()
	if err != nil {
		return "", "", "", err
	}
	buf, err := dec.DecodeAll([]byte(s), nil)
	if err != nil {
		return "", "", "", fmt.Errorf("stored text: %w", err)
	}
	next := func() (string, bool) {
		n, k := binary.Uvarint(buf)
		if k <= 0 || uint64(len(buf)-k) < n {
			return "", false
		}
		v := string(buf[k : k+int(n)])
		buf = buf[k+int(n):]
		return v, true
	}
	var ok bool
	if title, ok = next(); !ok {
		return "", "", "", fmt.Errorf("stored text: bad length")
	}
	if text, ok = next(); !ok {
		return "", "", "", fmt.Errorf("stored text: bad length")
	}
	return title, text, string(buf), nil
}

// packBody moves title, text and entities of a document's fields into
// fBody.
func packBody(d map[string]any) error {
	title, _ := d[fTitle].(string)
	text, _ := d[fText].(string)
	ents, _ := d[fEntities].(string)
	b, err := encodeBody(title, text, ents)
	if err != nil {
		return err
	}
	d[fBody] = b
	delete(d, fEntities) // stored-only: nothing else reads it
	return nil
}

// unpackBody puts the title, text and entities of a stored fBody back in
// a hit's fields. A body that cannot be read leaves the article without
// them rather than failing the page it is on.
func unpackBody(f map[string]any) {
	b, ok := f[fBody].(string)
	if !ok {
		return
	}
	delete(f, fBody)
	title, text, ents, err := decodeBody(b)
	if err != nil {
		return
	}
	f[fTitle], f[fText] = title, text
	if ents != "" {
		f[fEntities] = ents
	}
}

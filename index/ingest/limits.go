package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"unicode/utf8"
)

// Limits bound what one input, one record and one field may cost, so that a
// hostile or broken file costs the records it breaks and no more: readers
// stream, skip what is over a limit without holding it, and report it with
// file:line.
type Limits struct {
	// FieldBytes is the longest field (title, text, ...): longer text is cut
	// at a character boundary, with a warning.
	FieldBytes int
	// RecordBytes is the largest record as read: a JSON Lines line, a JSON
	// value or array element, a CSV/TSV row, a feed item. A larger one is
	// rejected; an HTML page or a text file (one record per file) is read up
	// to the limit, with a warning.
	RecordBytes int
	// FileBytes is the most read from one input after decompression; 0: no
	// limit. The records before the limit are kept.
	FileBytes int64
}

// DefaultLimits keep a small machine (2 cores, a few GB free) safe: a
// record is decoded with a few times its size, and a batch of articles
// holds at most maxBatchBytes of text.
var DefaultLimits = Limits{FieldBytes: 2 << 20, RecordBytes: 16 << 20, FileBytes: 8 << 30}

// withDefaults fills unset limits.
func (l Limits) withDefaults() Limits {
	if l.FieldBytes <= 0 {
		l.FieldBytes = DefaultLimits.FieldBytes
	}
	if l.RecordBytes <= 0 {
		l.RecordBytes = DefaultLimits.RecordBytes
	}
	if l.FileBytes < 0 {
		l.FileBytes = 0
	}
	return l
}

// maxBatchBytes flushes a batch early when its articles' text adds up to
// this much: the index holds several dozen times a batch's text while it
// analyses it (30 articles of 2 MiB of random words: 1.4 to 2 GB peak at
// 16 MiB, 2.9 GB at 64 MiB, 0.8 GB at 8 MiB but half as fast), so a
// batch of long articles must stay small. Articles of usual length (a few
// KB) fill a batch by count long before.
const maxBatchBytes = 16 << 20

// maxFlightBytes bounds the text of records read but not yet written (in the
// queues, in the workers, in the batch being built).
const maxFlightBytes = 64 << 20

// budget is a count of bytes that readers wait on: acquire blocks while the
// bytes held would go over max (one record alone always passes, whatever its
// size), release gives bytes back.
type budget struct {
	mu   sync.Mutex
	cond *sync.Cond
	used int64
	max  int64
}

func newBudget(max int64) *budget {
	b := &budget{max: max}
	b.cond = sync.NewCond(&b.mu)
	return b
}

func (b *budget) acquire(ctx context.Context, n int64) error {
	stop := context.AfterFunc(ctx, func() {
		b.mu.Lock()
		b.cond.Broadcast()
		b.mu.Unlock()
	})
	defer stop()
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.used > 0 && b.used+n > b.max {
		if err := ctx.Err(); err != nil {
			return err
		}
		b.cond.Wait()
	}
	b.used += n
	return nil
}

func (b *budget) release(n int64) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.used -= n
	b.cond.Broadcast()
	b.mu.Unlock()
}

// errFileLimit ends the reading of an input that is over Limits.FileBytes.
var errFileLimit = errors.New("over the size limit")

// fileLimitReader returns errFileLimit, instead of a silent EOF, once more
// than n bytes were read.
type fileLimitReader struct {
	r    io.Reader
	n    int64 // bytes left
	size int64
}

func (f *fileLimitReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		// At the limit: an input that ends exactly here is whole.
		var one [1]byte
		for tries := 0; ; tries++ {
			n, err := f.r.Read(one[:])
			if n == 0 && err == nil && tries < 100 {
				continue
			}
			if n == 0 && err == nil {
				return 0, io.ErrNoProgress
			}
			if n == 0 {
				return 0, err
			}
			break
		}
		return 0, fmt.Errorf("%w: more than %s after decompression (ingest.max_file_bytes); the rest is not read", errFileLimit, humanBytes(f.size))
	}
	if int64(len(p)) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= int64(n)
	return n, err
}

// humanBytes writes a size as people read it: 2 MiB, 512 KiB, 1.5 GiB.
func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit && exp < 3; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	s := fmt.Sprintf("%.1f", v)
	if v == float64(int64(v)) {
		s = fmt.Sprintf("%d", int64(v))
	}
	return s + " " + []string{"KiB", "MiB", "GiB", "TiB"}[exp]
}

// readLine reads one line (without its newline) of at most max bytes. A
// longer line is read to its end and dropped: tooLong reports it, with its
// length in n, and the memory used stays that of the reader's buffer.
// lines counts the newlines consumed (1, or 0 at the end of the input).
func readLine(br *bufio.Reader, max int) (line []byte, n int64, tooLong bool, err error) {
	for {
		chunk, err := br.ReadSlice('\n')
		n += int64(len(chunk))
		if !tooLong {
			if len(line)+len(chunk) > max+2 { // room for "\r\n"
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && !(errors.Is(err, io.EOF) && n > 0) {
			return nil, n, tooLong, err
		}
		line = bytes.TrimSuffix(line, []byte{'\n'})
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if !tooLong && len(line) > max {
			tooLong, line = true, nil
		}
		if tooLong {
			line = nil
		}
		return line, n, tooLong, nil
	}
}

// peekLine returns the line ahead (without its newline) as far as max
// bytes, without consuming it. It reads no further than the line's end (or
// max), so that a pipe fed line by line is read as its lines come.
func peekLine(br *bufio.Reader, max int) []byte {
	max = min(max, br.Size())
	from := 0
	for {
		peek, _ := br.Peek(min(br.Buffered(), max)) // no read
		if nl := bytes.IndexByte(peek[from:], '\n'); nl >= 0 {
			return peek[:from+nl]
		}
		if len(peek) >= max {
			return peek
		}
		from = len(peek)
		if _, err := br.Peek(len(peek) + 1); err != nil { // reads at least one more byte
			peek, _ = br.Peek(min(br.Buffered(), max))
			return peek
		}
	}
}

// cutUTF8 returns the longest prefix of s of at most n bytes that does not
// split a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// limitFields cuts every field of rec to the field limit, with a warning.
func limitFields(rec *Record, max int) {
	if rec == nil {
		return
	}
	for _, k := range sortedFieldNames {
		v, ok := rec.Fields[k]
		if !ok || len(v) <= max {
			continue
		}
		rec.Fields[k] = cutUTF8(v, max)
		rec.Warn = append(rec.Warn, fmt.Sprintf("%s of %d bytes cut to %s (ingest.max_field_bytes)", k, len(v), humanBytes(int64(max))))
	}
}

// sortedFieldNames lists the canonical fields in a fixed order, for
// warnings that come out the same every run.
var sortedFieldNames = []string{FieldID, FieldURL, FieldSource, FieldTitle, FieldText, FieldPublished, FieldLang, FieldDataset}

// limitedReader applies the field limit to the records of a reader.
type limitedReader struct {
	Reader
	max int
}

func (l limitedReader) Next() (*Record, error) {
	rec, err := l.Reader.Next()
	if err == nil {
		limitFields(rec, l.max)
	}
	return rec, err
}

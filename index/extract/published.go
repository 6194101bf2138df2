package extract

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrBadDate is returned by ParsePublished for a date in no known form.
var ErrBadDate = errors.New("unrecognised date")

var publishedLayouts = []string{
	time.RFC3339Nano,
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05-07",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	time.RFC822Z,
	time.RFC822,
	"Monday, 2 January 2006",
	"Monday, January 2, 2006",
	"2 January 2006",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 Jan 2006",
	"1/2/2006",
	"1/2/2006 15:04",
	"02.01.2006",
}

// ParsePublished parses a publication date in the forms feeds, pages and
// exports use (RFC 3339, RFC 1123/822 variants, "Wednesday, 5 January 2025",
// Unix seconds or milliseconds, M/D/YYYY) and returns it in UTC. A date
// without a zone is taken as UTC.
func ParsePublished(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ErrBadDate
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && len(s) >= 9 {
		if len(s) >= 13 {
			return time.UnixMilli(n).UTC(), nil
		}
		return time.Unix(n, 0).UTC(), nil
	}
	for _, l := range publishedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, ErrBadDate
}

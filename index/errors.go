package index

import "errors"

// Sentinel errors callers branch on; the server maps them to HTTP statuses.
var (
	// ErrBadQuery marks a query the user can fix: syntax, bad parameter.
	ErrBadQuery = errors.New("bad query")
	// ErrNotFound marks an unknown article id.
	ErrNotFound = errors.New("not found")
	// ErrOldIndex marks an index built with another MappingVersion.
	ErrOldIndex = errors.New("index must be rebuilt")
)

// QueryError is a user-facing query problem; it wraps ErrBadQuery.
type QueryError struct{ Msg string }

func (e *QueryError) Error() string { return e.Msg }
func (e *QueryError) Unwrap() error { return ErrBadQuery }

func badQuery(msg string) error { return &QueryError{Msg: msg} }

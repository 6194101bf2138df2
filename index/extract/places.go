package extract

// placeFinder is replaced by the gazetteer-backed implementation.
type placeFinder struct{}

func newPlaceFinder() (*placeFinder, error)                 { return &placeFinder{}, nil }
func (p *placeFinder) find(text string) []Location          { return nil }
func (p *placeFinder) canonical(name string) (string, bool) { return "", false }

// CountryName returns the English name of an ISO 3166-1 alpha-2 code.
func CountryName(code string) string { return code }

package harness

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" driver, pure Go, with FTS5

	"github.com/sitrep/sitrep/index"
)

// fts5Engine is SQLite FTS5 as the SQLite documentation suggests it: an
// external-content FTS5 table over a documents table (porter stemming),
// entity tables with indexes for filters and GROUP BY facet counts, bm25
// ranking and snippet() for highlighting. One request materialises the
// matching rowids once in a temporary table and reads count, top 10 and
// facets from it. The small columns come before the article text in the
// documents table and the entity tables have covering (doc, name) indexes,
// so that a facet count over the matches never reads an article's text.
type fts5Engine struct {
	db   *sql.DB
	conn *sql.Conn
}

const fts5Schema = `
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
CREATE TABLE IF NOT EXISTS docs(rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, published INTEGER, source TEXT, url TEXT, title TEXT, text TEXT);
CREATE INDEX IF NOT EXISTS docs_published ON docs(published);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, text, content='docs', content_rowid='rowid', tokenize='porter unicode61');
CREATE TABLE IF NOT EXISTS doc_loc(doc INTEGER, name TEXT);
CREATE TABLE IF NOT EXISTS doc_actor(doc INTEGER, name TEXT);
CREATE INDEX IF NOT EXISTS doc_loc_name ON doc_loc(name, doc);
CREATE INDEX IF NOT EXISTS doc_loc_doc ON doc_loc(doc, name);
CREATE INDEX IF NOT EXISTS doc_actor_name ON doc_actor(name, doc);
CREATE INDEX IF NOT EXISTS doc_actor_doc ON doc_actor(doc, name);
`

func openFTS5(dir string) (Engine, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "fts5.db"))
	if err != nil {
		return nil, fmt.Errorf("fts5: %w", err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("fts5: %w", err)
	}
	if _, err := conn.ExecContext(context.Background(), fts5Schema+"CREATE TEMP TABLE IF NOT EXISTS m(rowid INTEGER PRIMARY KEY);"); err != nil {
		db.Close()
		return nil, fmt.Errorf("fts5 schema: %w", err)
	}
	return &fts5Engine{db: db, conn: conn}, nil
}

func (e *fts5Engine) Put(ctx context.Context, batch []*index.Article) error {
	tx, err := e.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO docs(id, published, source, url, title, text) VALUES(?,?,?,?,?,?)`)
	if err != nil {
		return err
	}
	ftsIns, err := tx.PrepareContext(ctx, `INSERT INTO fts(rowid, title, text) VALUES(?,?,?)`)
	if err != nil {
		return err
	}
	loc, err := tx.PrepareContext(ctx, `INSERT INTO doc_loc(doc, name) VALUES(?,?)`)
	if err != nil {
		return err
	}
	act, err := tx.PrepareContext(ctx, `INSERT INTO doc_actor(doc, name) VALUES(?,?)`)
	if err != nil {
		return err
	}
	for _, a := range batch {
		r, err := ins.ExecContext(ctx, a.ID, a.Published.Unix(), a.Source, a.URL, a.Title, a.Text)
		if err != nil {
			return err
		}
		rowid, _ := r.LastInsertId()
		if _, err := ftsIns.ExecContext(ctx, rowid, a.Title, a.Text); err != nil {
			return err
		}
		for _, n := range a.LocationNames() {
			if _, err := loc.ExecContext(ctx, rowid, n); err != nil {
				return err
			}
		}
		for _, n := range a.ActorNames() {
			if _, err := act.ExecContext(ctx, rowid, n); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}

// ftsMatch is the FTS5 query string: every word (AND) or one phrase.
func ftsMatch(q Query) string {
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	if q.Phrase {
		return quote(strings.Join(q.Words, " "))
	}
	var parts []string
	for _, w := range q.Words {
		parts = append(parts, quote(w))
	}
	return strings.Join(parts, " AND ")
}

func (e *fts5Engine) Search(ctx context.Context, q Query) (*Answer, error) {
	var where []string
	var args []any
	from := "docs"
	if len(q.Words) > 0 {
		from = "fts"
		where = append(where, "fts MATCH ?")
		args = append(args, ftsMatch(q))
	}
	// On the FTS5 table a filter is written +rowid, so that it filters the
	// full-text matches rather than becoming one FTS5 lookup per row.
	rowid := "rowid"
	if from == "fts" {
		rowid = "+rowid"
	}
	in := func(table string, vals []string) {
		if len(vals) == 0 {
			return
		}
		where = append(where, fmt.Sprintf("%s IN (SELECT doc FROM %s WHERE name IN (?%s))", rowid, table, strings.Repeat(",?", len(vals)-1)))
		for _, v := range vals {
			args = append(args, v)
		}
	}
	in("doc_loc", q.Locations)
	in("doc_actor", q.Actors)
	lo, hi := queryWindow(q)
	if q.From != "" || q.To != "" {
		where = append(where, rowid+" IN (SELECT rowid FROM docs WHERE published >= ? AND published < ?)")
		args = append(args, lo.Unix(), hi.Unix())
	}
	w := ""
	if len(where) > 0 {
		w = " WHERE " + strings.Join(where, " AND ")
	}
	if _, err := e.conn.ExecContext(ctx, "DELETE FROM temp.m"); err != nil {
		return nil, err
	}
	if _, err := e.conn.ExecContext(ctx, "INSERT INTO temp.m SELECT rowid FROM "+from+w, args...); err != nil {
		return nil, fmt.Errorf("fts5 match: %w", err)
	}
	a := &Answer{}
	if err := e.conn.QueryRowContext(ctx, "SELECT count(*) FROM temp.m").Scan(&a.Total); err != nil {
		return nil, err
	}
	// Top 10 with snippets. The unary + keeps the rowid constraint away
	// from FTS5's planner: given to FTS5, it becomes one full-text lookup
	// per matching row (seconds for a broad word) instead of a filter.
	var rows *sql.Rows
	var err error
	if len(q.Words) > 0 {
		rows, err = e.conn.QueryContext(ctx, `SELECT d.id, d.title, d.url, d.source, d.published,
			snippet(fts, 0, '<mark>', '</mark>', '…', 16), snippet(fts, 1, '<mark>', '</mark>', '…', 24)
			FROM fts JOIN docs d ON d.rowid = fts.rowid
			WHERE fts MATCH ? AND +fts.rowid IN (SELECT rowid FROM temp.m) ORDER BY bm25(fts) LIMIT 10`, ftsMatch(q))
	} else {
		rows, err = e.conn.QueryContext(ctx, `SELECT d.id, d.title, d.url, d.source, d.published, '', substr(d.text, 1, 240)
			FROM docs d JOIN temp.m ON d.rowid = m.rowid ORDER BY d.published DESC LIMIT 10`)
	}
	if err != nil {
		return nil, fmt.Errorf("fts5 top: %w", err)
	}
	for rows.Next() {
		var id, title, url, source, s1, s2 string
		var pub int64
		if err := rows.Scan(&id, &title, &url, &source, &pub, &s1, &s2); err != nil {
			rows.Close()
			return nil, err
		}
		a.IDs = append(a.IDs, id)
		if strings.Contains(s1, "<mark>") {
			a.Fragments++
		}
		if strings.Contains(s2, "<mark>") {
			a.Fragments++
		}
	}
	rows.Close()
	// Facets.
	top := func(sqlText string) (string, error) {
		rows, err := e.conn.QueryContext(ctx, sqlText)
		if err != nil {
			return "", err
		}
		defer rows.Close()
		first := ""
		for rows.Next() {
			var v string
			var n int
			if err := rows.Scan(&v, &n); err != nil {
				return "", err
			}
			if first == "" {
				first = v
			}
		}
		return first, rows.Err()
	}
	if a.TopLoc, err = top(`SELECT name, count(*) c FROM temp.m CROSS JOIN doc_loc ON doc_loc.doc = m.rowid GROUP BY name ORDER BY c DESC, name LIMIT 10`); err != nil {
		return nil, err
	}
	if a.TopActor, err = top(`SELECT name, count(*) c FROM temp.m CROSS JOIN doc_actor ON doc_actor.doc = m.rowid GROUP BY name ORDER BY c DESC, name LIMIT 10`); err != nil {
		return nil, err
	}
	if _, err = top(`SELECT source, count(*) c FROM temp.m CROSS JOIN docs ON docs.rowid = m.rowid GROUP BY source ORDER BY c DESC, source LIMIT 10`); err != nil {
		return nil, err
	}
	interval, _ := dateBuckets(lo, hi)
	format := map[string]string{"day": "%Y-%m-%d", "week": "%Y-%W", "month": "%Y-%m", "year": "%Y"}[interval]
	rows, err = e.conn.QueryContext(ctx, `SELECT strftime('`+format+`', published, 'unixepoch') b, count(*) FROM temp.m CROSS JOIN docs ON docs.rowid = m.rowid GROUP BY b`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var b string
		var n int
		if err := rows.Scan(&b, &n); err != nil {
			rows.Close()
			return nil, err
		}
		a.DateSum += n
	}
	rows.Close()
	return a, nil
}

func (e *fts5Engine) Close() error {
	e.conn.Close()
	return e.db.Close()
}

var _ = time.Now

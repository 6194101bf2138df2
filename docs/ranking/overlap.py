"""Compare sitrep's totals and top 10 with SQLite FTS5 (BM25, porter) on the
shared English corpus, which may not be shipped: it is read from ../shared.

Start one `sitrep serve` per ranking to compare, each on its own copy of an
index of ../shared/data/corpus/articles.en.jsonl, and give their ports:

    PORTS=18121,18122 python3 docs/ranking/overlap.py

Queries: 100 single words and 30 pairs of words drawn (seed 12) from the
titles, each matching 10-1,500 articles in FTS5.
"""
import os, json, sqlite3, random, re, urllib.request, urllib.parse, sys, statistics
arts = {}
for line in open('../shared/data/corpus/articles.en.jsonl'):
    a = json.loads(line); arts[a['id']] = a
db = sqlite3.connect(':memory:')
db.execute("create virtual table fts using fts5(id unindexed, title, text, tokenize='porter unicode61')")
db.executemany("insert into fts values (?,?,?)", [(i, a.get('title') or '', a.get('text') or '') for i, a in arts.items()])
stop = set("a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with".split())
rnd = random.Random(12)
words = {}
for a in arts.values():
    for w in re.findall(r"[A-Za-z]{4,}", a.get('title') or ''):
        w = w.lower()
        if w not in stop: words[w] = words.get(w, 0) + 1
cands = sorted(w for w, n in words.items() if n >= 3)
rnd.shuffle(cands)
queries = []
for w in cands:
    n = db.execute("select count(*) from fts where fts match ?", ('"%s"' % w,)).fetchone()[0]
    if 10 <= n <= 1500: queries.append(w)
    if len(queries) == 100: break
pairs = []
titles = [a.get('title') or '' for a in arts.values()]
rnd.shuffle(titles)
for t in titles:
    ws = [w.lower() for w in re.findall(r"[A-Za-z]{4,}", t) if w.lower() not in stop]
    if len(ws) >= 2:
        q = ws[0] + ' ' + ws[1]
        n = db.execute("select count(*) from fts where fts match ?", ('"%s" "%s"' % tuple(ws[:2]),)).fetchone()[0]
        if n >= 10: pairs.append(q)
    if len(pairs) == 30: break
def fts(q):
    m = ' '.join('"%s"' % w for w in q.split())
    tot = db.execute("select count(*) from fts where fts match ?", (m,)).fetchone()[0]
    top = [r[0] for r in db.execute("select id from fts where fts match ? order by bm25(fts) limit 10", (m,))]
    return tot, top
def sitrep(port, q):
    u = 'http://127.0.0.1:%d/api/search?%s' % (port, urllib.parse.urlencode({'q': q, 'size': 10, 'collapse': 'false'}))
    r = json.load(urllib.request.urlopen(u))
    return r['total'], [h['id'] for h in r['hits']]
for name, qs in [('word', queries), ('two words', pairs)]:
    PORTS = [int(x) for x in os.environ.get('PORTS','18121,18122').split(',')]
    res = {p: [] for p in PORTS}; ratio = {p: [] for p in res}
    for q in qs:
        ft, ftop = fts(q)
        for p in res:
            t, top = sitrep(p, q)
            res[p].append(len(set(top) & set(ftop)))
            ratio[p].append(t / ft if ft else 0)
    for p in res:
        out = sum(1 for r in ratio[p] if not 0.67 <= r <= 1.5)
        print('%-9s %s: %d queries, mean top-10 overlap with FTS5 %.2f, totals outside 0.67-1.5x of FTS5: %d' % (name, str(p), len(qs), statistics.mean(res[p]), out))

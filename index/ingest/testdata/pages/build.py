#!/usr/bin/env python3
"""Builds the page set in this folder (see README.md).

    python3 build.py TRAF_DIR COMPARISON_JSONL SHARED_DATA_DIR

TRAF_DIR: go-trafilatura v1.12.2 from the Go module cache.
COMPARISON_JSONL: its scripts/comparison/data.go map dumped as JSON Lines
({"url": ..., "e": ComparisonEntry}).
SHARED_DATA_DIR: ../shared/data (CC BY 4.0 and CC0 texts only are used).
Writes NAME.html.gz and gold.json here.
"""
import csv, gzip, json, os, re, sys
from html import escape as esc

HERE = os.path.dirname(os.path.abspath(__file__))
TRAF, COMP, SHARED = sys.argv[1:4]
gold = []

def write(name, page):
    b = page.encode("utf-8") if isinstance(page, str) else page
    with open(os.path.join(HERE, name + ".html.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
            f.write(b)

# 1. Pages of go-trafilatura's comparison set whose sites publish under CC BY / CC BY-SA.
LIC = re.compile(r"CC[ -]BY(-SA)?( [0-9.]+)?( [A-Z]+)?$")
for line in open(COMP):
    r = json.loads(line)
    e = r["e"]
    lic = e.get("license") or ""
    p = os.path.join(TRAF, "test-files", "comparison", e["file"])
    if not LIC.match(lic) or not os.path.exists(p):
        continue
    lang = "en" if e["file"] in ("anarc.at.cdpath.html", "flowfx.de.tmux.html") else "de"
    name = lang + "-" + re.sub(r"[^a-z0-9]+", "-", e["file"].lower().removesuffix(".html")).strip("-")
    write(name, open(p, "rb").read())
    gold.append({"name": name, "url": r["url"], "lang": lang, "kind": "blog",
                 "licence": lic.replace("CC-BY", "CC BY"), "origin": "go-trafilatura test-files/comparison (BBAW annotations)",
                 "title": e.get("title") or "", "full": False,
                 "with": e.get("with") or [], "without": e.get("without") or []})

def sentences(text):
    text = re.sub(r"\*\*|__", "", text)
    out = []
    for para in re.split(r"\n\s*\n|\n", text):
        para = " ".join(para.split())
        if not para:
            continue
        out += [s for s in re.split(r"(?<=[.!?…»”])\s+(?=[A-ZА-ЯІЇЄҐ«“\"])", para) if s]
    return out

def paras(sents, n=3):
    return [" ".join(sents[i:i + n]) for i in range(0, len(sents), n)]

# Boilerplate blocks, by language: (cookie, newsletter, related heading, related items, footer, share, comments)
BP = {
 "en": dict(cookie="We use cookies to improve your experience on our website. By continuing to browse you agree to our use of cookies.",
            news="Sign up for our daily newsletter and get the top stories in your inbox every morning.",
            rel="Most read", items=["Ceasefire talks stall as envoys leave the capital", "Weather service warns of storms across the region", "Markets close lower after a week of losses"],
            foot="All rights reserved. Reproduction of material from this site requires written permission.",
            share="Share this article on Facebook, Telegram or X.", more="Read more stories from our correspondents",
            comm="Comments are moderated and will appear after approval by the editors.",
            live="Refresh the page to see the latest updates."),
 "uk": dict(cookie="Ми використовуємо файли cookie, щоб сайт працював краще. Продовжуючи перегляд, ви погоджуєтеся з цим.",
            news="Підпишіться на нашу розсилку, щоб щоранку отримувати головні новини дня.",
            rel="Найпопулярніше", items=["У столиці відкрили новий пункт незламності", "Синоптики попередили про сильний вітер у західних областях", "Уряд ухвалив нові правила для переселенців"],
            foot="Усі права захищено. Використання матеріалів сайту дозволяється за умови посилання на джерело.",
            share="Поділитися новиною у Facebook, Telegram або X.", more="Читайте також інші матеріали розділу",
            comm="Коментарі з'являються після перевірки модератором.", live="Оновіть сторінку, щоб побачити нові повідомлення."),
 "ru": dict(cookie="Мы используем файлы cookie для улучшения работы сайта. Продолжая просмотр, вы соглашаетесь с этим.",
            news="Подпишитесь на нашу рассылку и получайте главные новости дня каждое утро.",
            rel="Самое читаемое", items=["В регионе открыли новый мост через реку", "Синоптики предупредили о сильном ветре", "Правительство обсудило цены на топливо"],
            foot="Все права защищены. Любое использование материалов допускается только с согласия редакции.",
            share="Поделиться новостью во ВКонтакте, Telegram или Одноклассниках.", more="Читайте также другие материалы рубрики",
            comm="Комментарии публикуются после проверки модератором.", live="Обновите страницу, чтобы увидеть новые сообщения."),
 "ar": dict(cookie="نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا. بمتابعة التصفح فإنك توافق على ذلك.",
            news="اشترك في نشرتنا الإخبارية اليومية لتصلك أهم الأخبار كل صباح.",
            rel="الأكثر قراءة", items=["افتتاح جسر جديد في العاصمة", "الأرصاد تحذر من عاصفة رملية", "الحكومة تناقش أسعار الوقود"],
            foot="جميع الحقوق محفوظة. لا يجوز نسخ أي مادة من الموقع دون إذن خطي.",
            share="شارك هذا الخبر على فيسبوك أو تلغرام أو إكس.", more="اقرأ المزيد من تقارير مراسلينا",
            comm="تخضع التعليقات للمراجعة قبل نشرها.", live="حدّث الصفحة لمشاهدة آخر المستجدات."),
}

def boiler(lang, kinds):
    b = BP[lang]
    out = []
    for k in kinds:
        if k == "rel":
            out += b["items"]
        else:
            out.append(b[k])
    return out

def page_news(lang, site, title, byline, date, ps, caption=None, rtl=False):
    b = BP[lang]
    d = ' dir="rtl"' if rtl else ""
    body = "\n".join(f"<p>{esc(p)}</p>" for p in ps)
    mid = len(ps) // 2
    fig = f'<figure><img src="/img/1.jpg" alt=""><figcaption>{esc(caption)}</figcaption></figure>' if caption else ""
    parts = body.split("\n")
    parts.insert(mid, f'<aside class="read-more"><a href="/news/2">{esc(b["more"])}</a></aside>')
    body = fig + "\n" + "\n".join(parts)
    return f"""<!DOCTYPE html><html lang="{lang}"{d}><head><meta charset="utf-8"><title>{esc(title)} | {esc(site)}</title>
<meta property="og:title" content="{esc(title)}"><meta property="og:site_name" content="{esc(site)}">
<meta property="article:published_time" content="{date}"></head><body>
<div id="cookie-consent" class="cookie-banner"><p>{esc(b['cookie'])}</p><button>OK</button></div>
<header class="site-header"><a class="logo" href="/">{esc(site)}</a><nav><ul><li><a href="/politics">Politics</a></li><li><a href="/world">World</a></li><li><a href="/economy">Economy</a></li><li><a href="/video">Video</a></li></ul></nav></header>
<main><article class="article"><h1 class="article-title">{esc(title)}</h1>
<div class="meta"><span class="byline">{esc(byline)}</span> <time datetime="{date}">{date[:10]}</time></div>
<div class="article-body">{body}</div>
<div class="share"><p>{esc(b['share'])}</p></div>
</article>
<section class="newsletter"><p>{esc(b['news'])}</p><form><input type="email"><button>OK</button></form></section>
<section class="comments"><h3>Comments</h3><p>{esc(b['comm'])}</p></section>
<aside class="sidebar most-read"><h2>{esc(b['rel'])}</h2><ul>{''.join(f'<li><a href="/n/{i}">{esc(x)}</a></li>' for i, x in enumerate(b['items']))}</ul></aside>
</main><footer class="site-footer"><p>{esc(b['foot'])}</p></footer></body></html>"""

def page_official(lang, site, title, date, place, ps):
    b = BP[lang]
    body = "\n".join(f"<p>{esc(p)}</p>" for p in ps)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{esc(title)} • {esc(site)}</title>
<link rel="canonical" href="https://example.org/events/1"></head><body>
<div class="gov-header"><div class="logo">{esc(site)}</div><ul class="main-menu"><li><a href="/news">News</a></li><li><a href="/statements">Statements</a></li><li><a href="/documents">Documents</a></li><li><a href="/contacts">Contacts</a></li></ul>
<form class="search"><input name="q"></form></div>
<div class="breadcrumbs"><a href="/">Home</a> / <a href="/news">News</a></div>
<div class="content"><div class="entry"><div class="read__meta"><time datetime="{date}">{date[:10]}</time> <span class="read__place">{esc(place)}</span></div>
<h1 class="entry-title">{esc(title)}</h1>
<div class="entry-content" itemprop="articleBody">{body}</div>
<div class="read__tags">Topics: <a href="/t/1">Foreign policy</a> <a href="/t/2">Security</a></div>
<div class="social"><p>{esc(b['share'])}</p></div></div>
<div class="related"><h3>{esc(b['rel'])}</h3><ul>{''.join(f'<li><a href="/n/{i}">{esc(x)}</a></li>' for i, x in enumerate(b['items']))}</ul></div></div>
<div class="footer"><p>{esc(b['foot'])}</p><p>{esc(b['cookie'])}</p></div></body></html>"""

def page_live(lang, site, title, date, posts, rtl=False):
    b = BP[lang]
    d = ' dir="rtl"' if rtl else ""
    entries = "\n".join(f'<div class="live-post"><div class="live-post__time">{esc(t)}</div><h3 class="live-post__title">{esc(h)}</h3>'
                        + "".join(f"<p>{esc(p)}</p>" for p in ps) + '<div class="live-post__share">Share</div></div>'
                        for t, h, ps in posts)
    return f"""<!DOCTYPE html><html lang="{lang}"{d}><head><meta charset="utf-8"><title>{esc(title)} - {esc(site)}</title>
<meta property="og:title" content="{esc(title)}"><meta property="og:site_name" content="{esc(site)}">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"LiveBlogPosting","headline":{json.dumps(title, ensure_ascii=False)},"datePublished":"{date}"}}</script></head><body>
<nav class="top"><a href="/">{esc(site)}</a> <a href="/live">Live</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="consent"><p>{esc(b['cookie'])}</p></div>
<main><h1>{esc(title)}</h1><p class="live-note">{esc(b['live'])}</p>
<div class="live-feed">{entries}</div>
<button class="load-more">Load more</button></main>
<aside class="promo"><p>{esc(b['news'])}</p></aside>
<aside class="most-read"><h2>{esc(b['rel'])}</h2><ol>{''.join(f'<li><a href="/n/{i}">{esc(x)}</a></li>' for i, x in enumerate(b['items']))}</ol></aside>
<footer><p>{esc(b['foot'])}</p></footer></body></html>"""

def add(name, lang, kind, lic, origin, url, title, sents, without, page, extra_with=()):
    write(name, page)
    gold.append({"name": name, "url": url, "lang": lang, "kind": kind, "licence": lic, "origin": origin,
                 "title": title, "full": True, "with": list(sents) + list(extra_with), "without": without})

csv.field_size_limit(1 << 30)
kr = list(csv.DictReader(open(os.path.join(SHARED, "raw/kremlin_zelensky_press_releases_2022/putin.csv"))))
ze = list(csv.DictReader(open(os.path.join(SHARED, "raw/kremlin_zelensky_press_releases_2022/zelenskyy.csv"))))
def pick(rows, n, lo=600, hi=3500):
    out = []
    for r in rows[50:]:
        if lo <= len(r["body"]) <= hi:
            out.append(r)
        if len(out) == n:
            return out
    return out

# 2. Kremlin and Office of the President of Ukraine releases (CC BY 4.0), in an official-site and a news layout.
for i, r in enumerate(pick(kr, 4)):
    s = sentences(r["body"])
    if i % 2 == 0:
        pg = page_official("en", "President of Russia", r["headline"], r["date"], r.get("location") or "The Kremlin, Moscow", paras(s))
        wo = boiler("en", ["share", "rel", "foot", "cookie"])
        kind = "official"
    else:
        pg = page_news("en", "World Desk", r["headline"], "By staff correspondent", r["date"], paras(s, 2))
        wo = boiler("en", ["cookie", "more", "share", "news", "comm", "rel", "foot"])
        kind = "news"
    add(f"en-kremlin-{i+1}", "en", kind, "CC BY 4.0", "text: " + r["link"] + " (via ../shared kremlin_zelensky_press_releases_2022); layout: this project's",
        r["link"], r["headline"], s, wo, pg)
for i, r in enumerate(pick(ze, 4)):
    s = sentences(r["body"])
    if i % 2 == 0:
        pg = page_official("en", "President of Ukraine", r["headline"], r["date"], "Kyiv", paras(s))
        wo = boiler("en", ["share", "rel", "foot", "cookie"])
        kind = "official"
    else:
        pg = page_news("en", "Kyiv Desk", r["headline"], "Staff writer", r["date"], paras(s, 2),
                       caption=None)
        wo = boiler("en", ["cookie", "more", "share", "news", "comm", "rel", "foot"])
        kind = "news"
    add(f"en-president-ua-{i+1}", "en", kind, "CC BY 4.0", "text: " + r["link"] + " (via ../shared kremlin_zelensky_press_releases_2022); layout: this project's",
        r["link"], r["headline"], s, wo, pg)

# 3. Ukrainian officials' addresses (CC0), Ukrainian and English.
for lang, fn in (("uk", "corpus/articles.uk.jsonl"), ("en", "corpus/articles.en.jsonl")):
    rows = [json.loads(l) for l in open(os.path.join(SHARED, fn))]
    rows = [x for x in rows if x["id"].startswith("ua-") and 1500 <= len(x["text"]) <= 4000][10:14 if lang == "uk" else 13]
    for i, x in enumerate(rows):
        s = sentences(x["text"])
        if i % 3 == 0:
            pg = page_official(lang, "Офіс Президента України" if lang == "uk" else "Office of the President", x["title"], x["published"], "Київ" if lang == "uk" else "Kyiv", paras(s))
            wo, kind = boiler(lang, ["share", "rel", "foot", "cookie"]), "official"
        elif i % 3 == 1:
            pg = page_news(lang, "Новини" if lang == "uk" else "News Desk", x["title"], "Редакція" if lang == "uk" else "Editorial staff", x["published"], paras(s, 2))
            wo, kind = boiler(lang, ["cookie", "more", "share", "news", "comm", "rel", "foot"]), "news"
        else:
            posts = []
            ps = paras(s, 2)
            for j, p in enumerate(ps):
                posts.append((f"{21 - j:02d}:{(j * 17) % 60:02d} GMT", "", [p]))
            pg = page_live(lang, "Стрічка" if lang == "uk" else "Live Desk", x["title"], x["published"], posts)
            wo, kind = boiler(lang, ["cookie", "live", "news", "rel", "foot"]) + [t for t, _, _ in posts], "live"
        add(f"{lang}-address-{i+1}", lang, kind, "CC0 1.0", "text: resistinua addresses (via ../shared ua_officials_addresses_2022_en_uk); layout: this project's",
            "", x["title"], s, wo, pg)

# 4. Russian and Arabic pages: real-world layouts with placeholder text written for this set.
RU = json.load(open(os.path.join(HERE, "placeholder.json")))
for i, x in enumerate(RU):
    lang = x["lang"]
    rtl = lang == "ar"
    ps = x["paras"]
    s = [t for p in ps for t in sentences(p)]
    if x["kind"] == "news":
        pg = page_news(lang, x["site"], x["title"], x["byline"], x["date"], ps, caption=x.get("caption"), rtl=rtl)
        wo = boiler(lang, ["cookie", "more", "share", "news", "comm", "rel", "foot"])
    elif x["kind"] == "official":
        pg = page_official(lang, x["site"], x["title"], x["date"], x["place"], ps)
        wo = boiler(lang, ["share", "rel", "foot", "cookie"])
    else:
        posts = [(t + " GMT", "", [p]) for t, p in zip(x["times"], ps)]
        pg = page_live(lang, x["site"], x["title"], x["date"], posts, rtl=rtl)
        wo = boiler(lang, ["cookie", "live", "news", "rel", "foot"]) + [f"{t} GMT" for t in x["times"]]
    extra = [x["caption"]] if x.get("caption") else []
    add(x["name"], lang, x["kind"], "CC0 1.0 (placeholder text written for this set)", "this project's", "", x["title"], s, wo, pg, extra)

json.dump(gold, open(os.path.join(HERE, "gold.json"), "w"), ensure_ascii=False, indent=1)
print(len(gold), "pages")

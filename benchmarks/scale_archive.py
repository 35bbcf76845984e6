"""Build a scale archive of N saved pages from the bundled corpus, for the benchmark.

    .venv/bin/python benchmarks/scale_archive.py --pages 20000    # -> benchmarks/out/archive_20000/

Every page is a bundled page (data/archive/*.html) made distinct: a new canonical url (in
the page and in its sidecar), a publication date spread over 2023-10-17 .. 2024-02-29, an
outlet name swapped for another of the same language, and a varied closing paragraph, so
no two pages share bytes or canonical url and nothing deduplicates away. About one page in
ten is relevant, as in a real news stream; the other nine are the corpus's irrelevant pages
varied the same way plus generated non-attack news pages.

Relevance is decided by basewatch's own extraction: each bundled page is classified once,
and a relevant page is only moved to dates (whole weeks away, so weekday names keep their
meaning) at which its text still reports news of an attack; an irrelevant page only to
dates at which it still reports none. The output is deterministic for a given seed and corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import html as htmllib
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere, without installing benchmarks/

from pipelines.config import REGISTRY_DIR  # noqa: E402
from pipelines.extract import extract_mentions, is_relevant  # noqa: E402
from pipelines.html import decode_html, extract_text, page_metadata  # noqa: E402
from pipelines.registry import BaseMatcher, load_bases  # noqa: E402

CORPUS = ROOT / "data" / "archive"
OUT = ROOT / "benchmarks" / "out"
FIRST_DAY = dt.date(2023, 10, 17)
LAST_DAY = dt.date(2024, 2, 29)
RELEVANT_EVERY = 10
# Share of the irrelevant pages that are generated rather than bundled: the bundled corpus
# is mostly about attacks, so its few irrelevant pages alone would repeat too often.
GENERATED_SHARE = 0.5
BUILDER_VERSION = "1"

OUTLETS = {
    "ar": [("Shafaq News", "shafaq.com"), ("Alsumaria", "alsumaria.tv"), ("Baghdad Today", "baghdadtoday.news"),
           ("Rudaw Arabic", "rudaw.net"), ("Al Mayadeen", "almayadeen.net"), ("Enab Baladi", "enabbaladi.net"),
           ("Independent Arabia", "independentarabia.com"), ("Asharq Al-Awsat", "aawsat.com"),
           ("Al-Ghad", "alghad.com"), ("Roya News", "royanews.tv"), ("Alforat News", "alforatnews.iq"),
           ("North Press Agency", "npasyria.com")],
    "en": [("Shafaq News", "shafaq.com"), ("Rudaw", "rudaw.net"), ("Kurdistan24", "kurdistan24.net"),
           ("The National", "thenationalnews.com"), ("Jordan Times", "jordantimes.com"),
           ("Enab Baladi", "english.enabbaladi.net"), ("Iraqi News", "iraqinews.com"),
           ("North Press Agency", "npasyria.com"), ("France 24", "france24.com"), ("Arab News", "arabnews.com")],
}
NAMES = {
    "ar": ["أحمد الربيعي", "سارة العبيدي", "محمد الجبوري", "زينب الموسوي", "علي الدليمي", "نور الهاشمي",
           "حسن الزبيدي", "ريم الخطيب", "عمر الشمري", "ليلى العاني"],
    "en": ["Ahmed Rasheed", "Sara Hussein", "Mohammed Ali", "Layla Hassan", "Omar Khalil", "Nour Haddad",
           "Karim Saleh", "Rana Mansour", "Yusuf Ibrahim", "Dina Azzam"],
}
# Generated filler news: sentences about everything but attacks (economy, sport, weather,
# politics, culture), mixed per page so generated pages do not repeat each other either.
FILLER = {
    "en": [
        "The central bank kept its benchmark interest rate unchanged on {day}, citing stable inflation.",
        "Officials said the new highway linking {city} to the border crossing would open next spring.",
        "The national football team began training camp ahead of its qualifier against {team}.",
        "Heavy rain is forecast for {city} and the surrounding provinces over the next two days.",
        "The ministry of education announced that {n} new schools will be built this year.",
        "Farmers in the province reported a wheat harvest about {n} percent larger than last season.",
        "A book fair in {city} drew publishers from {n} countries and thousands of visitors.",
        "Parliament adjourned its session after debating the draft budget for the coming year.",
        "Electricity supply improved after two new turbines were connected to the grid.",
        "The health ministry launched a vaccination campaign for children in {city}.",
        "Oil exports averaged {n} thousand barrels per day last month, the ministry said.",
        "The municipality began restoring the old market in the center of {city}.",
        "A delegation of investors visited the free zone to study opportunities in logistics.",
        "The university signed an agreement with a European partner to exchange students.",
        "Prices of vegetables fell in local markets as the new season's produce arrived.",
        "The airline added weekly flights between {city} and several Gulf capitals.",
    ],
    "ar": [
        "أبقى البنك المركزي سعر الفائدة دون تغيير يوم {day} مشيرا إلى استقرار التضخم.",
        "قال مسؤولون إن الطريق السريع الجديد الذي يربط {city} بالمنفذ الحدودي سيفتتح في الربيع المقبل.",
        "بدأ المنتخب الوطني لكرة القدم معسكره التدريبي استعدادا لمواجهة {team} في التصفيات.",
        "تتوقع هيئة الأنواء الجوية أمطارا غزيرة على {city} والمحافظات المجاورة خلال اليومين المقبلين.",
        "أعلنت وزارة التربية بناء {n} مدرسة جديدة خلال العام الحالي.",
        "أفاد مزارعون في المحافظة بأن محصول القمح جاء أكبر بنحو {n} بالمئة من الموسم الماضي.",
        "استقطب معرض الكتاب في {city} دور نشر من {n} دولة وآلاف الزوار.",
        "رفع البرلمان جلسته بعد مناقشة مشروع الموازنة للعام المقبل.",
        "تحسن تجهيز الكهرباء بعد ربط وحدتين توليديتين جديدتين بالشبكة الوطنية.",
        "أطلقت وزارة الصحة حملة لتلقيح الأطفال في {city}.",
        "بلغ معدل صادرات النفط {n} ألف برميل يوميا خلال الشهر الماضي بحسب الوزارة.",
        "باشرت البلدية ترميم السوق القديم في مركز {city}.",
        "زار وفد من المستثمرين المنطقة الحرة لبحث فرص الاستثمار في النقل والخدمات اللوجستية.",
        "وقعت الجامعة اتفاقية مع شريك أوروبي لتبادل الطلبة.",
        "انخفضت أسعار الخضروات في الأسواق المحلية مع وصول إنتاج الموسم الجديد.",
        "أضافت شركة الطيران رحلات أسبوعية بين {city} وعدد من عواصم الخليج.",
    ],
}
CITIES = {"en": ["Basra", "Mosul", "Najaf", "Sulaymaniyah", "Amman", "Irbid", "Homs", "Latakia", "Kirkuk", "Zarqa"],
          "ar": ["البصرة", "الموصل", "النجف", "السليمانية", "عمّان", "إربد", "حمص", "اللاذقية", "كركوك", "الزرقاء"]}
TEAMS = {"en": ["Oman", "Kuwait", "Lebanon", "Palestine", "Vietnam"],
         "ar": ["عُمان", "الكويت", "لبنان", "فلسطين", "فيتنام"]}
DAYS = {"en": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"],
        "ar": ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس"]}
TITLES = {"en": ["Local news roundup", "Economy and services update", "Around the provinces", "Daily briefing"],
          "ar": ["جولة في الأخبار المحلية", "مستجدات الاقتصاد والخدمات", "من المحافظات", "النشرة اليومية"]}

_CANONICAL = re.compile(r'(<link[^>]+rel=["\']?canonical["\']?[^>]*href=["\'])([^"\']*)(["\'])', re.I)
_CANONICAL_REV = re.compile(r'(<link[^>]+href=["\'])([^"\']*)(["\'][^>]*rel=["\']?canonical)', re.I)
_OG_URL = re.compile(r'(<meta[^>]+property=["\']og:url["\'][^>]*content=["\'])([^"\']*)(["\'])', re.I)
_SITE = re.compile(r'(<meta[^>]+property=["\']og:site_name["\'][^>]*content=["\'])([^"\']*)(["\'])', re.I)
_LAST_P = re.compile(r"</p>(?![\s\S]*</p>)", re.I)


@dataclass
class Template:
    """One bundled page, classified, with the dates it may be moved to."""

    name: str
    html: str
    language: str
    relevant: bool
    published: dt.date
    dates: list[dt.date] = field(default_factory=list)


def corpus_fingerprint(corpus: Path) -> str:
    """Changes whenever a bundled page or sidecar changes: the scale archive is rebuilt then."""
    digest = hashlib.sha1(BUILDER_VERSION.encode())
    for path in sorted([*corpus.glob("*.html"), *corpus.glob("*.json")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _sidecar(page: Path) -> dict:
    side = page.with_suffix(".json")
    if not side.exists():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _candidate_dates(published: dt.date, whole_weeks: bool) -> list[dt.date]:
    if whole_weeks:
        first = published - dt.timedelta(days=7 * ((published - FIRST_DAY).days // 7))
        step = 7
    else:
        first, step = FIRST_DAY, 3
    out, day = [], first
    while day <= LAST_DAY:
        out.append(day)
        day += dt.timedelta(days=step)
    return out


def classify(corpus: Path, matcher: BaseMatcher) -> list[Template]:
    """Every bundled page, its relevance and the dates that keep that relevance."""
    templates = []
    for page in sorted(corpus.glob("*.html")):
        html = decode_html(page.read_bytes())
        meta = page_metadata(html)
        side = _sidecar(page)
        published = meta.published
        if isinstance(side.get("published"), str):
            with contextlib.suppress(ValueError):
                published = dt.date.fromisoformat(side["published"][:10])
        text = extract_text(html)
        if published is None or not text:
            continue  # undated or empty pages only test the fetch log, not throughput
        relevant = is_relevant(extract_mentions(text, published, matcher))
        dates = [d for d in _candidate_dates(published, whole_weeks=relevant)
                 if is_relevant(extract_mentions(text, d, matcher)) == relevant]
        if not dates:
            continue
        language = (meta.language or "en") if (meta.language or "en") in OUTLETS else "en"
        templates.append(Template(page.stem, html, language, relevant, published, dates))
    return templates


def generated_page(rng: random.Random, language: str, index: int) -> str:
    """A plausible non-attack news page: head metadata, navigation, 5-9 filler paragraphs."""
    fill = {"city": rng.choice(CITIES[language]), "team": rng.choice(TEAMS[language]),
            "day": rng.choice(DAYS[language]), "n": rng.randint(3, 90)}
    sentences = rng.sample(FILLER[language], k=min(len(FILLER[language]), rng.randint(8, 14)))
    paras, i = [], 0
    while i < len(sentences):
        take = rng.randint(1, 3)
        paras.append(" ".join(s.format(**fill) for s in sentences[i:i + take]))
        i += take
    title = f"{rng.choice(TITLES[language])} {index}"
    direction = "rtl" if language == "ar" else "ltr"
    body = "\n".join(f"<p>{htmllib.escape(p)}</p>" for p in paras)
    return (f'<!DOCTYPE html>\n<html lang="{language}" dir="{direction}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{htmllib.escape(title)}</title>\n"
            f'<meta property="og:title" content="{htmllib.escape(title)}">\n'
            '<link rel="canonical" href="https://example.invalid/">\n'
            '<meta property="og:site_name" content="Outlet">\n</head>\n<body>\n'
            '<nav><a href="/">Home</a> | <a href="/politics">Politics</a> | <a href="/economy">Economy</a></nav>\n'
            f"<article>\n<h1>{htmllib.escape(title)}</h1>\n{body}\n</article>\n"
            "<footer><p>All rights reserved.</p></footer>\n</body>\n</html>\n")


def _replace(pattern: re.Pattern[str], html: str, value: str) -> str:
    return pattern.sub(lambda m: m.group(1) + htmllib.escape(value, quote=True) + m.group(3), html, count=1)


def vary(html: str, language: str, url: str, outlet: str, closing: str) -> str:
    """The page with its own url and outlet, and one more paragraph that makes its text unique."""
    html = _replace(_CANONICAL, html, url)
    html = _replace(_CANONICAL_REV, html, url)
    html = _replace(_OG_URL, html, url)
    html = _replace(_SITE, html, outlet)
    paragraph = f"</p>\n<p>{htmllib.escape(closing)}</p>"
    varied, n = _LAST_P.subn(paragraph, html, count=1)
    return varied if n else html.replace("</body>", f"<p>{htmllib.escape(closing)}</p></body>", 1)


def closing_line(rng: random.Random, language: str, index: int) -> str:
    name = rng.choice(NAMES[language])
    if language == "ar":
        return f"ساهم في إعداد هذه المادة {name}. رقم المادة {index:06d}."
    return f"Additional reporting by {name}. Story reference {index:06d}."


def build(pages: int, out: Path, seed: int = 7, corpus: Path = CORPUS, force: bool = False) -> dict:
    """Write the scale archive (skipped when one with the same inputs is there) and return its manifest."""
    manifest_path = out / "manifest.json"
    fingerprint = corpus_fingerprint(corpus)
    if manifest_path.exists() and not force:
        manifest = json.loads(manifest_path.read_text())
        if (manifest.get("pages"), manifest.get("seed"), manifest.get("corpus")) == (pages, seed, fingerprint):
            return manifest
    matcher = BaseMatcher(load_bases(REGISTRY_DIR / "bases.yaml"))
    templates = classify(corpus, matcher)
    relevant = [t for t in templates if t.relevant]
    irrelevant = [t for t in templates if not t.relevant]
    if not relevant:
        raise SystemExit(f"no relevant page in {corpus}: nothing to scale")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    counts = {"pages_relevant": 0, "pages_bundled_irrelevant": 0, "pages_generated": 0}
    for i in range(pages):
        # every tenth page relevant, the rest irrelevant: a fixed share, not a random one,
        # so the benchmark's ratios do not move with the seed
        if i % RELEVANT_EVERY == 0:
            template: Template | None = relevant[(i // RELEVANT_EVERY) % len(relevant)]
            counts["pages_relevant"] += 1
        elif irrelevant and rng.random() >= GENERATED_SHARE:
            template = rng.choice(irrelevant)
            counts["pages_bundled_irrelevant"] += 1
        else:
            template = None
            counts["pages_generated"] += 1
        if template is None:
            language = rng.choice(["ar", "en"])
            html, stem = generated_page(rng, language, i), "generated"
            published = FIRST_DAY + dt.timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
        else:
            language, html, stem = template.language, template.html, template.name
            published = rng.choice(template.dates)
        outlet, host = rng.choice(OUTLETS[language])
        url = f"https://www.{host}/news/{published:%Y/%m/%d}/{stem[:40]}-{i:06d}"
        page = vary(html, language, url, outlet, closing_line(rng, language, i))
        name = f"p{i:06d}_{stem[:40]}"
        (out / f"{name}.html").write_text(page, encoding="utf-8")
        # a sidecar for every page: its date beats the page's own markup, so the spread of
        # dates holds for pages whose markup would still give the bundled date
        (out / f"{name}.json").write_text(json.dumps(
            {"url": url, "published": f"{published.isoformat()}T12:00:00+03:00", "source": outlet},
            ensure_ascii=False), encoding="utf-8")
    manifest = {"pages": pages, "seed": seed, "corpus": fingerprint, "first_day": FIRST_DAY.isoformat(),
                "last_day": LAST_DAY.isoformat(), "bundled_pages": len(templates),
                "bundled_relevant": len(relevant), "bundled_irrelevant": len(irrelevant), **counts}
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--out", type=Path, help="folder (default benchmarks/out/archive_N)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--force", action="store_true", help="rebuild even when an identical archive is there")
    args = parser.parse_args(argv)
    out = args.out or OUT / f"archive_{args.pages}"
    manifest = build(args.pages, out, args.seed, force=args.force)
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())

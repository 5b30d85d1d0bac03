#!/usr/bin/env python3
"""Writes a WordPress export (WXR 1.2) of POSTS posts with COMMENTS_PER_POST comments each, streamed to stdout.

Arabic text from bench/vocabulary.txt; block-editor content (paragraphs and a heading), 10 categories, 200 tags,
one author per 20 posts' worth of rotation, view counts in post meta. Deterministic (seeded), so runs compare.
usage: wxr-generate.py POSTS COMMENTS_PER_POST > export.xml
"""
import random, sys, urllib.parse

posts, per_post = int(sys.argv[1]), int(sys.argv[2])
here = __file__.rsplit('/', 1)[0]
words = [w.strip() for w in open(f"{here}/vocabulary.txt", encoding="utf-8") if w.strip()]
rnd = random.Random(7)
out = sys.stdout
site = "http://bench.example"

def sentence(n):
    return " ".join(rnd.choice(words) for _ in range(n))

def enc(s):
    return urllib.parse.quote(s.replace(" ", "-"), safe="-").lower()

out.write(f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>قياس</title><link>{site}</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{site}</wp:base_site_url><wp:base_blog_url>{site}</wp:base_blog_url>
""")
authors = [f"writer{i}" for i in range(10)]
for i, login in enumerate(authors):
    out.write(f"<wp:author><wp:author_id>{i+1}</wp:author_id><wp:author_login><![CDATA[{login}]]></wp:author_login>"
              f"<wp:author_email><![CDATA[{login}@bench.example]]></wp:author_email><wp:author_display_name><![CDATA[{sentence(2)}]]></wp:author_display_name></wp:author>\n")
categories = [f"{sentence(1)} {i}" for i in range(10)]
tags = [f"{sentence(1)} {i}" for i in range(200)]
for i, name in enumerate(categories):
    out.write(f"<wp:category><wp:term_id>{i+1}</wp:term_id><wp:category_nicename><![CDATA[{enc(name)}]]></wp:category_nicename>"
              f"<wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[{name}]]></wp:cat_name></wp:category>\n")
for i, name in enumerate(tags):
    out.write(f"<wp:tag><wp:term_id>{100+i}</wp:term_id><wp:tag_slug><![CDATA[{enc(name)}]]></wp:tag_slug><wp:tag_name><![CDATA[{name}]]></wp:tag_name></wp:tag>\n")

comment_id = 0
for p in range(1, posts + 1):
    title = f"{sentence(8)} {p}"
    slug = enc(title)
    day = 1 + p % 28
    paragraphs = "\n\n".join(f"<!-- wp:paragraph -->\n<p>{sentence(rnd.randint(20, 40))}.</p>\n<!-- /wp:paragraph -->" for _ in range(5))
    content = paragraphs + f"\n\n<!-- wp:heading -->\n<h2>{sentence(4)}</h2>\n<!-- /wp:heading -->\n\n<!-- wp:paragraph -->\n<p>{sentence(30)}.</p>\n<!-- /wp:paragraph -->"
    cat = rnd.choice(categories)
    item_tags = rnd.sample(tags, 3)
    terms = f'<category domain="category" nicename="{enc(cat)}"><![CDATA[{cat}]]></category>' + "".join(
        f'<category domain="post_tag" nicename="{enc(t)}"><![CDATA[{t}]]></category>' for t in item_tags)
    comments = []
    for c in range(per_post):
        comment_id += 1
        parent = comment_id - 1 if c > 0 and c % 3 == 2 else 0
        comments.append(f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id><wp:comment_author><![CDATA[{sentence(2)}]]></wp:comment_author>"
                        f"<wp:comment_author_email><![CDATA[r{comment_id}@bench.example]]></wp:comment_author_email><wp:comment_author_url></wp:comment_author_url>"
                        f"<wp:comment_author_IP><![CDATA[10.0.0.1]]></wp:comment_author_IP><wp:comment_date><![CDATA[2020-01-{day:02d} 12:{c:02d}:00]]></wp:comment_date>"
                        f"<wp:comment_date_gmt><![CDATA[2020-01-{day:02d} 10:{c:02d}:00]]></wp:comment_date_gmt><wp:comment_content><![CDATA[{sentence(15)}]]></wp:comment_content>"
                        f"<wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]></wp:comment_type>"
                        f"<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>")
    out.write(f"""<item><title><![CDATA[{title}]]></title><link>{site}/2020/01/{day:02d}/{slug}/</link><pubDate>Wed, 01 Jan 2020 10:00:00 +0000</pubDate>
<dc:creator><![CDATA[{authors[p % 10]}]]></dc:creator><guid isPermaLink="false">{site}/?p={p}</guid><description></description>
<content:encoded><![CDATA[{content}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{p}</wp:post_id><wp:post_date><![CDATA[2020-01-{day:02d} 12:00:00]]></wp:post_date><wp:post_date_gmt><![CDATA[2020-01-{day:02d} 10:00:00]]></wp:post_date_gmt>
<wp:comment_status><![CDATA[open]]></wp:comment_status><wp:post_name><![CDATA[{slug}]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status>
<wp:post_parent>0</wp:post_parent><wp:menu_order>0</wp:menu_order><wp:post_type><![CDATA[post]]></wp:post_type><wp:is_sticky>0</wp:is_sticky>
{terms}<wp:postmeta><wp:meta_key><![CDATA[post_views_count]]></wp:meta_key><wp:meta_value><![CDATA[{rnd.randint(0, 50000)}]]></wp:meta_value></wp:postmeta>
{"".join(comments)}</item>
""")
out.write("</channel>\n</rss>\n")

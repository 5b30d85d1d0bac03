using Nashir.Web.Features.Social;
using Xunit;

namespace Nashir.Tests.Features.Social;

/// <summary>Length rules per network, with the spec's test vectors (measured with twitter-text 3.1.0 and Intl.Segmenter).</summary>
public sealed class SocialTextTests
{
    private const string Url = "https://example.com/ar/news/2026/11/27/%D8%A8%D8%B1%D9%84%D9%85%D8%A7%D9%86";

    [Theory]
    [InlineData("عاجل: البرلمان يقرّ الموازنة الجديدة", 36, 35, 36, 36, 67)]
    [InlineData("مُحَمَّدٌ", 9, 4, 9, 9, 18)]
    [InlineData("عاجل: البرلمان يقرّ الموازنة " + Url, 52, 103, 104, 104, 128)]
    [InlineData("التفاصيل" + Url, 31, 83, 83, 83, 91)]
    [InlineData("التفاصيل: \u200F" + Url, 35, 86, 86, 86, 96)]
    [InlineData("خبر 🇸🇦", 6, 5, 6, 8, 15)]
    [InlineData("\uFEFB", 2, 1, 1, 1, 3)]
    public void Lengths_match_the_spec_vectors(string text, int xWeighted, int graphemes, int codePoints, int utf16, int utf8)
    {
        Assert.Equal(xWeighted, SocialLength.XWeighted(text));
        Assert.Equal(graphemes, SocialLength.Graphemes(text));
        Assert.Equal(codePoints, SocialLength.CodePoints(text));
        Assert.Equal(utf16, text.Length);
        Assert.Equal(utf8, SocialLength.Utf8Bytes(text));
    }

    [Fact]
    public void Mastodon_counts_graphemes_and_every_url_as_23() // 103 graphemes with the 75-character URL → 28 + 23
    {
        Assert.Equal(28 + 23, SocialLength.Measure(SocialNetworks.Mastodon, "عاجل: البرلمان يقرّ الموازنة " + Url));
        Assert.Equal(4, SocialLength.Measure(SocialNetworks.Mastodon, "مُحَمَّدٌ"));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("mastodon")]
    [InlineData("bluesky")]
    [InlineData("telegram")]
    public void Long_text_is_shortened_at_a_word_boundary_and_the_link_is_kept_whole(string network)
    {
        var words = string.Join(' ', Enumerable.Repeat("أعلنت الوزارة خطة جديدة لتوسيع المحطات", 200));
        var text = SocialLength.Fit(network, words + "\n" + Url, Url);

        Assert.True(SocialLength.Measure(network, text) <= SocialLength.Limit(network), $"{SocialLength.Measure(network, text)} > {SocialLength.Limit(network)}");
        Assert.EndsWith("…\n" + Url, text, StringComparison.Ordinal);
        var head = text[..text.IndexOf('…', StringComparison.Ordinal)];
        Assert.True(words.StartsWith(head + " ", StringComparison.Ordinal), "cut inside a word");
    }

    [Fact]
    public void A_short_text_is_left_alone_and_the_link_gets_its_own_last_line()
    {
        Assert.Equal("عاجل: البرلمان يقرّ الموازنة\n" + Url, SocialLength.Fit(SocialNetworks.X, "عاجل: البرلمان يقرّ الموازنة " + Url, Url));
    }

    [Fact]
    public void An_arabic_line_that_starts_with_a_latin_word_gets_a_right_to_left_mark()
    {
        Assert.Equal("\u200FCOP30: قمة المناخ تبدأ اليوم\n" + Url, SocialLength.Fit(SocialNetworks.Mastodon, "COP30: قمة المناخ تبدأ اليوم\n" + Url, Url));
        Assert.Equal("قمة COP30 تبدأ اليوم", SocialLength.MarkDirection("قمة COP30 تبدأ اليوم"));
    }

    [Fact]
    public void Bluesky_link_facets_are_utf8_byte_offsets()
    {
        var text = "خبر 🇸🇦 التفاصيل:\n" + Url;
        var (start, end) = SocialLength.LinkBytes(text, Url)!.Value;

        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount("خبر 🇸🇦 التفاصيل:\n"), start);
        Assert.Equal(Url, System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text)[start..end]));
    }

    [Fact]
    public void Templates_use_the_wordpress_tags_and_tags_become_valid_arabic_hashtags()
    {
        var article = new SocialArticle(42, "عاجل", "https://nashir.test/news/42/x", "مقتطف", "النص", "ناشر", "ahmad", "أحمد", "الجمعة 27 نوفمبر 2026",
            ["اقتصاد"], ["الطاقة الشمسية", "COP-30"], null);

        Assert.Equal("عاجل | ناشر | أحمد (ahmad) | 42 | اقتصاد | #الطاقة_الشمسية #COP_30 | https://nashir.test/news/42/x",
            SocialTemplate.Render("{POST_TITLE} | {BLOG_TITLE} | {USER_DISPLAY_NAME} ({USER_NICENAME}) | {POST_ID} | {POST_CATEGORY} | {POST_TAGS} | {PERMALINK}", article));
    }

    [Fact]
    public void A_template_with_an_unknown_tag_is_refused_with_the_list_of_valid_tags()
    {
        var error = SocialTemplate.Validate("{POST_TITLE} {POST_AUTHOR} {PERMALINK}");

        Assert.NotNull(error);
        Assert.Contains("{POST_AUTHOR}", error, StringComparison.Ordinal);
        Assert.Contains("{POST_EXCERPT}", error, StringComparison.Ordinal);
        Assert.Null(SocialTemplate.Validate(SocialTemplate.Default));
    }

    [Fact]
    public void Record_keys_are_valid_tids_that_differ_per_job_and_stay_the_same_per_job()
    {
        var at = new DateTime(2026, 11, 27, 5, 0, 0, DateTimeKind.Utc);
        var key = BlueskyClient.RecordKey(at, 7);

        Assert.Matches("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$", key);
        Assert.Equal(key, BlueskyClient.RecordKey(at, 7));
        Assert.NotEqual(key, BlueskyClient.RecordKey(at, 8));
    }
}

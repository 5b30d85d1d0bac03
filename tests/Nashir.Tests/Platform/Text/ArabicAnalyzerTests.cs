using Nashir.Web.Platform.Text.Arabic;
using Xunit;

namespace Nashir.Tests.Platform.Text;

public sealed class ArabicAnalyzerTests
{
    private static readonly ArabicAnalyzer Analyzer = new();

    private static string[] Stems(string text) => Analyzer.Tokens(text).Select(t => t.Stem).ToArray();

    [Theory]
    [InlineData("أيضًا", "ايضا")]
    [InlineData("إسرائيل", "اسراءيل")]
    [InlineData("آخر", "اخر")]
    [InlineData("ٱلله", "الله")]
    [InlineData("فى", "في")]
    [InlineData("الأطلسى", "الاطلسي")]
    [InlineData("مدرسة", "مدرسه")]
    [InlineData("مسؤول", "مسءول")]
    [InlineData("الرئيـــس", "الرءيس")]
    [InlineData("٩٠٠", "900")]
    [InlineData("۱۴۰۲", "1402")]
    [InlineData("کورونا", "كورونا")]
    [InlineData("ایران", "ايران")]
    [InlineData("هٰذا", "هذا")]
    [InlineData("ﻻ", "لا")]
    [InlineData("iPhone", "iphone")]
    public void Normalization_folds_spelling_variants(string word, string normalized) =>
        Assert.Equal(normalized, Assert.Single(Analyzer.Tokens(word)).Exact);

    [Fact]
    public void Diacritics_tatweel_and_bidi_marks_never_split_a_word_and_offsets_point_at_the_original()
    {
        const string text = "وسيدور الحديث أَيْضًا\u200f عن الرئيـــس.";

        var tokens = Analyzer.Tokens(text);

        Assert.Equal(["وسيدور", "الحديث", "أَيْضًا\u200f", "عن", "الرئيـــس"], tokens.Select(t => text.Substring(t.Start, t.Length)));
    }

    [Theory]
    [InlineData("الأمريكي", "والأمريكي", "الأمريكية", "أمريكا", "الأمريكيون", "أميركا")]
    [InlineData("بوتين", "وبوتين", "لبوتين")]
    [InlineData("حلف", "لحلف", "الحلف", "وحلف")]
    [InlineData("رئيس", "الرئيس", "رئيسا", "الرئيسان", "للرئيس", "رؤساء", "الرؤساء")]
    [InlineData("الأطلسي", "الأطلسى", "والأطلسي")]
    [InlineData("بنك", "البنك", "البنوك")]
    [InlineData("ايضا", "أيضًا", "أيضا")]
    public void Clitics_suffixes_and_broken_plurals_meet_at_one_stem(params string[] forms) =>
        Assert.Single(forms.SelectMany(Stems).Distinct());

    [Theory]
    [InlineData("رئيس", "الرئيسية")]
    [InlineData("رئيس", "الرئيسي")]
    [InlineData("بوتين", "الوتين")]
    [InlineData("حلف", "تحالف")]
    [InlineData("السلام", "الإسلام")]
    [InlineData("السلام", "سلامة")]
    [InlineData("لقاح", "لقاء")]
    public void Different_words_keep_different_stems(string word, string other) =>
        Assert.NotEqual(Stems(word), Stems(other));

    [Fact]
    public void Stopword_like_words_are_kept()
    {
        Assert.Equal(["في", "من", "عن"], Analyzer.Tokens("فى من عن").Select(t => t.Exact));
    }

    [Fact]
    public void A_leading_letter_that_may_be_a_clitic_is_matched_both_ways()
    {
        // كبير: the stemmer reads ك as "like"; the query also tries the reading where it belongs to the word.
        var stems = Analyzer.QueryStems(ArabicAnalyzer.Normalize("كبير"));

        Assert.Contains(Analyzer.Stem(ArabicAnalyzer.Normalize("الكبير")), stems);
        Assert.Contains(Analyzer.Stem(ArabicAnalyzer.Normalize("كبير")), stems);
    }
}

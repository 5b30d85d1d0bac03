using Nashir.Web.Platform.Text;
using Xunit;

namespace Nashir.Tests.Platform.Text;

public sealed class SlugsTests
{
    private static readonly string[] Words = ["بايدن", "وبوتين"];

    [Fact]
    public void Arabic_headlines_stay_arabic_and_readable()
    {
        Assert.Equal("البيت-الأبيض-يكشف-تفاصيل-مباحثات-جو-بايدن", Slugs.From("البيت الأبيض يكشف تفاصيل مباحثات جو بايدن"));
    }

    [Fact]
    public void Diacritics_tatweel_and_punctuation_go_digits_become_western()
    {
        Assert.Equal("أيضا-900-جرعة-لقاح", Slugs.From("أيضًا: ٩٠٠ جـــرعة «لقاح»!"));
    }

    [Fact]
    public void Long_headlines_are_cut_at_a_word_boundary_never_inside_a_word()
    {
        var headline = string.Join(' ', Enumerable.Repeat("بايدن وبوتين", 20));
        var slug = Slugs.From(headline);

        Assert.True(slug.Length <= Slugs.MaxLength);
        Assert.All(slug.Split('-'), word => Assert.Contains(word, Words));
    }

    [Fact]
    public void Latin_is_lowercased_and_symbols_become_single_dashes()
    {
        Assert.Equal("nato-قمة-2021", Slugs.From("  NATO — قمة   2021 "));
        Assert.Equal("", Slugs.From("؟!…"));
    }
}

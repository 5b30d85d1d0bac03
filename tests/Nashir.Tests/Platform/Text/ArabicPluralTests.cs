using Nashir.Web.Platform.Text;
using Xunit;

namespace Nashir.Tests.Platform.Text;

/// <summary>CLDR's plural rules for Arabic, and the noun forms they choose.</summary>
public sealed class ArabicPluralTests
{
    [Theory]
    [InlineData(0, ArabicPluralCategory.Zero)]
    [InlineData(1, ArabicPluralCategory.One)]
    [InlineData(2, ArabicPluralCategory.Two)]
    [InlineData(3, ArabicPluralCategory.Few)]
    [InlineData(10, ArabicPluralCategory.Few)]
    [InlineData(11, ArabicPluralCategory.Many)]
    [InlineData(99, ArabicPluralCategory.Many)]
    [InlineData(100, ArabicPluralCategory.Other)]
    [InlineData(101, ArabicPluralCategory.Other)]
    [InlineData(102, ArabicPluralCategory.Other)]
    [InlineData(103, ArabicPluralCategory.Few)]
    [InlineData(111, ArabicPluralCategory.Many)]
    [InlineData(1000, ArabicPluralCategory.Other)]
    [InlineData(1010, ArabicPluralCategory.Few)]
    public void Counts_fall_into_the_cldr_categories_by_their_last_two_digits(long n, ArabicPluralCategory expected) =>
        Assert.Equal(expected, ArabicPlural.Category(n));

    [Theory]
    [InlineData(0, "لا تعليقات")]
    [InlineData(1, "تعليق واحد")]
    [InlineData(2, "تعليقان")]
    [InlineData(3, "3 تعليقات")]
    [InlineData(10, "10 تعليقات")]
    [InlineData(11, "11 تعليقًا")]
    [InlineData(99, "99 تعليقًا")]
    [InlineData(100, "100 تعليق")]
    [InlineData(101, "101 تعليق")]
    [InlineData(102, "102 تعليق")]
    [InlineData(103, "103 تعليقات")]
    [InlineData(111, "111 تعليقًا")]
    [InlineData(12500, "12,500 تعليق")]
    public void Comments_read_as_arabic_writes_them(long n, string expected) =>
        Assert.Equal(expected, ArabicPlural.Count(n, ArabicPlural.Comments));

    [Fact]
    public void Feminine_nouns_take_their_own_dual_and_accusative()
    {
        Assert.Equal("قراءة واحدة", ArabicPlural.Count(1, ArabicPlural.Reads));
        Assert.Equal("قراءتان", ArabicPlural.Count(2, ArabicPlural.Reads));
        Assert.Equal("5 قراءات", ArabicPlural.Count(5, ArabicPlural.Reads));
        Assert.Equal("20 قراءةً", ArabicPlural.Count(20, ArabicPlural.Reads));
        Assert.Equal("دقيقتان", ArabicPlural.Count(2, ArabicPlural.Minutes));
        Assert.Equal("مقالان", ArabicPlural.Count(2, ArabicPlural.Articles));
    }
}

using Nashir.Web.Platform.Text;
using Xunit;

namespace Nashir.Tests.Platform.Text;

public sealed class UserTextTests
{
    [Fact]
    public void Bidi_overrides_and_invisible_format_characters_are_stripped()
    {
        var spoofed = "مرحبا\u202Eabc\u202C\u2066x\u2069\u200B\uFEFF";
        Assert.Equal("مرحباabcx", UserText.StripInvisibleControls(spoofed));
    }

    [Fact]
    public void Zero_width_joiners_used_in_arabic_and_persian_stay()
    {
        var persian = "می\u200Cخواهم";
        Assert.Equal(persian, UserText.StripInvisibleControls(persian));
        Assert.Equal("ل\u200Dا", UserText.StripInvisibleControls("ل\u200Dا"));
    }

    [Fact]
    public void Lines_are_trimmed_and_inner_white_space_collapsed()
    {
        Assert.Equal("عنوان الخبر", UserText.CleanLine("  عنوان \t\n الخبر  "));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", true)]
    [InlineData("عنوان </b>", true)]
    [InlineData("<!-- x -->", true)]
    [InlineData("الأسعار < 5 دولارات", false)]
    [InlineData("3<4", false)]
    public void Markup_is_recognised_but_a_lone_less_than_sign_is_text(string text, bool isMarkup)
    {
        Assert.Equal(isMarkup, UserText.ContainsMarkup(text));
    }
}

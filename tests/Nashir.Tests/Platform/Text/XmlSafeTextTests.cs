using System.Xml;
using Nashir.Web.Platform.Text;
using Xunit;

namespace Nashir.Tests.Platform.Text;

public sealed class XmlSafeTextTests
{
    [Fact]
    public void Clean_text_is_returned_as_it_is()
    {
        const string Text = "خبر عاجل: 5 < 6 & \"اقتباس\"\tمع سطر\nجديد 😀";
        Assert.Same(Text, XmlSafeText.Clean(Text));
    }

    [Fact]
    public void Characters_xml_forbids_are_dropped_and_the_rest_kept_in_order()
    {
        Assert.Equal("بداية نص نهاية", XmlSafeText.Clean("\u0001بداية\u0008 \u000B\u000Cنص\u001F\uFFFE\uFFFF نهاية\u0000"));
    }

    [Fact]
    public void Lone_surrogates_are_dropped_but_pairs_kept()
    {
        Assert.Equal("أ😀ب", XmlSafeText.Clean("أ\uD800😀\uDC00ب"));
    }

    [Fact]
    public void Cleaned_text_always_writes_as_xml()
    {
        var all = new string(Enumerable.Range(0, 0x10000).Select(i => (char)i).ToArray());
        using var writer = XmlWriter.Create(new StringWriter(), new XmlWriterSettings { CheckCharacters = true });
        writer.WriteElementString("t", XmlSafeText.Clean(all));
    }
}

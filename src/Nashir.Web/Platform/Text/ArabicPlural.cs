using System.Globalization;

namespace Nashir.Web.Platform.Text;

/// <summary>CLDR's six plural categories; Arabic uses all of them.</summary>
public enum ArabicPluralCategory { Zero, One, Two, Few, Many, Other }

/// <summary>
/// How a count reads with its noun, per category; {0} is the number (digits). The words carry the count where
/// Arabic says it without a digit: «لا تعليقات»، «تعليق واحد»، «تعليقان».
/// </summary>
public sealed record ArabicNoun(string Zero, string One, string Two, string Few, string Many, string Other);

/// <summary>
/// Numbers with their nouns in correct Arabic, by CLDR's plural rules for "ar"
/// (https://www.unicode.org/cldr/charts/latest/supplemental/language_plural_rules.html#ar): zero n = 0; one n = 1;
/// two n = 2; few n % 100 = 3..10; many n % 100 = 11..99; other everything else (100–102, 200…). No maintained
/// .NET library gives noun forms: Humanizer's ToQuantity pluralizes with English rules, its "ar" package only
/// translates dates and durations.
/// </summary>
public static class ArabicPlural
{
    public static readonly ArabicNoun Comments =
        new("لا تعليقات", "تعليق واحد", "تعليقان", "{0} تعليقات", "{0} تعليقًا", "{0} تعليق");
    public static readonly ArabicNoun Reads =
        new("لا قراءات", "قراءة واحدة", "قراءتان", "{0} قراءات", "{0} قراءةً", "{0} قراءة");
    public static readonly ArabicNoun Articles =
        new("لا مقالات", "مقال واحد", "مقالان", "{0} مقالات", "{0} مقالًا", "{0} مقال");
    public static readonly ArabicNoun Minutes =
        new("أقل من دقيقة", "دقيقة واحدة", "دقيقتان", "{0} دقائق", "{0} دقيقةً", "{0} دقيقة");
    public static readonly ArabicNoun Results =
        new("لا نتائج", "نتيجة واحدة", "نتيجتان", "{0} نتائج", "{0} نتيجةً", "{0} نتيجة");
    public static readonly ArabicNoun Attempts =
        new("لا محاولات", "محاولة واحدة", "محاولتان", "{0} محاولات", "{0} محاولةً", "{0} محاولة");

    public static ArabicPluralCategory Category(long n)
    {
        n = Math.Abs(n);
        return n switch
        {
            0 => ArabicPluralCategory.Zero,
            1 => ArabicPluralCategory.One,
            2 => ArabicPluralCategory.Two,
            _ => (n % 100) switch
            {
                >= 3 and <= 10 => ArabicPluralCategory.Few,
                >= 11 and <= 99 => ArabicPluralCategory.Many,
                _ => ArabicPluralCategory.Other,
            },
        };
    }

    /// <summary>«3 تعليقات»; thousands grouped (12,500) as the rest of the site writes numbers.</summary>
    public static string Count(long n, ArabicNoun noun)
    {
        var form = Category(n) switch
        {
            ArabicPluralCategory.Zero => noun.Zero,
            ArabicPluralCategory.One => noun.One,
            ArabicPluralCategory.Two => noun.Two,
            ArabicPluralCategory.Few => noun.Few,
            ArabicPluralCategory.Many => noun.Many,
            _ => noun.Other,
        };
        return string.Format(CultureInfo.InvariantCulture, form, n.ToString("N0", CultureInfo.InvariantCulture));
    }
}

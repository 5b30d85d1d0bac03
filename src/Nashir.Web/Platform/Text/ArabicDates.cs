using System.Globalization;

namespace Nashir.Web.Platform.Text;

/// <summary>
/// Dates as Arabic newsrooms print them: the Gregorian date with the month names used across the
/// Arab press, and the Hijri date by the Umm al-Qura calendar. Western digits, as most Arabic news
/// sites (and the seed article) use them.
/// </summary>
public static class ArabicDates
{
    private static readonly string[] GregorianMonths =
        ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];

    private static readonly string[] HijriMonths =
        ["محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة"];

    private static readonly string[] WeekDays = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"];

    private static readonly UmAlQuraCalendar UmAlQura = new();
    private static readonly HijriCalendar Hijri = new();

    /// <summary>"الجمعة 27 نوفمبر 2026"</summary>
    public static string Gregorian(DateTime local) =>
        $"{WeekDays[(int)local.DayOfWeek]} {local.Day} {GregorianMonths[local.Month - 1]} {local.Year}";

    /// <summary>"16 جمادى الأولى 1448 هـ"</summary>
    public static string HijriDate(DateTime local)
    {
        // Umm al-Qura covers 1900–2077; outside it the tabular Hijri calendar is the usual fallback.
        Calendar calendar = local >= UmAlQura.MinSupportedDateTime && local <= UmAlQura.MaxSupportedDateTime ? UmAlQura : Hijri;
        return $"{calendar.GetDayOfMonth(local)} {HijriMonths[calendar.GetMonth(local) - 1]} {calendar.GetYear(local)} هـ";
    }

    /// <summary>"10:05 ص" / "3:40 م"</summary>
    public static string Time(DateTime local) =>
        $"{(local.Hour % 12 == 0 ? 12 : local.Hour % 12)}:{local.Minute:00} {(local.Hour < 12 ? "ص" : "م")}";

    public static string Full(DateTime local) => $"{Gregorian(local)} - {HijriDate(local)} - {Time(local)}";
}

using Nashir.Web.Platform.Text;
using Xunit;

namespace Nashir.Tests.Platform.Text;

public sealed class ArabicDatesTests
{
    [Fact]
    public void Gregorian_dates_use_arabic_day_and_month_names()
    {
        Assert.Equal("الأربعاء 16 يونيو 2021", ArabicDates.Gregorian(new DateTime(2021, 6, 16)));
    }

    [Fact]
    public void Hijri_dates_follow_umm_al_qura()
    {
        // 16 June 2021 was 6 Dhu al-Qadah 1442 AH (Umm al-Qura).
        Assert.Equal("6 ذو القعدة 1442 هـ", ArabicDates.HijriDate(new DateTime(2021, 6, 16)));
        // 1 Ramadan 1445 AH = 11 March 2024.
        Assert.Equal("1 رمضان 1445 هـ", ArabicDates.HijriDate(new DateTime(2024, 3, 11)));
    }

    [Fact]
    public void Times_use_the_arabic_am_pm_markers()
    {
        Assert.Equal("9:05 ص", ArabicDates.Time(new DateTime(2021, 6, 16, 9, 5, 0)));
        Assert.Equal("12:00 م", ArabicDates.Time(new DateTime(2021, 6, 16, 12, 0, 0)));
    }
}

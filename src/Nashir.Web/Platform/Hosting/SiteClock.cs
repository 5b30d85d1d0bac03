using Microsoft.Extensions.Options;

namespace Nashir.Web.Platform.Hosting;

/// <summary>The site's own time zone, for printing dates to readers; storage stays UTC.</summary>
public sealed class SiteClock(IOptions<NashirOptions> options, TimeProvider clock)
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.Site.TimeZone);

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);

    public DateTime LocalNow => ToLocal(clock.GetUtcNow().UtcDateTime);
}

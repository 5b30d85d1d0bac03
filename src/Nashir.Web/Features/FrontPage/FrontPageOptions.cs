using System.ComponentModel.DataAnnotations;

namespace Nashir.Web.Features.FrontPage;

/// <summary>Settings under "Nashir:FrontPage" (env: Nashir__FrontPage__BreakingPollSeconds …).</summary>
public sealed class FrontPageOptions
{
    public const string Section = "Nashir:FrontPage";

    /// <summary>
    /// How often an open page asks for the current breaking alert (only while the tab is visible). 20 s: a reader
    /// already on a page sees a new alert within that, and a thousand open tabs cost 50 cached answers a second.
    /// </summary>
    [Range(1, 600)]
    public int BreakingPollSeconds { get; set; } = 20;

    /// <summary>How long an alert stays up when the editor does not choose (minutes).</summary>
    [Range(5, 1440)]
    public int BreakingDefaultMinutes { get; set; } = 120;
}

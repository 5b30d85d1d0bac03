using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Audit;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Areas.Admin.Pages.Audit;

/// <summary>
/// The editorial audit log (admins only): newest first, filtered, paged by keyset, exported as CSV. Read-only: the
/// screen has no handler that changes an entry; only the retention job deletes, by age.
/// </summary>
[Authorize(Policy = AccountsSetup.AdminPolicy)]
public sealed class IndexModel(NashirDb db, AuditQuery query, AuditCsv csv, TimeProvider clock) : PageModel
{
    public sealed record Person(int Id, string Name, string? Email);

    [BindProperty(SupportsGet = true, Name = "user")] public int? UserId { get; set; }
    [BindProperty(SupportsGet = true, Name = "action")] public string? ActionCode { get; set; }
    [BindProperty(SupportsGet = true, Name = "type")] public string? TargetType { get; set; }
    [BindProperty(SupportsGet = true, Name = "target")] public string? Target { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "before")] public long? Before { get; set; }

    public AuditPage Log { get; private set; } = new([], null, null);
    public IReadOnlyList<Person> People { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        People = await db.Users.OrderBy(u => u.DisplayName).Select(u => new Person(u.Id, u.DisplayName, u.Email))
            .ToListAsync(cancellationToken);
        if (Filter() is not { } filter)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        Log = await query.PageAsync(filter, Before, cancellationToken);
        return Page();
    }

    /// <summary>The whole filtered log as CSV, streamed (no paging).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (Filter() is not { } filter) return BadRequest();
        Response.ContentType = "text/csv; charset=utf-8";
        var name = $"audit-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await csv.WriteAsync(filter, Response.Body, cancellationToken);
        return new EmptyResult();
    }

    /// <summary>The query string of the current filter (for the pager and the export).</summary>
    public Dictionary<string, string?> Query(long? before = null) => new()
    {
        ["user"] = UserId?.ToString(CultureInfo.InvariantCulture), ["action"] = ActionCode, ["type"] = TargetType,
        ["target"] = Target, ["from"] = From, ["to"] = To, ["before"] = before?.ToString(CultureInfo.InvariantCulture),
    };

    private AuditFilter? Filter()
    {
        var from = Day(From, "from");
        var to = Day(To, "to");
        if (from > to) ModelState.AddModelError("to", "تاريخ النهاية قبل تاريخ البداية.");
        if (!ModelState.IsValid) return null;
        var target = UserText.CleanLine(Target);
        return new AuditFilter(UserId, Empty(ActionCode), Empty(TargetType), target.Length == 0 ? null : target, from,
            to);
    }

    private DateOnly? Day(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None,
            out var day)) return day;
        ModelState.AddModelError(field, "اكتب التاريخ بالصيغة سنة-شهر-يوم، مثل 2026-01-31.");
        return null;
    }

    private static string? Empty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

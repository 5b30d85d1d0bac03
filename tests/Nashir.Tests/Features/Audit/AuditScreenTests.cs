using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Audit;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;
using Xunit;

namespace Nashir.Tests.Features.Audit;

public sealed class AuditScreenTests_on_Sqlite(SqliteApp app) : AuditScreenTests<SqliteApp>(app);

public sealed class AuditScreenTests_on_Postgres(PostgresApp app) : AuditScreenTests<PostgresApp>(app);

/// <summary>
/// The audit log screen (admins only): newest first, filtered by person, action, target and dates, paged by keyset,
/// exported as CSV that Excel reads in Arabic; entries past the retention period are deleted daily.
/// </summary>
public abstract partial class AuditScreenTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : NashirApp
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_article_publish_and_a_section_change_are_listed_newest_first_with_their_arabic_names()
    {
        var n = Unique.Next();
        using var api = app.CreateApiClient();
        var draft = await api.CreateArticleAsync(ArticleInput.Story("draft"));
        await api.UpdateArticleAsync(draft.Id, new ArticleInput { Status = "published", Version = draft.Version });
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        await admin.CreateSectionAsync(app, $"تدقيق {n}", $"audited-{n}");

        var html = await ScreenAsync(admin, "");

        var section = html.IndexOf($"أُنشئ القسم «تدقيق {n}»", StringComparison.Ordinal);
        var published = html.IndexOf($"نشر مقال</strong>", StringComparison.Ordinal);
        var created = html.IndexOf("إنشاء مقال</strong>", published, StringComparison.Ordinal);
        Assert.True(section >= 0 && published > section && created > published,
            "The section change, then the publish, then the creation.");
        Assert.Contains(draft.Headline, html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/admin/articles/{draft.Id}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_narrow_the_log_by_action_target_type_target_person_and_dates()
    {
        var n = Unique.Next();
        using var api = app.CreateApiClient();
        var article = await api.CreateArticleAsync(ArticleInput.Story() with { Headline =
            $"مجلس الوزراء يقر ميزانية العام {n}" });
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using (var editorClient = await app.SignInAsync(editor.Email, editor.Password))
            await editorClient.CreateSectionAsync(app, $"ميزانية {n}", $"budget-{n}");
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        // The filter's days are the site's (its time zone), not UTC's.
        var localNow = app.Services.GetRequiredService<SiteClock>().LocalNow;
        var today = localNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tomorrow = localNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var byTarget = await ScreenAsync(admin, $"?target={Uri.EscapeDataString($"ميزانية العام {n}")}");
        var byId = await ScreenAsync(admin, $"?type=article&target={article.Id}");
        var byType = await ScreenAsync(admin, $"?type=section&target={Uri.EscapeDataString($"ميزانية {n}")}");
        var byAction = await ScreenAsync(admin,
            $"?action={ArticleActions.Published}&target={Uri.EscapeDataString($"ميزانية {n}")}");
        var byPerson = await ScreenAsync(admin, $"?user={editor.Id}");
        var byDates = await ScreenAsync(admin,
            $"?from={today}&to={today}&target={Uri.EscapeDataString($"ميزانية العام {n}")}");
        var future = await ScreenAsync(admin, $"?from={tomorrow}");

        Assert.Contains(article.Headline, byTarget, StringComparison.Ordinal);
        Assert.DoesNotContain($"أُنشئ القسم «ميزانية {n}»", byTarget, StringComparison.Ordinal);
        Assert.Contains(article.Headline, byId, StringComparison.Ordinal);
        Assert.Contains($"أُنشئ القسم «ميزانية {n}»", byType, StringComparison.Ordinal);
        Assert.DoesNotContain(article.Headline, byType, StringComparison.Ordinal);
        Assert.DoesNotContain(article.Headline, byAction, StringComparison.Ordinal); // created as published: "created", not "published"
        Assert.Contains($"أُنشئ القسم «ميزانية {n}»", byPerson, StringComparison.Ordinal);
        Assert.DoesNotContain(article.Headline, byPerson, StringComparison.Ordinal);
        Assert.Contains(article.Headline, byDates, StringComparison.Ordinal);
        Assert.Contains("لا إدخالات تطابق التصفية.", future, StringComparison.Ordinal);

        using var badDate = await admin.GetAsync(new Uri("/admin/audit?from=31/12/2026", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badDate.StatusCode);
        Assert.Contains("اكتب التاريخ بالصيغة سنة-شهر-يوم", await badDate.HtmlAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_follow_older_links_by_keyset_without_gaps_or_repeats()
    {
        var marker = $"دفعة-{Unique.Next()}";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var at = app.Clock.GetUtcNow().UtcDateTime;
            for (var i = 0; i < 120; i++)
                db.AuditLog.Add(new AuditEntry
                {
                    At = at, Action = AuditActions.SettingChanged, TargetType = "setting", TargetId = marker,
                        TargetLabel = $"{marker} {i:000}",
                    UserName = "someone@nashir.test", Ip = "2001:db8::7",
                });
            await db.SaveChangesAsync(Cancel);
        }
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);

        var seen = new List<string>();
        var path = $"/admin/audit?target={marker}";
        for (var page = 0; page < 5 && path is not null; page++)
        {
            var html = await ScreenAsync(admin, path["/admin/audit".Length..]);
            seen.AddRange(LabelOf(marker).Matches(html).Select(m => m.Value));
            path = OlderLink().Match(html) is { Success: true } older ? WebUtility.HtmlDecode(older.Groups["href"].Value) : null;
        }

        Assert.Equal(Enumerable.Range(0, 120).Reverse().Select(i => $"{marker} {i:000}"), seen);
        var first = await ScreenAsync(admin, $"?target={marker}");
        Assert.Matches(IpInBdi(), first);
        Assert.Contains("<bdi>someone@nashir.test</bdi>", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_export_is_utf8_with_a_bom_quotes_commas_and_quotes_escapes_formulas_and_has_only_its_columns()
    {
        var n = Unique.Next();
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var quoted = $"بيت \"الخبرة\"، و, الشعر {n}";
        var formula = $"=HYPERLINK(\"http://evil.example\") {n}";
        await admin.CreateSectionAsync(app, quoted, $"house-{n}");
        await admin.CreateSectionAsync(app, formula, $"formula-{n}");

        using var response = await admin.GetAsync(new Uri($"/admin/audit?handler=Csv&type=section&target={n}",
            UriKind.Relative), Cancel);

        await response.ShouldBeAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment;", response.Content.Headers.ContentDisposition?.ToString()
            ?? response.Headers.GetValues("Content-Disposition").First(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await csv.ReadAsync()) rows.Add(csv.Parser.Record!);
        Assert.Equal(["الوقت", "الشخص", "الإجراء", "رمز الإجراء", "نوع الهدف", "معرّف الهدف", "الهدف", "التفاصيل",
            "عنوان IP"], rows[0]);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal(9, row.Length));
        var (formulaRow, quotedRow) = (rows[1], rows[2]); // newest first
        Assert.Equal(quoted, quotedRow[6]);
        Assert.Equal(("تغيير قسم", AuditActions.SectionChanged, "قسم"), (quotedRow[2], quotedRow[3], quotedRow[4]));
        Assert.Equal($"أُنشئ القسم «{quoted}»", quotedRow[7]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", quotedRow[0]);
        Assert.StartsWith("'=HYPERLINK", formulaRow[6], StringComparison.Ordinal);
        Assert.Contains($"\"بيت \"\"الخبرة\"\"، و, الشعر {n}\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editors_and_authors_get_403_for_the_screen_and_the_export()
    {
        foreach (var role in new[] { Roles.Editor, Roles.Author, Roles.Contributor })
        {
            var member = await app.CreateStaffAsync(role);
            using var staff = await app.SignInAsync(member.Email, member.Password);
            using var screen = await staff.GetAsync(new Uri("/admin/audit", UriKind.Relative), Cancel);
            using var export = await staff.GetAsync(new Uri("/admin/audit?handler=Csv", UriKind.Relative), Cancel);
            await screen.ShouldBeDeniedAsync(staff);
            await export.ShouldBeDeniedAsync(staff);
        }
    }

    [Fact]
    public void Every_action_the_site_writes_has_an_arabic_name()
    {
        Assert.NotEmpty(AuditNames.AllActions);
        Assert.All(AuditNames.AllActions, code => Assert.True(AuditNames.HasArabicName(code),
            $"{code} has no Arabic name in AuditNames."));
    }

    private static async Task<string> ScreenAsync(HttpClient admin, string query)
    {
        using var response = await admin.GetAsync(new Uri("/admin/audit" + query, UriKind.Relative), Cancel);
        await response.ShouldBeAsync(HttpStatusCode.OK);
        return await response.HtmlAsync();
    }

    private static Regex LabelOf(string marker) => new($"{Regex.Escape(marker)} \\d{{3}}");

    [GeneratedRegex("<a rel=\"next\" href=\"(?<href>[^\"]+)\"")]
    private static partial Regex OlderLink();

    [GeneratedRegex("IP <bdi dir=\"ltr\">[0-9a-fA-F:.]+</bdi>")]
    private static partial Regex IpInBdi();
}

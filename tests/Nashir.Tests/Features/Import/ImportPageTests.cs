using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Import;
using Xunit;

namespace Nashir.Tests.Features.Import;

/// <summary>The editors' area: an admin uploads an export, the import runs in the background, the page shows its report.</summary>
public sealed class ImportPageTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task An_admin_uploads_an_export_and_sees_the_report_and_an_editor_cannot()
    {
        await using var site = await app.StartNewAsync(demoContent: false);
        var cancel = TestContext.Current.CancellationToken;
        var admin = await site.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var form = await admin.GetStringAsync(new Uri("/admin/import", UriKind.Relative), cancel);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(NashirApp.AntiforgeryToken(form)!), "__RequestVerificationToken" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(WordPressImportTests<SqliteApp>.Fixture, cancel)) { Headers = { ContentType = new MediaTypeHeaderValue("text/xml") } }, "export", "old-site.xml" },
        };
        using var posted = await admin.PostAsync(new Uri("/admin/import", UriKind.Relative), content, cancel);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var jobId = Guid.Parse(posted.Headers.Location!.OriginalString.Split("job=")[1]);

        await site.Services.GetRequiredService<ImportJobs>().Find(jobId)!.Finished.WaitAsync(TimeSpan.FromMinutes(2), cancel);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync(posted.Headers.Location, cancel));
        Assert.Contains("انتهى الاستيراد.", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>articles</td><td>21</td><td>0</td><td>0</td></tr>", page, StringComparison.Ordinal);
        Assert.Contains("<tr><td>comments</td><td>10</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", page, StringComparison.Ordinal);
        Assert.Equal(21, (await site.RowsAsync()).Articles);

        var editor = await site.CreateStaffAsync("editor");
        var editorClient = await site.SignInAsync(editor.Email, editor.Password);
        using var refused = await editorClient.GetAsync(new Uri("/admin/import", UriKind.Relative), cancel);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nashir.Tests.Support;
using Nashir.Web.Features.Audit;
using Xunit;

namespace Nashir.Tests.Features.Admin;

/// <summary>Saving a social account is a line in the audit log, naming the replaced credentials but never their values.</summary>
public sealed class SocialAccountAuditTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task Saving_a_social_account_is_audited_without_its_secrets()
    {
        using var admin = await app.SignInAsync(NashirApp.AdminEmail, NashirApp.AdminPassword);
        var name = $"تيليغرام الأخبار {Unique.Next()}";
        const string token = "123456:telegram-bot-token-that-must-not-be-logged";

        using var saved = await admin.SubmitAsync("/admin/social?network=telegram", new Dictionary<string, string>
        {
            ["Input.Network"] = "telegram", ["Input.Name"] = name, ["Input.Enabled"] = "true", ["Input.BaseUrl"] = "",
            ["Input.Template"] = "", ["Input.Categories"] = "", ["Input.Attachment"] = "Card", ["Input.Utm"] = "",
            ["Input.DelaySeconds"] = "0",
            ["Input.Credentials[telegram.BotToken]"] = token, ["Input.Credentials[telegram.ChatId]"] = "@nashir_news",
        }, "/admin/social?handler=Save");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Nashir.Web.Platform.Data.NashirDb>();
        var cancel = TestContext.Current.CancellationToken;
        var entry = await db.AuditLog.SingleAsync(e => e.Action == AuditActions.SocialAccountChanged && e.TargetLabel == name, cancel);
        Assert.Equal(NashirApp.AdminEmail, (await db.Users.SingleAsync(u => u.Id == entry.UserId, cancel)).Email);
        Assert.Contains("رمز البوت", entry.Detail ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(token, entry.Detail ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("@nashir_news", entry.Detail ?? "", StringComparison.Ordinal);
    }
}

using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Comments;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Import;

/// <summary>
/// WordPress authors → Nashir users without a password (an admin invites them with a password reset), or the user
/// who already has the address; each with its /author/login/ URL. One transaction per author.
/// </summary>
internal sealed class AuthorImport(IServiceScopeFactory scopes, SqliteWriteGate writeGate, TimeProvider clock)
{
    public async Task ImportAsync(ImportRun run, WxrAuthor author, CancellationToken cancellationToken)
    {
        var login = author.Field("wp:author_login").Trim();
        var wpId = author.Id("wp:author_id");
        if (login.Length == 0) { run.Report.Warn("authors", wpId, author.Position, "كاتب بلا اسم دخول.", skipped: true); return; }
        if (run.Authors.ContainsKey(login)) return; // split exports repeat the authors
        var tally = run.Report["authors"];

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var key = wpId > 0 ? wpId : StableId(login);
        var mapped = await db.ImportedItems.Where(i => i.Site == run.Site && i.Kind == ImportKinds.Author && i.WpId == key).Select(i => (int?)i.NashirId).FirstOrDefaultAsync(cancellationToken);
        if (mapped is { } known) { run.Authors[login] = known; tally.Existing++; return; }

        var email = author.Field("wp:author_email").Trim().ToLowerInvariant();
        if (email.Length is 0 or > CommentLimits.Email || !email.Contains('@', StringComparison.Ordinal)) email = $"wp-author-{key}@import.invalid";
        var normalizedEmail = email.ToUpperInvariant();
        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken);
        if (run.Request.DryRun)
        {
            run.Authors[login] = user?.Id ?? run.FallbackAuthor;
            if (user is null) tally.Imported++; else tally.Existing++;
            return;
        }

        using var gate = await writeGate.EnterAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (user is null)
        {
            var name = UserText.CleanLine(WebUtility.HtmlDecode(author.Field("wp:author_display_name")));
            if (name.Length == 0) name = login;
            if (name.Length > 100) name = name[..100];
            var baseSlug = Slugs.From(login) is { Length: > 0 } s ? s : Slugs.From(name) is { Length: > 0 } n ? n : "author";
            var taken = await db.Users.Where(u => u.Slug == baseSlug || u.Slug.StartsWith(baseSlug + "-")).Select(u => u.Slug).ToListAsync(cancellationToken);
            var slug = baseSlug;
            for (var i = 2; taken.Contains(slug); i++) slug = $"{baseSlug}-{i}";
            user = new NashirUser { UserName = email, Email = email, DisplayName = name, Slug = slug, CreatedAt = clock.GetUtcNow().UtcDateTime };
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NashirUser>>();
            var created = await users.CreateAsync(user);
            if (created.Succeeded) created = await users.AddToRoleAsync(user, Roles.Author);
            if (!created.Succeeded)
            {
                run.Report.Warn("authors", wpId, author.Position, string.Join(" ", created.Errors.Select(e => e.Description)), skipped: true);
                return;
            }
            tally.Imported++;
        }
        else tally.Existing++;
        db.ImportedItems.Add(new ImportedItem { Site = run.Site, Kind = ImportKinds.Author, WpId = key, NashirId = user.Id });
        await db.SaveChangesAsync(cancellationToken);
        await new OldUrls().Map("/author/" + login, ArticleUrls.Author(user.Slug)).SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        run.Authors[login] = user.Id;
    }

    /// <summary>Ids for things WordPress gave none (an author of a WXR 1.0 file): a stable number from the name.</summary>
    internal static long StableId(string text) =>
        -Math.Abs(BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)), 0) % 1_000_000_000_000);
}

using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Comments;
using Nashir.Web.Features.Search;
using Nashir.Web.Features.StaticPages;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Hosting;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Import;

/// <summary>
/// Imports WordPress exports. Items are written in batches, one transaction per batch, each item with its
/// terms, comments, search document, revision, old URLs and its ImportedItems row, so a killed run leaves
/// whole items only and a re-run skips them by WordPress id. It writes articles itself rather than through
/// ArticleEditor (whose per-save queries would cap an import at a few dozen posts a second) but with the
/// editor's pieces: ArticleHtml, Slugs, the revision snapshot, ArticleIndexer's document. Nothing here
/// announces anything (no outbox rows), so imported articles are never posted to social networks.
/// </summary>
public sealed class WordPressImport(
    IServiceScopeFactory scopes, ArticleHtml html, SiteClock siteClock, PublicPageEviction eviction,
    SqliteWriteGate writeGate, IOptions<NashirOptions> options, TimeProvider clock)
{
    /// <summary>Posts per transaction: large enough to amortize a commit (fsync), small enough to keep memory flat.</summary>
    internal const int BatchSize = 250;

    public const string ImporterName = "استيراد ووردبريس";

    public async Task<ImportReport> RunAsync(ImportRequest request, Action<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var report = new ImportReport { DryRun = request.DryRun };
        int fallbackAuthor;
        await using (var scope = scopes.CreateAsyncScope())
        {
            fallbackAuthor = (await scope.ServiceProvider.GetRequiredService<FirstStart>().EnsureAdminAsync(cancellationToken)).Id;
        }
        var run = new Run(request, report, new WordPressItems(html, siteClock.ToUtc), fallbackAuthor);
        foreach (var file in request.Files)
        {
            var batch = new List<WxrItem>();
            try
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
                void Report() => progress?.Invoke(new ImportProgress(file, stream.Position, stream.Length, report["articles"].Imported + report["articles"].Existing, report["comments"].Imported));
                foreach (var entry in WxrReader.Read(stream, file))
                {
                    switch (entry)
                    {
                        case WxrChannel channel:
                            run.Channel = channel;
                            break;
                        case WxrAuthor author:
                            await AuthorAsync(run, author, cancellationToken);
                            break;
                        case WxrTerm term:
                            await TermAsync(run, term.Taxonomy, term.Id("wp:term_id"), Nicename(term), Name(term), Parent(term), term.Position, cancellationToken);
                            break;
                        case WxrItem item:
                            batch.Add(item);
                            if (batch.Count < BatchSize) break;
                            await FlushAsync(run, batch, cancellationToken);
                            Report();
                            break;
                    }
                }
                await FlushAsync(run, batch, cancellationToken);
                Report();
            }
            catch (WxrException e)
            {
                // Items read before the break are whole: keep them.
                await FlushAsync(run, batch, cancellationToken);
                report.FileErrors.Add(e.Message);
            }
            catch (IOException e)
            {
                report.FileErrors.Add($"{file}: {e.Message}");
            }
        }
        await ResolveThumbnailsAsync(run, cancellationToken);
        // Posts of a batch are converted in parallel: warnings in file order again.
        var fileOrder = new Dictionary<string, int>();
        foreach (var file in request.Files) fileOrder.TryAdd(file, fileOrder.Count);
        report.Warnings.Sort((a, b) => (fileOrder.GetValueOrDefault(a.Position.File), a.Position.Line).CompareTo((fileOrder.GetValueOrDefault(b.Position.File), b.Position.Line)));
        if (!request.DryRun)
        {
            await eviction.ListingsChangedAsync();
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<PageDirectory>().MenuChanged();
        }
        report.Elapsed = watch.Elapsed;
        return report;
    }

    private sealed class Run(ImportRequest request, ImportReport report, WordPressItems items, int fallbackAuthor)
    {
        public ImportRequest Request { get; } = request;
        public ImportReport Report { get; } = report;
        public WordPressItems Items { get; } = items;
        public int FallbackAuthor { get; } = fallbackAuthor;
        public WxrChannel? Channel { get; set; }
        public string Site => Channel?.SiteUrl ?? "";

        /// <summary>Login → user id; nicename → term id. As small as the site's people and terms.</summary>
        public Dictionary<string, int> Authors { get; } = [];
        public Dictionary<string, int> Categories { get; } = [];
        public Dictionary<string, int> Tags { get; } = [];

        /// <summary>Articles whose featured image is an attachment not seen yet (exports are in id order, not dependency order).</summary>
        public List<(int ArticleId, long AttachmentId, long PostId, WxrPosition Position)> PendingThumbnails { get; } = [];
    }

    private static string Nicename(WxrTerm term) => term.Taxonomy switch
    {
        _ when term.Fields.ContainsKey("wp:term_slug") => term.Field("wp:term_slug"),
        "category" => term.Field("wp:category_nicename"),
        _ => term.Field("wp:tag_slug"),
    };

    private static string Name(WxrTerm term) =>
        term.Fields.ContainsKey("wp:term_name") ? term.Field("wp:term_name") : term.Taxonomy == "category" ? term.Field("wp:cat_name") : term.Field("wp:tag_name");

    private static string Parent(WxrTerm term) =>
        term.Fields.ContainsKey("wp:term_parent") ? term.Field("wp:term_parent") : term.Field("wp:category_parent");

    private async Task AuthorAsync(Run run, WxrAuthor author, CancellationToken cancellationToken)
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
            // No password: the account cannot sign in until an admin invites the person (password reset).
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
        await new Redirects().Map("/author/" + login, ArticleUrls.Author(user.Slug)).SaveToAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        run.Authors[login] = user.Id;
    }

    /// <summary>Ids for things WordPress gave none (an author of a WXR 1.0 file): a stable number from the name.</summary>
    private static long StableId(string text) =>
        -Math.Abs(BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)), 0) % 1_000_000_000_000);

    private async Task TermAsync(Run run, string taxonomy, long wpId, string nicename, string name, string parentNicename, WxrPosition position, CancellationToken cancellationToken)
    {
        var (kind, known, report) = taxonomy switch
        {
            "category" => (ImportKinds.Category, run.Categories, "categories"),
            "post_tag" => (ImportKinds.Tag, run.Tags, "tags"),
            _ => (null, null, ""), // menus, post formats: nothing in Nashir
        };
        if (kind is null || known is null || known.ContainsKey(nicename)) return;
        var tally = run.Report[report];
        name = UserText.CleanLine(WebUtility.HtmlDecode(name));
        if (name.Length == 0) name = WordPressItems.Decode(nicename);
        if (name.Length > 100) name = name[..100];
        var slug = Slugs.From(WordPressItems.Decode(nicename)) is { Length: > 0 } s ? s : Slugs.From(name);
        if (slug.Length == 0) { run.Report.Warn(report, wpId, position, $"تصنيف أو وسم بلا اسم صالح: «{nicename}».", skipped: true); return; }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var key = wpId > 0 ? wpId : StableId(nicename);
        var mapped = await db.ImportedItems.Where(i => i.Site == run.Site && i.Kind == kind && i.WpId == key).Select(i => (int?)i.NashirId).FirstOrDefaultAsync(cancellationToken);
        if (mapped is { } id) { known[nicename] = id; tally.Existing++; return; }

        int? existing = kind == ImportKinds.Category
            ? await db.Categories.Where(c => c.Slug == slug).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
            : await db.Tags.Where(t => t.Slug == slug).Select(t => (int?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (run.Request.DryRun)
        {
            known[nicename] = existing ?? 0;
            if (existing is null) tally.Imported++; else tally.Existing++;
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (existing is { } same) { id = same; tally.Existing++; }
        else
        {
            if (kind == ImportKinds.Category)
            {
                var category = new Category { Name = name, Slug = slug, ParentId = run.Categories.TryGetValue(parentNicename, out var parent) && parent > 0 ? parent : null };
                db.Categories.Add(category);
                await db.SaveChangesAsync(cancellationToken);
                id = category.Id;
            }
            else
            {
                var tag = new Tag { Name = name, Slug = slug };
                db.Tags.Add(tag);
                await db.SaveChangesAsync(cancellationToken);
                id = tag.Id;
            }
            tally.Imported++;
        }
        db.ImportedItems.Add(new ImportedItem { Site = run.Site, Kind = kind, WpId = key, NashirId = id });
        var prefix = kind == ImportKinds.Category ? "/category/" : "/tag/";
        await new Redirects().Map(prefix + nicename, kind == ImportKinds.Category ? ArticleUrls.Category(slug) : ArticleUrls.Tag(slug)).SaveToAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        known[nicename] = id;
    }

    /// <summary>Old URL → new URL rows to add with an item; only where the old path differs from the new one (else Nashir's own route answers).</summary>
    private sealed class Redirects : Dictionary<string, string>
    {
        public Redirects Map(string oldPath, string target)
        {
            // "/?p=4" is already a key; paths are normalized (decoded, no trailing slash, lower-case).
            var key = oldPath.StartsWith("/?", StringComparison.Ordinal) ? oldPath : LegacyPaths.Normalize(oldPath);
            if (key != LegacyPaths.Normalize(target)) TryAdd(key, target);
            return this;
        }

        /// <summary>Adds the rows an earlier item (or run) has not claimed: the first WordPress object to use a path keeps it.</summary>
        public async Task SaveToAsync(NashirDb db, CancellationToken cancellationToken)
        {
            if (Count == 0) return;
            var keys = Keys.ToList();
            var taken = await db.LegacyRedirects.Where(r => keys.Contains(r.Path)).Select(r => r.Path).ToListAsync(cancellationToken);
            foreach (var (path, target) in this)
                if (!taken.Contains(path)) db.LegacyRedirects.Add(new LegacyRedirect { Path = path, Target = target });
        }
    }

    private async Task FlushAsync(Run run, List<WxrItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0 || run.Channel is not { } channel) return;
        var posts = new List<PreparedPost>();
        var candidates = new List<(WxrItem Item, string Type)>();
        var attachments = new List<WxrItem>();
        foreach (var item in items)
        {
            var type = item.Field("wp:post_type");
            var status = item.Field("wp:status");
            if (type == "attachment") { attachments.Add(item); continue; }
            if (type is not (ImportKinds.Post or ImportKinds.Page) || status == "auto-draft") continue; // menus, revisions, blocks…
            if (status == "trash")
            {
                run.Report.Warn(type == ImportKinds.Page ? "pages" : "articles", item.Id("wp:post_id"), item.Position, "في سلة المهملات: لا يُستورد.", skipped: true);
                continue;
            }
            foreach (var term in item.Terms)
                await TermAsync(run, term.Domain, 0, term.Nicename, term.Name, "", item.Position, cancellationToken);
            candidates.Add((item, type));
        }
        items.Clear();
        // Converting and sanitizing is most of an import's CPU, and each post is independent: all cores, file order kept.
        posts.AddRange(candidates.AsParallel().AsOrdered().Select(c => run.Items.Post(c.Item, c.Type, channel, run.Report)).OfType<PreparedPost>());
        if (attachments.Count > 0) await AttachmentsAsync(run, attachments, cancellationToken);
        if (posts.Count == 0) return;

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var ids = posts.Select(p => p.WpId).ToList();
            var done = await db.ImportedItems.Where(i => i.Site == run.Site && (i.Kind == ImportKinds.Post || i.Kind == ImportKinds.Page) && ids.Contains(i.WpId))
                .Select(i => i.WpId).ToListAsync(cancellationToken);
            foreach (var post in posts.Where(p => done.Contains(p.WpId))) run.Report[Tally(post)].Existing++;
            posts.RemoveAll(p => done.Contains(p.WpId));
        }
        if (run.Request.DryRun)
        {
            foreach (var post in posts) Count(run, post);
            return;
        }
        try
        {
            await WriteAsync(run, posts, cancellationToken);
        }
        catch (DbUpdateException) when (posts.Count > 1)
        {
            // One item broke the batch (a database limit the checks missed): find it, keep the others.
            foreach (var post in posts)
            {
                try { await WriteAsync(run, [post], cancellationToken); }
                catch (DbUpdateException e)
                {
                    run.Report.Warn(Tally(post), post.WpId, post.Source.Position, "رفضته قاعدة البيانات: " + (e.InnerException ?? e).Message, skipped: true);
                }
            }
        }
    }

    private static string Tally(PreparedPost post) => post.Kind == ImportKinds.Page ? "pages" : "articles";

    private static void Count(Run run, PreparedPost post)
    {
        run.Report[Tally(post)].Imported++;
        run.Report["comments"].Imported += post.Comments.Count;
    }

    private async Task WriteAsync(Run run, IReadOnlyList<PreparedPost> posts, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var indexer = scope.ServiceProvider.GetRequiredService<ArticleIndexer>();
        // Everything here is added, never modified: no need to scan thousands of entities at every save.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = clock.GetUtcNow().UtcDateTime;
        using var gate = await writeGate.EnterAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var articlesIn = posts.Where(p => p.Kind == ImportKinds.Post).ToList();
        var pagesIn = posts.Where(p => p.Kind == ImportKinds.Page).ToList();
        await UniqueSlugsAsync(articlesIn, db.Articles.Select(a => a.Slug), cancellationToken);
        await UniqueSlugsAsync(pagesIn, db.StaticPages.Select(p => p.Slug), cancellationToken);

        var categoryIds = articlesIn.SelectMany(p => TermIds(run.Categories, p, "category")).Distinct().ToList();
        var tagIds = articlesIn.SelectMany(p => TermIds(run.Tags, p, "post_tag")).Distinct().ToList();
        var categories = await db.Categories.AsTracking().Where(c => categoryIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var tags = await db.Tags.AsTracking().Where(t => tagIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        var thumbnailIds = articlesIn.Where(p => p.ThumbnailId > 0).Select(p => p.ThumbnailId).Distinct().ToList();
        var thumbnails = await db.ImportedItems.Where(i => i.Site == run.Site && i.Kind == ImportKinds.Attachment && thumbnailIds.Contains(i.WpId))
            .ToDictionaryAsync(i => i.WpId, i => i.Url, cancellationToken);

        var articles = new List<(PreparedPost Post, Article Article)>();
        foreach (var post in articlesIn)
        {
            var authorId = run.Authors.TryGetValue(post.AuthorLogin, out var user) && user > 0 ? user : run.FallbackAuthor;
            var article = new Article
            {
                Headline = post.Headline,
                Slug = post.Slug,
                Body = post.Body,
                ExcerptIsCustom = post.Excerpt.Length > 0,
                Excerpt = post.Excerpt.Length > 0 ? post.Excerpt : PlainText.Shorten(PlainText.FromHtml(post.Body), ArticleLimits.DerivedExcerpt),
                FeaturedImageUrl = thumbnails.GetValueOrDefault(post.ThumbnailId),
                Status = post.Status,
                PublishAt = post.PublishAt,
                CreatedAt = post.CreatedAt,
                UpdatedAt = post.UpdatedAt,
                Version = 1,
                ReadCount = post.ReadCount,
                CommentCount = post.Comments.Count(c => c.Status == CommentStatus.Approved),
                CommentsClosed = post.CommentsClosed,
                Authors = [new ArticleAuthor { UserId = authorId, Position = 0 }],
                Categories = TermIds(run.Categories, post, "category").Select(id => categories[id]).ToList(),
                Tags = TermIds(run.Tags, post, "post_tag").Select(id => tags[id]).ToList(),
            };
            db.Articles.Add(article);
            articles.Add((post, article));
        }
        var pages = new List<(PreparedPost Post, StaticPage Page)>();
        foreach (var post in pagesIn)
        {
            var page = new StaticPage { Title = post.Headline, Slug = post.Slug, Body = post.Body, Published = post.Status == ArticleStatus.Published, MenuOrder = post.MenuOrder, UpdatedAt = post.UpdatedAt };
            db.StaticPages.Add(page);
            pages.Add((post, page));
        }
        await db.SaveChangesAsync(cancellationToken);
        var redirects = new Redirects();
        var comments = new List<(PreparedComment Source, Comment Comment, Dictionary<long, Comment> Thread)>();
        // Text analysis only (the analyzer is shared and stateless), so in parallel like the conversion.
        var documents = articles.AsParallel().AsOrdered().Select(a => indexer.Document(a.Article.Id, a.Article.PublishAt, a.Article.Headline, a.Article.Kicker, a.Article.Subtitle, a.Article.Body)).ToList();
        db.AddRange(documents);
        foreach (var (post, article) in articles)
        {
            var author = run.Authors.GetValueOrDefault(post.AuthorLogin);
            db.ArticleRevisions.Add(ArticleEditor.Snapshot(article, 1, new Actor(author > 0 ? author : run.FallbackAuthor, ImporterName, Roles.Admin), now));
            db.ImportedItems.Add(new ImportedItem { Site = run.Site, Kind = ImportKinds.Post, WpId = post.WpId, NashirId = article.Id });
            foreach (var path in post.OldPaths) redirects.Map(path, ArticleUrls.Path(article.Id, article.Slug));
            if (post.ThumbnailId > 0 && article.FeaturedImageUrl is null) run.PendingThumbnails.Add((article.Id, post.ThumbnailId, post.WpId, post.Source.Position));
            var thread = new Dictionary<long, Comment>();
            foreach (var source in post.Comments)
            {
                var comment = new Comment
                {
                    ArticleId = article.Id, Depth = source.Depth, AuthorName = source.Name, AuthorEmail = source.Email,
                    AuthorWebsite = source.Website, AuthorIp = source.Ip, Text = source.Text, Status = source.Status,
                    CreatedAt = source.CreatedAt, StatusChangedAt = source.CreatedAt, ContentHash = "",
                };
                thread[source.WpId] = comment;
                comments.Add((source, comment, thread));
            }
        }
        foreach (var (post, page) in pages)
        {
            db.ImportedItems.Add(new ImportedItem { Site = run.Site, Kind = ImportKinds.Page, WpId = post.WpId, NashirId = page.Id });
            foreach (var path in post.OldPaths) redirects.Map(path, StaticPage.PathOf(page.Slug));
        }
        await redirects.SaveToAsync(db, cancellationToken);

        // Comments level by level: a reply needs its parent's id, known once the level above is saved.
        var duplicates = new HashSet<string>();
        foreach (var level in comments.GroupBy(c => c.Source.Depth).OrderBy(g => g.Key))
        {
            foreach (var (source, comment, thread) in level)
            {
                comment.ParentId = source.WpParentId != 0 ? thread[source.WpParentId].Id : null;
                // The same identity as a reader's comment (duplicate detection keeps working after the import).
                comment.ContentHash = new CleanComment(comment.AuthorName, comment.AuthorEmail, comment.AuthorWebsite, comment.Text, comment.ParentId).Hash(comment.ArticleId);
                // WordPress let the same person post the same words twice in one place; both are kept.
                if (!duplicates.Add(comment.ContentHash))
                    comment.ContentHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"wordpress\n{run.Site}\n{source.WpId}")));
                db.Comments.Add(comment);
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var post in posts) Count(run, post);
    }

    private static IEnumerable<int> TermIds(Dictionary<string, int> known, PreparedPost post, string domain) =>
        post.Source.Terms.Where(t => t.Domain == domain && known.GetValueOrDefault(t.Nicename) > 0).Select(t => known[t.Nicename]).Distinct();

    /// <summary>The editor's rule: a slug names one article; a taken one gets -2, -3….</summary>
    private static async Task UniqueSlugsAsync(List<PreparedPost> posts, IQueryable<string> existing, CancellationToken cancellationToken)
    {
        if (posts.Count == 0) return;
        var wanted = posts.Select(p => p.Slug).Distinct().ToList();
        var taken = (await existing.Where(s => wanted.Contains(s)).ToListAsync(cancellationToken)).ToHashSet();
        var used = new HashSet<string>();
        foreach (var post in posts)
        {
            if (!taken.Contains(post.Slug) && used.Add(post.Slug)) continue;
            var baseSlug = post.Slug;
            var siblings = (await existing.Where(s => s.StartsWith(baseSlug + "-")).ToListAsync(cancellationToken)).ToHashSet();
            for (var n = 2; ; n++)
            {
                var candidate = $"{baseSlug}-{n}";
                if (siblings.Contains(candidate) || !used.Add(candidate)) continue;
                post.Slug = candidate;
                break;
            }
        }
    }

    private async Task AttachmentsAsync(Run run, List<WxrItem> attachments, CancellationToken cancellationToken)
    {
        var tally = run.Report["media"];
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var ids = attachments.Select(a => a.Id("wp:post_id")).ToList();
        var done = (await db.ImportedItems.Where(i => i.Site == run.Site && i.Kind == ImportKinds.Attachment && ids.Contains(i.WpId)).Select(i => i.WpId).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var attachment in attachments)
        {
            var wpId = attachment.Id("wp:post_id");
            if (done.Contains(wpId)) { tally.Existing++; continue; }
            var url = attachment.Field("wp:attachment_url").Trim();
            if (wpId <= 0 || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) { run.Report.Warn("media", wpId, attachment.Position, "مرفق بلا رابط صالح.", skipped: true); continue; }
            if (run.Request.MediaFolder is { } folder)
            {
                var relative = Uri.UnescapeDataString(uri.AbsolutePath);
                var uploads = relative.IndexOf("/wp-content/uploads/", StringComparison.Ordinal);
                relative = uploads >= 0 ? relative[(uploads + "/wp-content/uploads/".Length)..] : relative.TrimStart('/');
                var source = Path.GetFullPath(Path.Combine(folder, relative));
                if (!source.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal) || relative.Contains("..", StringComparison.Ordinal) || !File.Exists(source))
                {
                    run.Report.Warn("media", wpId, attachment.Position, $"ملف المرفق غير موجود في مجلد الوسائط: {relative} (بقي الرابط الأصلي).", skipped: true);
                }
                else
                {
                    if (!run.Request.DryRun)
                    {
                        var target = Path.Combine(ImportSetup.MediaDirectory(options.Value), relative);
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        File.Copy(source, target, overwrite: true);
                    }
                    url = ImportSetup.MediaPath + "/" + string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));
                    tally.Imported++;
                }
            }
            else tally.Imported++;
            db.ImportedItems.Add(new ImportedItem { Site = run.Site, Kind = ImportKinds.Attachment, WpId = wpId, NashirId = 0, Url = url });
        }
        if (!run.Request.DryRun) await db.SaveChangesAsync(cancellationToken);
    }

    private async Task ResolveThumbnailsAsync(Run run, CancellationToken cancellationToken)
    {
        if (run.PendingThumbnails.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        foreach (var chunk in run.PendingThumbnails.Chunk(500))
        {
            var ids = chunk.Select(p => p.AttachmentId).Distinct().ToList();
            var urls = await db.ImportedItems.Where(i => i.Site == run.Site && i.Kind == ImportKinds.Attachment && ids.Contains(i.WpId)).ToDictionaryAsync(i => i.WpId, i => i.Url, cancellationToken);
            foreach (var (articleId, attachmentId, postId, position) in chunk)
            {
                if (urls.GetValueOrDefault(attachmentId) is { } url)
                    await db.Articles.Where(a => a.Id == articleId).ExecuteUpdateAsync(a => a.SetProperty(x => x.FeaturedImageUrl, url), cancellationToken);
                else
                    run.Report.Warn("articles", postId, position, $"الصورة البارزة (المرفق #{attachmentId}) غير موجودة في التصدير.", skipped: false);
            }
        }
    }
}

using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Nashir.Web.Features.Accounts;
using Nashir.Web.Features.Articles;
using Nashir.Web.Features.Comments;
using Nashir.Web.Features.Search;
using Nashir.Web.Features.StaticPages;
using Nashir.Web.Platform.Data;
using Nashir.Web.Platform.Text;

namespace Nashir.Web.Features.Import;

/// <summary>
/// Stores a batch of converted posts in one transaction: each article with its byline, terms, first revision, search
/// document, comments, old URLs and its ImportedItems row; pages likewise. It writes articles itself rather than through
/// ArticleEditor (whose per-save queries would cap an import at a few dozen posts a second) but with the editor's pieces
/// (ArticleHtml, Slugs, the revision snapshot, ArticleIndexer's document), and writes the rows with prepared inserts
/// (<see cref="PreparedInsert"/>): about fifteen rows a post, each for a fraction of what EF Core's SaveChanges costs.
/// </summary>
internal sealed class PostBatchWriter(IServiceScopeFactory scopes, SqliteWriteGate writeGate, TimeProvider clock)
{
    public async Task WriteAsync(ImportRun run, List<PreparedPost> posts, CancellationToken cancellationToken)
    {
        if (posts.Count == 0) return;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
            var ids = posts.Select(p => p.WpId).ToList();
            var done = (await db.ImportedItems.Where(i => i.Site == run.Site && (i.Kind == ImportKinds.Post || i.Kind == ImportKinds.Page) && ids.Contains(i.WpId))
                .Select(i => i.WpId).ToListAsync(cancellationToken)).ToHashSet();
            foreach (var post in posts.Where(p => done.Contains(p.WpId))) run.Report[Tally(post)].Existing++;
            posts = posts.Where(p => !done.Contains(p.WpId)).ToList();
        }
        if (run.Request.DryRun)
        {
            foreach (var post in posts) Count(run, post);
            return;
        }
        try
        {
            await WriteAllAsync(run, posts, cancellationToken);
        }
        catch (Exception e) when (posts.Count > 1 && e is DbException or DbUpdateException)
        {
            // One item broke the batch (a database limit the checks missed): find it, keep the others.
            foreach (var post in posts)
            {
                try { await WriteAllAsync(run, [post], cancellationToken); }
                catch (Exception single) when (single is DbException or DbUpdateException)
                {
                    run.Report.Warn(Tally(post), post.WpId, post.Source.Position, "رفضته قاعدة البيانات: " + (single.InnerException ?? single).Message, skipped: true);
                }
            }
        }
    }

    private static string Tally(PreparedPost post) => post.Kind == ImportKinds.Page ? "pages" : "articles";

    private static void Count(ImportRun run, PreparedPost post)
    {
        run.Report[Tally(post)].Imported++;
        run.Report["comments"].Imported += post.Comments.Count;
    }

    private async Task WriteAllAsync(ImportRun run, List<PreparedPost> posts, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        using var gate = await writeGate.EnterAsync(db, cancellationToken);
        await using var settings = await ImportConnection.ApplyAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var articles = posts.Where(p => p.Kind == ImportKinds.Post).ToList();
        var pages = posts.Where(p => p.Kind == ImportKinds.Page).ToList();
        await UniqueSlugsAsync(articles, db.Articles.Select(a => a.Slug), cancellationToken);
        await UniqueSlugsAsync(pages, db.StaticPages.Select(p => p.Slug), cancellationToken);
        var thumbnailIds = articles.Where(p => p.ThumbnailId > 0).Select(p => p.ThumbnailId).Distinct().ToList();
        var thumbnails = thumbnailIds.Count == 0 ? [] : await db.ImportedItems
            .Where(i => i.Site == run.Site && i.Kind == ImportKinds.Attachment && thumbnailIds.Contains(i.WpId))
            .ToDictionaryAsync(i => i.WpId, i => i.Url, cancellationToken);

        var pending = new List<PendingThumbnail>();
        var sticky = new List<int>();
        var urls = new OldUrls();
        if (articles.Count > 0)
        {
            await using var rows = new ArticleRows(db);
            var hashes = new HashSet<string>();
            foreach (var post in articles)
            {
                var article = await rows.AddAsync(run, post, thumbnails.GetValueOrDefault(post.ThumbnailId), now, hashes, cancellationToken);
                foreach (var path in post.OldPaths) urls.Map(path, ArticleUrls.Path(article.Id, article.Slug));
                if (post.Sticky) sticky.Add(article.Id);
                if (post.ThumbnailId > 0 && article.FeaturedImageUrl is null) pending.Add(new PendingThumbnail(article.Id, post.ThumbnailId, post.WpId, post.Source.Position));
            }
            await rows.SaveAsync(cancellationToken);
        }
        // Pages are few (about, contact…): EF Core as everywhere else.
        var stored = pages.Select(post => (Post: post, Page: new StaticPage
        {
            Title = post.Headline, Slug = post.Slug, Body = post.Body, Published = post.Status == ArticleStatus.Published, MenuOrder = post.MenuOrder, UpdatedAt = post.UpdatedAt,
        })).ToList();
        db.StaticPages.AddRange(stored.Select(s => s.Page));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (post, page) in stored)
        {
            db.ImportedItems.Add(new ImportedItem { Site = run.Site, Kind = ImportKinds.Page, WpId = post.WpId, NashirId = page.Id });
            foreach (var path in post.OldPaths) urls.Map(path, StaticPage.PathOf(page.Slug));
        }
        await db.SaveChangesAsync(cancellationToken);
        await urls.SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var post in posts) Count(run, post);
        run.PendingThumbnails.AddRange(pending);
        run.StickyArticles.AddRange(sticky);
    }

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
            post.Slug = await Slugs.FirstFreeAsync(existing, post.Slug, used.Add, cancellationToken);
        }
    }

    /// <summary>
    /// An article and what belongs to it, for one batch's transaction. Articles and comments are inserted one by one (the
    /// next rows need their ids); the rest is kept and inserted many rows a statement by <see cref="SaveAsync"/>.
    /// </summary>
    private sealed class ArticleRows(NashirDb db) : IAsyncDisposable
    {
        private readonly PreparedInsert articles = PreparedInsert.For<Article>(db), comments = PreparedInsert.For<Comment>(db);
        private readonly List<object> bylines = [], categories = [], tags = [], revisions = [], imported = [];
        private readonly List<SearchDocument> documents = [];

        public async Task<Article> AddAsync(ImportRun run, PreparedPost post, string? featuredImageUrl, DateTime now, HashSet<string> hashes, CancellationToken cancellationToken)
        {
            var authorId = run.AuthorOf(post);
            var article = new Article
            {
                Headline = post.Headline,
                Slug = post.Slug,
                Body = post.Body,
                ExcerptIsCustom = post.ExcerptIsCustom,
                Excerpt = post.Excerpt,
                FeaturedImageUrl = featuredImageUrl,
                Status = post.Status,
                PublishAt = post.PublishAt,
                CreatedAt = post.CreatedAt,
                UpdatedAt = post.UpdatedAt,
                Version = 1,
                ReadCount = post.ReadCount,
                CommentCount = post.Comments.Count(c => c.Status == CommentStatus.Approved),
                CommentsClosed = post.CommentsClosed,
            };
            article.Id = await articles.InsertAsync(article, cancellationToken);
            bylines.Add(new ArticleAuthor { ArticleId = article.Id, UserId = authorId, Position = 0 });
            categories.AddRange(TermIds(run.Categories, post, "category").Select(id => new Dictionary<string, object> { ["ArticlesId"] = article.Id, ["CategoriesId"] = id }));
            tags.AddRange(TermIds(run.Tags, post, "post_tag").Select(id => new Dictionary<string, object> { ["ArticlesId"] = article.Id, ["TagsId"] = id }));
            revisions.Add(ArticleEditor.Snapshot(article, 1, new Actor(authorId, WordPressImport.ImporterName, Roles.Admin), now));
            imported.Add(new ImportedItem { Site = run.Site, Kind = ImportKinds.Post, WpId = post.WpId, NashirId = article.Id });
            if (post.Search is { } document)
            {
                document.ArticleId = article.Id;
                document.Recency = SearchDocument.RecencyOf(article.Id, article.PublishAt);
                documents.Add(document);
            }

            // Parents come before their replies (PreparedPost sorts them), so a reply's parent already has its id.
            var thread = new Dictionary<long, int>();
            foreach (var source in post.Comments)
            {
                var comment = new Comment
                {
                    ArticleId = article.Id, ParentId = source.WpParentId != 0 ? thread[source.WpParentId] : null, Depth = source.Depth,
                    AuthorName = source.Name, AuthorEmail = source.Email, AuthorWebsite = source.Website, AuthorIp = source.Ip,
                    Text = source.Text, Status = source.Status, CreatedAt = source.CreatedAt, StatusChangedAt = source.CreatedAt, ContentHash = "",
                };
                // The same identity as a reader's comment (duplicate detection keeps working after the import).
                comment.ContentHash = new CleanComment(comment.AuthorName, comment.AuthorEmail, comment.AuthorWebsite, comment.Text, comment.ParentId).Hash(comment.ArticleId);
                // WordPress let the same person post the same words twice in one place; both are kept.
                if (!hashes.Add(comment.ContentHash))
                    comment.ContentHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"wordpress\n{run.Site}\n{source.WpId}")));
                thread[source.WpId] = await comments.InsertAsync(comment, cancellationToken);
            }
            return article;
        }

        public async Task SaveAsync(CancellationToken cancellationToken)
        {
            var model = db.Model;
            foreach (var (type, rows) in new (IEntityType, List<object>)[]
            {
                (model.FindEntityType(typeof(ArticleAuthor))!, bylines), (model.FindEntityType("ArticleCategories")!, categories),
                (model.FindEntityType("ArticleTags")!, tags), (model.FindEntityType(typeof(ArticleRevision))!, revisions),
                (model.FindEntityType(typeof(ImportedItem))!, imported),
            })
            {
                await using var insert = PreparedInsert.For(db, type);
                await insert.InsertAllAsync(rows, cancellationToken);
            }
            // As `search rebuild` writes them: FTS5 makes one segment of the batch's documents, not one per statement.
            if (documents.Count > 0) await SearchRebuild.WriteDocumentsAsync(db, documents);
        }

        private static IEnumerable<int> TermIds(Dictionary<string, int> known, PreparedPost post, string domain) =>
            post.Source.Terms.Where(t => t.Domain == domain && known.GetValueOrDefault(t.Nicename) > 0).Select(t => known[t.Nicename]).Distinct();

        public async ValueTask DisposeAsync()
        {
            await articles.DisposeAsync();
            await comments.DisposeAsync();
        }
    }
}

/// <summary>
/// SQLite settings for the import's batch connection, put back when the batch is done (the connection returns to the
/// pool, and the site's other writes keep the defaults).
/// </summary>
internal sealed class ImportConnection(NashirDb db, long synchronous, long checkpoint, long cache) : IAsyncDisposable
{
    public static async Task<ImportConnection?> ApplyAsync(NashirDb db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite()) return null;
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var settings = new ImportConnection(db, await PragmaAsync(connection, "synchronous"), await PragmaAsync(connection, "wal_autocheckpoint"), await PragmaAsync(connection, "cache_size"));
        // - 32 MB of page cache (the default is 2 MB): the unique indexes a batch inserts into at random places (slugs,
        //   old URLs, comment hashes) and the FTS5 segments stay in memory until commit.
        // - No fsync at each commit, only at checkpoints: with WAL, a power cut can lose the last batches but never
        //   corrupts the database, and the import re-run completes them (items are matched by WordPress id).
        // - A checkpoint per 64 MB of WAL rather than per 4 MB, which a batch exceeds: a checkpoint (two fsyncs, a copy
        //   of the pages) per dozen batches, not per batch, and the index pages every batch touches are copied once.
        await ExecuteAsync(connection, "PRAGMA cache_size = -32768; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 16384;");
        return settings;
    }

    private static async Task<long> PragmaAsync(DbConnection connection, string name) =>
        Convert.ToInt64(await ExecuteAsync(connection, $"PRAGMA {name};"), CultureInfo.InvariantCulture);

    private static async Task<object?> ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteAsync(db.Database.GetDbConnection(), string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA cache_size = {cache}; PRAGMA synchronous = {synchronous}; PRAGMA wal_autocheckpoint = {checkpoint};"));
        await db.Database.CloseConnectionAsync();
    }
}

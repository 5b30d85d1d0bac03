using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Nashir.Web.Platform.Data;

namespace Nashir.Web.Features.Search;

/// <summary>
/// The provider-specific part of the search index, which EF Core cannot express: called from the
/// migration that creates SearchDocuments (one line each way, so migrations can be regenerated).
/// </summary>
public static class SearchSchema
{
    private const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    private static readonly string[] Columns = ["HeadlineExact", "HeadlineStem", "LeadExact", "LeadStem", "BodyExact", "BodyStem"];

    /// <summary>What SearchIndex holds since the SearchStemIndex migration: the stem layer only (matching needs no column filter).</summary>
    private static readonly string[] StemColumns = ["HeadlineStem", "LeadStem", "BodyStem"];

    public static void Create(MigrationBuilder migration, string? activeProvider)
    {
        ArgumentNullException.ThrowIfNull(migration);
        if (activeProvider == SqliteProvider)
        {
            CreateSqliteIndex(migration, "ArticleId", "unicode61 remove_diacritics 0");
        }
        else
        {
            // The tokens are already analyzed; 'simple' only splits them at the spaces (and lower-cases, a no-op).
            // Weights: A headline, B kicker/subtitle, C body. Only the stem layer is matched, so only it needs GIN.
            migration.Sql(Vector("StemVector", "Stem"));
            migration.Sql(Vector("ExactVector", "Exact"));
            migration.Sql("""CREATE INDEX "IX_SearchDocuments_StemVector" ON "SearchDocuments" USING GIN ("StemVector");""");
        }
    }

    public static void Drop(MigrationBuilder migration, string? activeProvider)
    {
        ArgumentNullException.ThrowIfNull(migration);
        if (activeProvider != SqliteProvider) return; // the generated columns go with the table
        DropSqliteIndex(migration);
    }

    /// <summary>
    /// Fills SearchDocuments.Recency for documents written before it existed (as SearchDocument.RecencyOf does)
    /// and, on SQLite, re-keys the FTS5 index by it, so that matches come out newest first.
    /// </summary>
    public static void KeyByRecency(MigrationBuilder migration, string? activeProvider)
    {
        ArgumentNullException.ThrowIfNull(migration);
        if (activeProvider == SqliteProvider)
        {
            migration.Sql("""
                UPDATE "SearchDocuments" SET "Recency" =
                    (max(coalesce(CAST(strftime('%s', a."PublishAt") AS INTEGER) / 60, 0), 0) << 31) | "SearchDocuments"."ArticleId"
                FROM "Articles" a WHERE a."Id" = "SearchDocuments"."ArticleId";
                """);
            RekeySqliteIndex(migration, "Recency");
            // Its live check reads Status and PublishAt, stored after the long Body: from the row, each would cost
            // the row's overflow pages; from this index, one small read.
            migration.Sql("""CREATE INDEX IF NOT EXISTS "IX_Articles_SearchLive" ON "Articles" ("Id", "Status", "PublishAt");""");
        }
        else
        {
            migration.Sql("""
                UPDATE "SearchDocuments" d SET "Recency" =
                    (greatest(coalesce(floor(extract(epoch FROM a."PublishAt") / 60), 0), 0)::bigint << 31) | d."ArticleId"
                FROM "Articles" a WHERE a."Id" = d."ArticleId";
                """);
        }
    }

    public static void UndoKeyByRecency(MigrationBuilder migration, string? activeProvider)
    {
        ArgumentNullException.ThrowIfNull(migration);
        if (activeProvider != SqliteProvider) return;
        migration.Sql("""DROP INDEX IF EXISTS "IX_Articles_SearchLive";""");
        RekeySqliteIndex(migration, "ArticleId");
    }

    private static void RekeySqliteIndex(MigrationBuilder migration, string rowid)
    {
        DropSqliteIndex(migration);
        // Our tokens are letters and digits between single spaces, already folded and lower-cased: the plain ascii
        // tokenizer (every non-ASCII character is a token character) splits them exactly as unicode61 did, for a
        // third less indexing time.
        CreateSqliteIndex(migration, rowid, "ascii");
        migration.Sql("""INSERT INTO "SearchIndex"("SearchIndex") VALUES ('rebuild');""");
    }

    /// <summary>The FTS5 index over SearchDocuments (external content: the tokens are stored once, FTS5 keeps only the inverted index), kept in step by triggers.</summary>
    private static void CreateSqliteIndex(MigrationBuilder migration, string rowid, string tokenizer, string[]? indexed = null)
    {
        var columns = indexed ?? Columns;
        // Our tokens hold only letters and digits, so the tokenizer never re-splits them.
        migration.Sql($"""
            CREATE VIRTUAL TABLE "SearchIndex" USING fts5({List(columns, "")},
                content='SearchDocuments', content_rowid='{rowid}', tokenize='{tokenizer}');
            """);
        string Insert(string row) =>
            $"""INSERT INTO "SearchIndex"(rowid, {List(columns, "")}) VALUES ({row}."{rowid}", {List(columns, row + ".")});""" + "\n";
        string Delete(string row) =>
            $"""INSERT INTO "SearchIndex"("SearchIndex", rowid, {List(columns, "")}) VALUES ('delete', {row}."{rowid}", {List(columns, row + ".")});""" + "\n";
        migration.Sql($"""
            CREATE TRIGGER "SearchDocuments_Inserted" AFTER INSERT ON "SearchDocuments" BEGIN
            {Insert("new")}END;
            """);
        migration.Sql($"""
            CREATE TRIGGER "SearchDocuments_Deleted" AFTER DELETE ON "SearchDocuments" BEGIN
            {Delete("old")}END;
            """);
        migration.Sql($"""
            CREATE TRIGGER "SearchDocuments_Updated" AFTER UPDATE ON "SearchDocuments" BEGIN
            {Delete("old")}{Insert("new")}END;
            """);
    }

    private static string List(string[] columns, string prefix) => string.Join(", ", columns.Select(c => $"{prefix}\"{c}\""));

    /// <summary>
    /// SearchIndex re-created over the stem layer only: matching needs no column filter (FTS5 cannot skip through one,
    /// so a filtered word walked all its postings, in every tier of a search), and the index is half the size. The
    /// exact layer stays in SearchDocuments, where ranking reads it; did-you-mean probes stems, as on PostgreSQL.
    /// </summary>
    public static void IndexStemsOnly(MigrationBuilder migration, string? activeProvider)
    {
        ArgumentNullException.ThrowIfNull(migration);
        if (activeProvider != SqliteProvider) return;
        DropSqliteIndex(migration);
        CreateSqliteIndex(migration, "Recency", "ascii", StemColumns);
        migration.Sql("""INSERT INTO "SearchIndex"("SearchIndex") VALUES ('rebuild');""");
        migration.Sql("""INSERT INTO "SearchIndex"("SearchIndex") VALUES ('optimize');""");
    }

    public static void UndoIndexStemsOnly(MigrationBuilder migration, string? activeProvider)
    {
        ArgumentNullException.ThrowIfNull(migration);
        if (activeProvider != SqliteProvider) return;
        RekeySqliteIndex(migration, "Recency");
    }

    private static void DropSqliteIndex(MigrationBuilder migration)
    {
        migration.Sql("""DROP TRIGGER IF EXISTS "SearchDocuments_Inserted";""");
        migration.Sql("""DROP TRIGGER IF EXISTS "SearchDocuments_Deleted";""");
        migration.Sql("""DROP TRIGGER IF EXISTS "SearchDocuments_Updated";""");
        migration.Sql("""DROP TABLE IF EXISTS "SearchIndex";""");
    }

    /// <summary>PostgreSQL's index of the stem layer that also holds each document's Recency (see ArticleSearch).</summary>
    public const string RumIndex = "IX_SearchDocuments_StemVector_Recency";

    /// <summary>
    /// PostgreSQL: the RUM index, when the server has the rum extension (Debian: postgresql-NN-rum) and we may
    /// create it. GIN hands over a common word's matches in physical order, so finding the newest 100 visits every
    /// match's row; RUM keeps Recency beside each posting and hands them over newest first. Without the extension
    /// (or the right to create it) this does nothing and searches keep using GIN. Idempotent: `search rebuild` runs
    /// it too, so a site that installs the package later gets the index.
    /// </summary>
    public const string CreateRumIndexSql = $$"""
        DO $$
        BEGIN
            IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
                CREATE EXTENSION IF NOT EXISTS rum;
                CREATE INDEX IF NOT EXISTS "{{RumIndex}}" ON "SearchDocuments"
                    USING rum ("StemVector" rum_tsvector_addon_ops, "Recency") WITH (attach = 'Recency', to = 'StemVector');
            END IF;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'rum: %; searches use the GIN index', SQLERRM;
        END $$;
        """;

    /// <summary>Whether the database has the RUM index (CreateRumIndexSql does nothing without the extension).</summary>
    public static Task<bool> HasRumIndexAsync(NashirDb db, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<bool>($"""SELECT to_regclass({'"' + RumIndex + '"'}) IS NOT NULL AS "Value" """).SingleAsync(cancellationToken);

    public static void CreateRumIndex(MigrationBuilder migration)
    {
        ArgumentNullException.ThrowIfNull(migration);
        migration.Sql(CreateRumIndexSql);
        // The live check of every match (status, publish time) from this small index, not from the article's heap
        // row beside its long body: on a large archive that row is rarely cached, a random read per match.
        migration.Sql("""CREATE INDEX IF NOT EXISTS "IX_Articles_SearchLive" ON "Articles" ("Id") INCLUDE ("Status", "PublishAt");""");
    }

    public static void DropRumIndex(MigrationBuilder migration)
    {
        ArgumentNullException.ThrowIfNull(migration);
        migration.Sql("""DROP INDEX IF EXISTS "IX_Articles_SearchLive";""");
        migration.Sql($"""DROP INDEX IF EXISTS "{RumIndex}";""");
    }

    private static string Vector(string name, string layer) => $"""
        ALTER TABLE "SearchDocuments" ADD COLUMN "{name}" tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, "Headline{layer}"), 'A') ||
            setweight(to_tsvector('simple'::regconfig, "Lead{layer}"), 'B') ||
            setweight(to_tsvector('simple'::regconfig, "Body{layer}"), 'C')) STORED;
        """;
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Nashir.Web.Platform.Hosting;

namespace Nashir.Web.Platform.Data;

public static class DatabaseSetup
{
    public static IServiceCollection AddNashirDatabase(this IServiceCollection services, NashirOptions options)
    {
        if (options.Database.Kind == DatabaseKind.Postgres)
        {
            services.AddDbContextPool<NashirDb, PostgresNashirDb>(db => UsePostgres(db, options.Database.ConnectionString!));
        }
        else
        {
            var connectionString = SqliteConnectionString(options);
            services.AddDbContextPool<NashirDb, SqliteNashirDb>(db => UseSqlite(db, connectionString));
        }
        return services;
    }

    public static string SqliteConnectionString(NashirOptions options) =>
        options.Database.ConnectionString is { Length: > 0 } configured
            ? configured
            : new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(options.DataDirectoryPath, "nashir.db"),
                // Waits this long on a locked database instead of failing at once.
                DefaultTimeout = 30,
            }.ToString();

    internal static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder db, string connectionString) =>
        db.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(NashirDb).Assembly.FullName))
          .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
          .AddInterceptors(SqliteMemoryMap.Instance);

    internal static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder db, string connectionString) =>
        db.UseNpgsql(connectionString)
          .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);

    /// <summary>Applies pending migrations; turns on WAL for SQLite so readers never wait for the writer.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NashirDb>();
        if (db.Database.IsSqlite())
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory) Directory.CreateDirectory(directory);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        await db.Database.MigrateAsync(cancellationToken);
        // Fresh statistics let SQLite's planner pick the listing index over a sort (cheap: it analyses only what changed).
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA optimize;", cancellationToken);
    }
}

/// <summary>
/// Reads the database file through a memory map on every connection: each pooled connection otherwise copies pages
/// into its own 2 MB cache, so under concurrent requests the same index pages are read (a system call and a copy
/// each) once per connection and evicted again. The map is shared by all connections and costs no memory of its own.
/// </summary>
internal sealed class SqliteMemoryMap : DbConnectionInterceptor
{
    public static readonly SqliteMemoryMap Instance = new();

    // SQLite's default compile-time ceiling (SQLITE_MAX_MMAP_SIZE); larger values are cut to it anyway.
    private const string Pragma = "PRAGMA mmap_size = 2147418112;";

    public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData) => Map(connection);

    public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Map(connection);
        return Task.CompletedTask;
    }

    // Microsoft.Data.Sqlite runs commands synchronously whatever the API, so there is nothing to await.
    private static void Map(System.Data.Common.DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }
}

/// <summary>Lets `dotnet ef migrations add X --context SqliteNashirDb` build the model without the app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteNashirDb>
{
    public SqliteNashirDb CreateDbContext(string[] args) =>
        new((DbContextOptions<SqliteNashirDb>)DatabaseSetup.UseSqlite(new DbContextOptionsBuilder<SqliteNashirDb>(), "Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresNashirDb>
{
    public PostgresNashirDb CreateDbContext(string[] args) =>
        new((DbContextOptions<PostgresNashirDb>)DatabaseSetup.UsePostgres(new DbContextOptionsBuilder<PostgresNashirDb>(), "Host=localhost").Options);
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
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
          .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);

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
        // A migration may build an index over the whole archive (minutes on a million articles), not 30 s.
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.MigrateAsync(cancellationToken);
        // Fresh statistics let SQLite's planner pick the listing index over a sort (cheap: it analyses only what changed).
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA optimize;", cancellationToken);
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

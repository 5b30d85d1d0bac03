using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Nashir.Web.Platform.Data;

/// <summary>
/// INSERT statements for many rows of an entity type, prepared once and run in the context's open transaction. For bulk
/// writers (the WordPress import): EF Core's SaveChanges tracks every entity, sorts the commands and sends new SQL text
/// each time, which SQLite must parse again — per row, several times what inserting the row costs. Table, columns and
/// value conversions come from the EF model, so it writes what SaveChanges would, on every provider.
/// </summary>
public sealed class PreparedInsert : IAsyncDisposable
{
    /// <summary>
    /// Rows per statement for <see cref="InsertAllAsync"/> on PostgreSQL: a round trip for many rows. 50 rows of the
    /// widest imported table stay far below its parameter limit.
    /// </summary>
    private const int RowsPerStatement = 50;

    /// <summary>
    /// On SQLite (in-process: a statement costs no round trip) a statement binds at most about this many values.
    /// Microsoft.Data.Sqlite binds each parameter by name, and SQLite finds a name by a linear search through the
    /// statement's names: binding is quadratic in a statement's parameters. At 50 rows a statement it was a quarter
    /// of the import's storing thread (strncmp in sqlite3VListNameToNum); single rows would cost a statement each.
    /// </summary>
    private const int SqliteParametersPerStatement = 48;

    private readonly NashirDb db;
    private readonly Column[] columns;
    private readonly string insertInto, suffix;
    private readonly IProperty? generatedKey;
    private readonly int rowsPerStatement;
    private readonly Dictionary<int, DbCommand> commands = [];

    private sealed record Column(string Name, Func<object, object?> Read, ValueConverter? Converter, RelationalTypeMapping Mapping, bool Nullable);

    private PreparedInsert(NashirDb db, Column[] columns, string insertInto, string suffix, IProperty? generatedKey)
    {
        this.db = db;
        this.columns = columns;
        this.insertInto = insertInto;
        this.suffix = suffix;
        this.generatedKey = generatedKey;
        rowsPerStatement = db.Database.IsSqlite() ? Math.Max(1, SqliteParametersPerStatement / columns.Length) : RowsPerStatement;
    }

    /// <summary>
    /// Every mapped column of <paramref name="entityType"/> except a database-generated key, which the insert returns.
    /// With <paramref name="skipExisting"/> a row whose key or unique value is taken is left out (ON CONFLICT DO NOTHING,
    /// the same words in SQLite and PostgreSQL) instead of failing the transaction.
    /// </summary>
    public static PreparedInsert For(NashirDb db, IEntityType entityType, bool skipExisting = false)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entityType);
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var generatedKey = entityType.FindPrimaryKey() is { Properties: [{ ValueGenerated: ValueGenerated.OnAdd } key] } ? key : null;
        var columns = new List<Column>();
        foreach (var property in entityType.GetProperties().Where(p => p != generatedKey))
        {
            if (property.IsShadowProperty()) throw new InvalidOperationException($"{entityType.DisplayName()}.{property.Name} is a shadow property: PreparedInsert reads values from the entity.");
            var mapping = property.GetRelationalTypeMapping();
            columns.Add(new Column(sql.DelimitIdentifier(property.GetColumnName(table)!), property.GetGetter().GetClrValueUsingContainingEntity, mapping.Converter, mapping, property.IsNullable));
        }
        var insertInto = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ";
        var suffix = (skipExisting ? " ON CONFLICT DO NOTHING" : "") + (generatedKey is null ? "" : $" RETURNING {sql.DelimitIdentifier(generatedKey.GetColumnName(table)!)}");
        return new PreparedInsert(db, [.. columns], insertInto, suffix, generatedKey);
    }

    public static PreparedInsert For<TEntity>(NashirDb db, bool skipExisting = false) =>
        For(db, db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity)} is not mapped."), skipExisting);

    /// <summary>Inserts one row; returns its generated key (0 when the type has none, or when a skipped row was not written).</summary>
    public async Task<int> InsertAsync(object entity, CancellationToken cancellationToken)
    {
        var command = await CommandAsync(1, cancellationToken);
        Bind(command, 0, entity);
        if (generatedKey is null)
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return 0;
        }
        return await command.ExecuteScalarAsync(cancellationToken) is { } key and not DBNull ? Convert.ToInt32(key, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>Inserts the rows several at a time (their generated keys are not returned).</summary>
    public async Task InsertAllAsync(IReadOnlyCollection<object> entities, CancellationToken cancellationToken)
    {
        foreach (var chunk in entities.Chunk(rowsPerStatement))
        {
            var command = await CommandAsync(chunk.Length, cancellationToken);
            for (var row = 0; row < chunk.Length; row++) Bind(command, row, chunk[row]);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private void Bind(DbCommand command, int row, object entity)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            var (_, read, converter, _, _) = columns[i];
            var value = read(entity);
            if (value is not null && converter is not null) value = converter.ConvertToProvider(value);
            command.Parameters[row * columns.Length + i].Value = value ?? DBNull.Value;
        }
    }

    /// <summary>The statement for this many rows, prepared at its first use (a batch needs at most two: full chunks and the rest).</summary>
    private async Task<DbCommand> CommandAsync(int rows, CancellationToken cancellationToken)
    {
        if (commands.TryGetValue(rows, out var prepared)) return prepared;
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("PreparedInsert writes inside the caller's transaction.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        var values = new List<string>(rows);
        for (var row = 0; row < rows; row++)
        {
            var placeholders = new List<string>(columns.Length);
            foreach (var column in columns)
            {
                var parameter = column.Mapping.CreateParameter(command, "p" + command.Parameters.Count, null, column.Nullable);
                command.Parameters.Add(parameter);
                placeholders.Add(sql.GenerateParameterNamePlaceholder(parameter.ParameterName));
            }
            values.Add($"({string.Join(", ", placeholders)})");
        }
        command.CommandText = insertInto + string.Join(", ", values) + suffix;
        await command.PrepareAsync(cancellationToken);
        commands[rows] = command;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in commands.Values) await command.DisposeAsync();
    }
}

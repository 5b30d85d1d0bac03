using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Nashir.Web.Platform.Data;

/// <summary>
/// One INSERT for many rows of an entity type, prepared once and run row by row in the context's open transaction.
/// For bulk writers (the WordPress import): EF Core's SaveChanges tracks every entity, sorts the commands and sends
/// new SQL text each time, which SQLite must parse again — per row, several times what inserting the row costs.
/// Table, columns and value conversions come from the EF model, so it writes what SaveChanges would, on every provider.
/// </summary>
public sealed class PreparedInsert : IAsyncDisposable
{
    private readonly DbCommand command;
    private readonly (IPropertyBase Property, Func<object, object?> Read, ValueConverter? Converter, DbParameter Parameter)[] columns;
    private readonly bool returnsKey;

    private PreparedInsert(DbCommand command, (IPropertyBase, Func<object, object?>, ValueConverter?, DbParameter)[] columns, bool returnsKey)
    {
        this.command = command;
        this.columns = columns;
        this.returnsKey = returnsKey;
    }

    /// <summary>
    /// Every mapped column of <paramref name="entityType"/> except a database-generated key, which the insert returns.
    /// With <paramref name="skipExisting"/> a row whose key or unique value is taken is left out (ON CONFLICT DO NOTHING,
    /// the same words in SQLite and PostgreSQL) instead of failing the transaction.
    /// </summary>
    public static async Task<PreparedInsert> CreateAsync(NashirDb db, IEntityType entityType, bool skipExisting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entityType);
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("PreparedInsert writes inside the caller's transaction.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var generatedKey = entityType.FindPrimaryKey() is { Properties: [{ ValueGenerated: ValueGenerated.OnAdd } key] } ? key : null;

        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        var columns = new List<(IPropertyBase, Func<object, object?>, ValueConverter?, DbParameter)>();
        foreach (var property in entityType.GetProperties().Where(p => p != generatedKey))
        {
            if (property.IsShadowProperty()) throw new InvalidOperationException($"{entityType.DisplayName()}.{property.Name} is a shadow property: PreparedInsert reads values from the entity.");
            var mapping = property.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(command, "p" + columns.Count, null, property.IsNullable);
            command.Parameters.Add(parameter);
            var getter = property.GetGetter();
            columns.Add((property, getter.GetClrValueUsingContainingEntity, mapping.Converter, parameter));
        }
        var names = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(((IProperty)c.Item1).GetColumnName(table)!)));
        var values = string.Join(", ", columns.Select(c => sql.GenerateParameterNamePlaceholder(c.Item4.ParameterName)));
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) VALUES ({values})"
            + (skipExisting ? " ON CONFLICT DO NOTHING" : "")
            + (generatedKey is null ? "" : $" RETURNING {sql.DelimitIdentifier(generatedKey.GetColumnName(table)!)}");
        await command.PrepareAsync(cancellationToken);
        return new PreparedInsert(command, [.. columns], generatedKey is not null);
    }

    public static Task<PreparedInsert> CreateAsync<TEntity>(NashirDb db, bool skipExisting, CancellationToken cancellationToken) =>
        CreateAsync(db, db.Model.FindEntityType(typeof(TEntity)) ?? throw new InvalidOperationException($"{typeof(TEntity)} is not mapped."), skipExisting, cancellationToken);

    /// <summary>Inserts one row; returns its generated key (0 when the type has none, or when a skipped row was not written).</summary>
    public async Task<int> InsertAsync(object entity, CancellationToken cancellationToken)
    {
        foreach (var (_, read, converter, parameter) in columns)
        {
            var value = read(entity);
            if (value is not null && converter is not null) value = converter.ConvertToProvider(value);
            parameter.Value = value ?? DBNull.Value;
        }
        if (!returnsKey)
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return 0;
        }
        return await command.ExecuteScalarAsync(cancellationToken) is { } key and not DBNull ? Convert.ToInt32(key, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();
}

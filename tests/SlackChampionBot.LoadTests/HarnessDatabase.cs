using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SlackChampionBot.LoadTests;

/// <summary>
/// The database a harness run points the bot at: a SQLite file (the default) or a fresh PostgreSQL database made on a
/// server for this run and dropped after it (<c>--postgres</c>, and the multi-instance test). Gives the bot's settings
/// for it and a read-only connection for the inbox audit.
/// </summary>
internal abstract class HarnessDatabase : IAsyncDisposable
{
    /// <summary>The bot's settings for this database (environment variable names, as BotProcess passes them).</summary>
    public abstract IReadOnlyDictionary<string, string?> BotSettings { get; }

    /// <summary>What the run prints about where the bot's data was.</summary>
    public abstract string Description { get; }

    /// <summary>A connection for reading what the bot wrote (the audit's own, beside the bot's writers).</summary>
    public abstract DbConnection OpenReader();

    /// <summary>
    /// <c>column &gt;= @from AND column &lt; @to</c> in ordinal (byte) order on both providers: PostgreSQL's default
    /// collation may sort punctuation and digits otherwise, and the audit's ranges rely on id order being number order.
    /// </summary>
    public abstract string OrdinalRange(string column);

    public abstract ValueTask DisposeAsync();

    public static HarnessDatabase Sqlite(string path) => new SqliteDatabase(path);

    /// <summary>Creates an empty database on the server <paramref name="serverConnectionString"/> names (no Database key needed).</summary>
    public static async Task<HarnessDatabase> CreatePostgres(string serverConnectionString, string namePrefix = "championbot_load")
    {
        var server = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = "postgres", Pooling = false };
        var name = $"{namePrefix}_{Guid.NewGuid():N}"[..Math.Min(63, namePrefix.Length + 33)];
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new PostgresDatabase(server, name);
    }

    private sealed class SqliteDatabase(string path) : HarnessDatabase
    {
        public override IReadOnlyDictionary<string, string?> BotSettings { get; } = new Dictionary<string, string?>
        {
            ["CONNECTIONSTRINGS__CHAMPIONBOT"] = $"Data Source={path}",
        };

        public override string Description => "SQLite file";

        public override DbConnection OpenReader()
        {
            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            return connection;
        }

        public override string OrdinalRange(string column) => $"{column} >= @from AND {column} < @to";

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresDatabase(NpgsqlConnectionStringBuilder server, string name) : HarnessDatabase
    {
        private readonly string _connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name, Pooling = true }.ConnectionString;

        public override IReadOnlyDictionary<string, string?> BotSettings => new Dictionary<string, string?>
        {
            ["DATABASE__PROVIDER"] = "Postgres",
            ["CONNECTIONSTRINGS__CHAMPIONBOT"] = _connectionString,
        };

        public override string Description => $"PostgreSQL database {name} on {server.Host}:{server.Port}";

        public override DbConnection OpenReader()
        {
            var connection = new NpgsqlConnection(_connectionString);
            connection.Open();
            return connection;
        }

        public override string OrdinalRange(string column) => $"{column} COLLATE \"C\" >= @from AND {column} COLLATE \"C\" < @to";

        /// <summary>Drops the database, closing whatever is still connected to it (a killed bot's leftovers).</summary>
        public override async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
